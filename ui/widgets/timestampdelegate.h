// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace flashback {

/// Shows QDateTime values (the models' time columns, in UTC) in the window's one format, local or UTC.
class TimestampDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit TimestampDelegate(QObject* parent = nullptr);
    void setUtc(bool utc) { m_utc = utc; }
    QString displayText(const QVariant& value, const QLocale& locale) const override;

private:
    bool m_utc = false;
};

} // namespace flashback
