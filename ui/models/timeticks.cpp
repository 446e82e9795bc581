// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeticks.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

using Unit = TimeTicks::Unit;
using Step = TimeTicks::Step;

constexpr qint64 Milli = 1000;
constexpr qint64 Second = 1000 * Milli;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

struct Level {
    Step major;
    Step minor;
};

// Finest first: 1-2-5 steps up to seconds, then the clock's and the calendar's own. Each minor step divides its
// major step, so minor ticks fall between labels evenly.
constexpr Level Ladder[] = {
    {{Unit::Microsecond, 10}, {Unit::Microsecond, 2}},
    {{Unit::Microsecond, 50}, {Unit::Microsecond, 10}},
    {{Unit::Microsecond, 100}, {Unit::Microsecond, 20}},
    {{Unit::Microsecond, 500}, {Unit::Microsecond, 100}},
    {{Unit::Millisecond, 1}, {Unit::Microsecond, 200}},
    {{Unit::Millisecond, 2}, {Unit::Microsecond, 500}},
    {{Unit::Millisecond, 5}, {Unit::Millisecond, 1}},
    {{Unit::Millisecond, 10}, {Unit::Millisecond, 2}},
    {{Unit::Millisecond, 20}, {Unit::Millisecond, 5}},
    {{Unit::Millisecond, 50}, {Unit::Millisecond, 10}},
    {{Unit::Millisecond, 100}, {Unit::Millisecond, 20}},
    {{Unit::Millisecond, 200}, {Unit::Millisecond, 50}},
    {{Unit::Millisecond, 500}, {Unit::Millisecond, 100}},
    {{Unit::Second, 1}, {Unit::Millisecond, 200}},
    {{Unit::Second, 2}, {Unit::Millisecond, 500}},
    {{Unit::Second, 5}, {Unit::Second, 1}},
    {{Unit::Second, 10}, {Unit::Second, 2}},
    {{Unit::Second, 30}, {Unit::Second, 5}},
    {{Unit::Minute, 1}, {Unit::Second, 10}},
    {{Unit::Minute, 5}, {Unit::Minute, 1}},
    {{Unit::Minute, 15}, {Unit::Minute, 5}},
    {{Unit::Minute, 30}, {Unit::Minute, 5}},
    {{Unit::Hour, 1}, {Unit::Minute, 15}},
    {{Unit::Hour, 3}, {Unit::Hour, 1}},
    {{Unit::Hour, 6}, {Unit::Hour, 1}},
    {{Unit::Hour, 12}, {Unit::Hour, 3}},
    {{Unit::Day, 1}, {Unit::Hour, 6}},
    {{Unit::Day, 2}, {Unit::Day, 1}},
    {{Unit::Week, 1}, {Unit::Day, 1}},
    {{Unit::Month, 1}, {Unit::Day, 1}},
    {{Unit::Month, 3}, {Unit::Month, 1}},
    {{Unit::Month, 6}, {Unit::Month, 1}},
    {{Unit::Year, 1}, {Unit::Month, 3}},
    {{Unit::Year, 2}, {Unit::Year, 1}},
    {{Unit::Year, 5}, {Unit::Year, 1}},
    {{Unit::Year, 10}, {Unit::Year, 2}},
    {{Unit::Year, 20}, {Unit::Year, 5}},
    {{Unit::Year, 50}, {Unit::Year, 10}},
    {{Unit::Year, 100}, {Unit::Year, 20}},
};

// Microseconds of one step; months and years at their average length, which is all the spacing test needs.
double nominalMicros(Step step)
{
    double unit = 1;
    switch (step.unit) {
    case Unit::Microsecond:
    case Unit::Revision:
        unit = 1;
        break;
    case Unit::Millisecond:
        unit = Milli;
        break;
    case Unit::Second:
        unit = Second;
        break;
    case Unit::Minute:
        unit = Minute;
        break;
    case Unit::Hour:
        unit = Hour;
        break;
    case Unit::Day:
        unit = Day;
        break;
    case Unit::Week:
        unit = 7.0 * Day;
        break;
    case Unit::Month:
        unit = 30.436875 * Day;
        break;
    case Unit::Year:
        unit = 365.2425 * Day;
        break;
    }
    return unit * double(step.count);
}

