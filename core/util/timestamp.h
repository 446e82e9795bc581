// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

#include <compare>
#include <optional>

namespace flashback {

/// A UTC instant with microsecond precision (QDateTime stops at milliseconds).
/// Stored as microseconds since the Unix epoch; printed as ISO-8601 with six fractional digits and 'Z'.
class Timestamp {
public:
    constexpr Timestamp() = default;
    static constexpr Timestamp fromMicros(qint64 micros) { return Timestamp(micros); }
    static Timestamp now();
    static Timestamp fromDateTime(const QDateTime& dateTime);

    /// Parses "2025-03-17T15:47:23.123456Z", offsets such as "+02:00", a space instead of 'T',
    /// seconds or fraction omitted, or a bare date (midnight). A time without an offset is UTC.
    static std::optional<Timestamp> parse(QStringView text);

    constexpr qint64 micros() const { return m_micros; }
    QString toIso() const;
    QDateTime toDateTime() const;

    Timestamp addMicros(qint64 micros) const { return Timestamp(m_micros + micros); }
    Timestamp addSecs(qint64 secs) const { return Timestamp(m_micros + secs * 1000000); }

    constexpr auto operator<=>(const Timestamp&) const = default;

private:
    constexpr explicit Timestamp(qint64 micros)
        : m_micros(micros)
    { }
    qint64 m_micros = 0;
};

} // namespace flashback
