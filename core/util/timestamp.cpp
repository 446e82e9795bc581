// SPDX-License-Identifier: GPL-3.0-or-later
#include "timestamp.h"

#include <QRegularExpression>
#include <QTimeZone>

#include <chrono>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
constexpr qint64 MicrosPerMilli = 1000;
constexpr qint64 MicrosPerSecond = 1000000;

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}
} // namespace

Timestamp Timestamp::now()
{
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return Timestamp(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
}

Timestamp Timestamp::fromDateTime(const QDateTime& dateTime)
{
    return Timestamp(dateTime.toMSecsSinceEpoch() * MicrosPerMilli);
}

std::optional<Timestamp> Timestamp::parse(QStringView text)
{
    static const QRegularExpression pattern(
        uR"(^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$)"_s);
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;

    const QDate date(match.capturedView(1).toInt(), match.capturedView(2).toInt(), match.capturedView(3).toInt());
    const int hour = match.capturedView(4).isEmpty() ? 0 : match.capturedView(4).toInt();
    const int minute = match.capturedView(5).isEmpty() ? 0 : match.capturedView(5).toInt();
    const int second = match.capturedView(6).isEmpty() ? 0 : match.capturedView(6).toInt();
    const QTime time(hour, minute, second);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;

    qint64 fractionMicros = 0;
    if (const auto fraction = match.capturedView(7); !fraction.isEmpty()) {
        QString digits = fraction.left(6).toString();
        while (digits.size() < 6)
            digits.append(u'0');
        fractionMicros = digits.toLongLong();
    }

    qint64 offsetSeconds = 0;
    if (const auto zone = match.capturedView(8); !zone.isEmpty() && zone != u"Z" && zone != u"z") {
        const int sign = zone.front() == u'-' ? -1 : 1;
        const auto digits = zone.mid(1).toString().remove(u':');
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
        if (hours > 23 || minutes > 59)
            return std::nullopt;
        offsetSeconds = sign * (hours * 3600 + minutes * 60);
    }

    const QDateTime utc(date, time, QTimeZone::utc());
    const qint64 micros = utc.toMSecsSinceEpoch() * MicrosPerMilli + fractionMicros - offsetSeconds * MicrosPerSecond;
    return Timestamp(micros);
}

QString Timestamp::toIso() const
{
    const qint64 seconds = floorDiv(m_micros, MicrosPerSecond);
    const qint64 fraction = m_micros - seconds * MicrosPerSecond;
    const QDateTime dateTime = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
    return dateTime.toString(u"yyyy-MM-ddTHH:mm:ss"_s) % u'.' % QString::number(fraction).rightJustified(6, u'0')
        % u'Z';
}

QDateTime Timestamp::toDateTime() const
{
    return QDateTime::fromMSecsSinceEpoch(floorDiv(m_micros, MicrosPerMilli), QTimeZone::utc());
}

} // namespace flashback
