// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeformat.h"

#include <QDateTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QDateTime inZone(qint64 micros, bool utc)
{
    const qint64 millis = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(millis, Qt::UTC);
    return utc ? time : time.toLocalTime();
}

} // namespace

QString formatTime(qint64 microsSinceEpoch, bool utc)
{
    return formatTime(inZone(microsSinceEpoch, true), utc);
}

QString formatTime(const QDateTime& time, bool utc)
{
    if (!time.isValid())
        return {};
    const QDateTime shown = utc ? time.toUTC() : time.toLocalTime();
    return shown.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + (utc ? u"Z"_s : QString());
}

QString formatTimeExact(qint64 microsSinceEpoch, bool utc)
{
    const QDateTime time = inZone(microsSinceEpoch, utc);
    const qint64 fraction = ((microsSinceEpoch % 1000000) + 1000000) % 1000000;
    QString text = time.toString(u"yyyy-MM-dd HH:mm:ss"_s) + u'.' + u"%1"_s.arg(fraction, 6, 10, QChar(u'0'));
    if (utc)
        return text + u'Z';
    const int offset = time.offsetFromUtc();
    const QChar sign = offset < 0 ? u'-' : u'+';
    const int minutes = std::abs(offset) / 60;
    return text + u' ' + sign + u"%1:%2"_s.arg(minutes / 60, 2, 10, QChar(u'0')).arg(minutes % 60, 2, 10, QChar(u'0'));
}

} // namespace flashback