bool isFixedLength(Unit unit)
{
    return unit <= Unit::Hour;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

qint64 ceilTo(qint64 value, qint64 step)
{
    return -floorDiv(-value, step) * step;
}

// Calendar arithmetic in one zone. UTC skips QTimeZone entirely, which also keeps UTC ticks cheap.
class Zone {
public:
    explicit Zone(const QTimeZone& zone)
        : m_zone(zone.isValid() ? zone : QTimeZone::utc())
        , m_utc(m_zone == QTimeZone::utc() || m_zone.id() == "UTC")
    { }

    qint64 offsetMicros(qint64 t) const
    {
        if (m_utc)
            return 0;
        return qint64(m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(floorDiv(t, Milli), QTimeZone::utc())))
            * Second;
    }
    QDateTime dateTime(qint64 t) const { return QDateTime::fromMSecsSinceEpoch(floorDiv(t, Milli), m_zone); }
    qint64 startOf(QDate date) const { return date.startOfDay(m_zone).toMSecsSinceEpoch() * Milli; }

private:
    QTimeZone m_zone;
    bool m_utc;
};

// The instants of `step` within [lo, hi], aligned to the zone's wall clock ("every 15 minutes" means :00, :15,
// … local time, also in zones half an hour off UTC).
std::vector<qint64> instants(Step step, qint64 lo, qint64 hi, const Zone& zone)
{
    std::vector<qint64> out;
    if (hi < lo)
        return out;
    if (isFixedLength(step.unit)) {
        const auto length = qint64(nominalMicros(step));
        qint64 offset = zone.offsetMicros(lo);
        qint64 t = ceilTo(lo + offset, length) - offset;
        qint64 last = std::numeric_limits<qint64>::min();
        // The guard only matters if a zone's offset changed on every step; nothing real does.
        for (int guard = 0; t <= hi && guard < 100000; ++guard) {
            offset = zone.offsetMicros(t);
            if (floorDiv(t + offset, length) * length != t + offset) {
                // A daylight-saving change moved the wall clock: realign to the new offset.
                qint64 aligned = ceilTo(t + offset, length) - offset;
                t = aligned <= last ? aligned + length : aligned;
                continue;
            }
            if (t >= lo)
                out.push_back(t);
            last = t;
            t += length;
        }
        return out;
    }
    const QDate first = zone.dateTime(lo).date();
    QDate date;
    auto aligned = [&](QDate d) {
        switch (step.unit) {
        case Unit::Day:
            return (d.day() - 1) % step.count == 0;
        case Unit::Week:
            return d.dayOfWeek() == Qt::Monday;
        case Unit::Month:
            return (d.month() - 1) % step.count == 0;
        default:
            return ((d.year() % step.count) + step.count) % step.count == 0;
        }
    };
    auto next = [&](QDate d) {
        switch (step.unit) {
        case Unit::Day:
            return d.addDays(1);
        case Unit::Week:
            return d.addDays(7);
        case Unit::Month:
            return d.addMonths(1);
        default:
            return d.addYears(1);
        }
    };
    switch (step.unit) {
    case Unit::Week:
        date = first.addDays(Qt::Monday - first.dayOfWeek());
        break;
    case Unit::Month:
        date = QDate(first.year(), first.month(), 1);
        break;
    case Unit::Year:
        date = QDate(first.year(), 1, 1);
        break;
    default:
        date = first;
    }
    for (; date.isValid(); date = next(date)) {
        const qint64 t = zone.startOf(date);
        if (t > hi)
            break;
        if (t >= lo && aligned(date))
            out.push_back(t);
    }
    return out;
}

// Characters of a tick label of `unit` (see tickLabel).
int labelLength(Unit unit)
{
    switch (unit) {
    case Unit::Microsecond:
        return 9;
    case Unit::Millisecond:
    case Unit::Day:
    case Unit::Week:
        return 6;
    case Unit::Second:
        return 8;
    case Unit::Minute:
    case Unit::Hour:
        return 5;
    case Unit::Month:
        return 3;
    default:
        return 4;
    }
}

QString tickLabel(Unit unit, qint64 t, const Zone& zone)
{
    const QDateTime dt = zone.dateTime(t);
    switch (unit) {
    case Unit::Microsecond:
        return dt.toString(u"ss.zzz"_s) + u"%1"_s.arg(t - floorDiv(t, Milli) * Milli, 3, 10, QLatin1Char('0'));
    case Unit::Millisecond:
        return dt.toString(u"ss.zzz"_s);
    case Unit::Second:
        return dt.toString(u"HH:mm:ss"_s);
    case Unit::Minute:
    case Unit::Hour:
        return dt.toString(u"HH:mm"_s);
    case Unit::Day:
    case Unit::Week:
        return dt.toString(u"MMM d"_s);
    case Unit::Month:
        return dt.toString(u"MMM"_s);
    default:
        return dt.toString(u"yyyy"_s);
    }
}

} // namespace

TimeTicks::TimeTicks(const TimeScale& scale, const Options& options)
{
    if (scale.axis() == TimeScale::Axis::Revision)
        makeRevisionTicks(scale, options);
    else
        makeTimeTicks(scale, options);
}

