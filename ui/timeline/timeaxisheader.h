// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/timeticks.h"

#include <QString>

class QFontMetrics;
class QPainter;
class QPalette;
class QRect;

namespace flashback {

// The time axis above the lanes (hotspot's TimeAxisHeaderView, but only the drawing): two rows, the context
// ("2025-03-17") over the tick labels ("15:47"), ticks along the bottom edge; and the faint grid the major ticks
// cast over the lanes. It draws what TimeTicks returns and decides nothing about steps itself.
class TimeAxisHeader {
public:
    static int height(const QFontMetrics& metrics);
    // How TimeTicks must space labels for this font.
    static TimeTicks::Options tickOptions(const QFontMetrics& metrics, const QTimeZone& zone);

    // `band` is the header's rectangle; the scale's x = 0 is at plotLeft. `caption` and `subcaption` name the
    // axis in the corner above the lane labels ("Time" / "UTC").
    static void paint(QPainter& painter, const QRect& band, int plotLeft, const TimeTicks& ticks,
        const QPalette& palette, const QString& caption, const QString& subcaption);
    static void paintGrid(
        QPainter& painter, const QRect& area, int plotLeft, const TimeTicks& ticks, const QPalette& palette);
};

} // namespace flashback
