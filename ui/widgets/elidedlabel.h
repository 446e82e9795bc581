// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLabel>

namespace flashback {

/// One line of plain or rich text that gives way in a narrow pane: elided in the middle (both ends of an id
/// stay readable) with the whole text as its tooltip, instead of pushing the controls beside it out of view.
class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    /// The whole text: `plain` is what is elided; `rich`, when given, is shown while the whole text fits.
    void setFullText(const QString& plain, const QString& rich = {});
    QString fullText() const { return m_plain; }
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void elide();

    QString m_plain;
    QString m_rich;
};

} // namespace flashback