void TimeTicks::makeTimeTicks(const TimeScale& scale, const Options& options)
{
    const Zone zone(options.zone);
    const double upp = scale.unitsPerPixel();
    const Level* level = std::find_if(std::begin(Ladder), std::end(Ladder), [&](const Level& l) {
        const double spacing = std::max(options.minLabelSpacing, options.charWidth * (labelLength(l.major.unit) + 2));
        return nominalMicros(l.major) / upp >= spacing;
    });
    if (level == std::end(Ladder))
        level = std::end(Ladder) - 1;
    m_step = level->major;

    const auto lo = qint64(std::ceil(scale.from()));
    const auto hi = qint64(std::floor(scale.to()));
    const std::vector<qint64> majors = instants(m_step, lo, hi, zone);
    std::vector<qint64> minors;
    if (nominalMicros(level->minor) / upp >= options.minMinorSpacing) {
        m_minorStep = level->minor;
        minors = instants(m_minorStep, lo, hi, zone);
    } else {
        m_minorStep = m_step;
    }

    // Merge the two increasing lists, a minor tick under a major one giving way to it.
    m_ticks.reserve(majors.size() + minors.size());
    auto major = majors.begin();
    for (auto minor = minors.begin(); major != majors.end() || minor != minors.end();) {
        if (minor == minors.end() || (major != majors.end() && *major <= *minor)) {
            if (minor != minors.end() && *minor == *major)
                ++minor;
            m_ticks.push_back(
                {double(*major), scale.toPixel(double(*major)), tickLabel(m_step.unit, *major, zone), true});
            ++major;
        } else {
            m_ticks.push_back({double(*minor), scale.toPixel(double(*minor)), QString(), false});
            ++minor;
        }
    }

    // The upper row names what the tick labels leave out.
    Step contextStep;
    QString format;
    if (m_step.unit <= Unit::Millisecond) {
        contextStep = {Unit::Minute, 1};
        format = u"yyyy-MM-dd HH:mm"_s;
    } else if (m_step.unit <= Unit::Hour) {
        contextStep = {Unit::Day, 1};
        format = u"yyyy-MM-dd"_s;
    } else if (m_step.unit <= Unit::Month) {
        contextStep = {Unit::Year, 1};
        format = u"yyyy"_s;
    } else {
        return;
    }
    const std::vector<qint64> boundaries = instants(contextStep, lo, hi, zone);
    // The label for the unit the view starts in, unless a boundary label comes so soon that they would overlap.
    if (boundaries.empty() || scale.toPixel(double(boundaries.front())) >= options.minLabelSpacing)
        m_context.push_back({0, zone.dateTime(lo).toString(format)});
    for (const qint64 t : boundaries)
        m_context.push_back({scale.toPixel(double(t)), zone.dateTime(t).toString(format)});
}

void TimeTicks::makeRevisionTicks(const TimeScale& scale, const Options& options)
{
    // The smallest of 1, 2, 5 × 10^n whose labels keep their distance; revisions are whole numbers.
    const int digits = int(QString::number(qint64(std::max(1.0, std::abs(scale.to())))).size());
    const double spacing = std::max(options.minLabelSpacing, options.charWidth * (digits + 2));
    const double wanted = std::max(1.0, spacing * scale.unitsPerPixel());
    qint64 step = 1;
    qint64 minor = 1;
    for (qint64 decade = 1; decade <= qint64(1e15); decade *= 10) {
        if (double(decade) >= wanted) {
            step = decade;
            minor = decade / 5;
            break;
        }
        if (2.0 * double(decade) >= wanted) {
            step = 2 * decade;
            minor = decade;
            break;
        }
        if (5.0 * double(decade) >= wanted) {
            step = 5 * decade;
            minor = decade;
            break;
        }
    }
    m_step = {Unit::Revision, step};
    if (minor < 1 || double(minor) / scale.unitsPerPixel() < options.minMinorSpacing)
        minor = step;
    m_minorStep = {Unit::Revision, minor};

    // Revision numbers start at 1: ticks below it would label nothing.
    const qint64 lo = std::max<qint64>(1, qint64(std::ceil(scale.from())));
    const auto hi = qint64(std::floor(scale.to()));
    for (qint64 v = ceilTo(lo, minor); v <= hi; v += minor) {
        const bool isMajor = v % step == 0;
        m_ticks.push_back({double(v), scale.toPixel(double(v)), isMajor ? QString::number(v) : QString(), isMajor});
    }
}

QString TimeTicks::formatInstant(qint64 micros, const QTimeZone& zone)
{
    const QDateTime dt = Zone(zone).dateTime(micros);
    return dt.toString(u"yyyy-MM-dd HH:mm:ss.zzz "_s) + dt.timeZoneAbbreviation();
}

} // namespace flashback
