// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QFrame>

class QLabel;
class QToolButton;

namespace flashback {

/// A non-modal message strip at the top of the window (in the spirit of KDE's KMessageWidget): one sentence in
/// plain words, an optional action ("Retry"), the stable error code and the detail one click away, and a close
/// button. It never takes the focus away from the user's work.
class MessageBar : public QFrame {
    Q_OBJECT
public:
    enum class Level { Information, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Level level, const QString& text, const QString& details = {});
    void showError(const Error& error);
    /// Adds a button that runs `action` and closes the bar; replaced by the next message.
    void setAction(const QString& text, std::function<void()> action);
    void dismiss();
    QString text() const;
    Level level() const { return m_level; }

Q_SIGNALS:
    void dismissed();

private:
    void applyLevel();

    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_details = nullptr;
    QToolButton* m_detailsButton = nullptr;
    QToolButton* m_actionButton = nullptr;
    QToolButton* m_closeButton = nullptr;
    std::function<void()> m_action;
    Level m_level = Level::Information;
};

} // namespace flashback
