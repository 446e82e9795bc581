// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>

namespace flashback {

// The timeline's neutral colours, all derived from the widget's palette (never hard-coded), so a light and a dark
// palette both stay legible: secondary text, separators and grid lines are the text colour blended into the
// background by fixed amounts.
class TimelineColors {
public:
    // a·(1 − t) + b·t per channel.
    static QColor mix(const QColor& a, const QColor& b, qreal t);
    // Text less prominent than the main text: about 4.5:1 on the usual palettes, still readable.
    static QColor secondaryText(const QPalette& palette, QPalette::ColorRole background = QPalette::Base);
    static QColor separator(const QPalette& palette);
    static QColor grid(const QPalette& palette);
    // The background of every other lane, a shade off Base (AlternateBase is often identical to Base).
    static QColor alternateLane(const QPalette& palette);
    // A translucent fill of the highlight, for the rubber band.
    static QColor band(const QPalette& palette);
};

} // namespace flashback
