// SPDX-License-Identifier: GPL-3.0-or-later
#include "timestampdelegate.h"

#include "models/timeformat.h"

#include <QDateTime>

namespace flashback {

TimestampDelegate::TimestampDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{ }

QString TimestampDelegate::displayText(const QVariant& value, const QLocale& locale) const
{
    if (value.metaType().id() == QMetaType::QDateTime)
        return formatTime(value.toDateTime(), m_utc);
    return QStyledItemDelegate::displayText(value, locale);
}

} // namespace flashback
