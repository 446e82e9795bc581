// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timescale.h"

#include <QString>
#include <QTimeZone>

#include <vector>

namespace flashback {

// One tick of the axis header. Major ticks carry a label; minor ones are only a short line.
struct TimeTick {
    double value = 0; // microseconds (time axis) or a revision number
    double x = 0; // pixel of the scale, 0 .. width
    QString label;
    bool major = false;
};

// A label of the header's upper row: the larger unit the tick labels leave out ("2025-03-17" above "15:47"). One
// at each boundary of that unit in view, plus one at x = 0 for the unit the view starts in.
struct TimeTickContext {
    double x = 0;
    QString label;
};

// Tick generation for the timeline's axis header: picks the finest step of a fixed ladder whose labels are at
// least minLabelSpacing apart, and steps through calendar units (days, months, years) in the chosen time zone so
// ticks land on local midnights and month starts. Revision axes step by 1, 2, 5 × 10^n.
class TimeTicks {
public:
    enum class Unit { Microsecond, Millisecond, Second, Minute, Hour, Day, Week, Month, Year, Revision };
    struct Step {
        Unit unit = Unit::Second;
        qint64 count = 1;
        bool operator==(const Step&) const = default;
    };
    struct Options {
        double minLabelSpacing = 100; // pixels between major ticks, at least
        double minMinorSpacing = 8; // minor ticks closer than this are left out
        QTimeZone zone = QTimeZone::utc();
        // When set (the width of a digit), labels also keep their own length plus two characters apart, so
        // short labels ("15:47") pack closer than long ones ("03.250100").
        double charWidth = 0;
    };

    TimeTicks(const TimeScale& scale, const Options& options);

    // Major and minor ticks, increasing, all within [from, to] of the scale.
    const std::vector<TimeTick>& ticks() const { return m_ticks; }
    const std::vector<TimeTickContext>& context() const { return m_context; }
    // The step between major ticks.
    Step step() const { return m_step; }
    Step minorStep() const { return m_minorStep; }

    // The instant of `micros` in `zone` with milliseconds, as tooltips show it: "2025-03-17 15:47:03.250 UTC".
    static QString formatInstant(qint64 micros, const QTimeZone& zone);

private:
    void makeTimeTicks(const TimeScale& scale, const Options& options);
    void makeRevisionTicks(const TimeScale& scale, const Options& options);

    std::vector<TimeTick> m_ticks;
    std::vector<TimeTickContext> m_context;
    Step m_step;
    Step m_minorStep;
};

} // namespace flashback
