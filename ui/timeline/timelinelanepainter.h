// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventtypecolors.h"

#include <QString>

#include <vector>

class QPainter;
class QPalette;
class QRect;

namespace flashback {

class TimeScale;
class TimelineBuckets;

// Draws one lane of the timeline: its label on the left and, right of it, the marks or density bars that
// TimelineBuckets computes for the scale, the selected event on top. Stateless: the view owns what is drawn.
class TimelineLanePainter {
public:
    struct Lane {
        QString title;
        QString subtitle;
        const TimelineBuckets* buckets = nullptr;
        const std::vector<EventTypeColors::Style>* styles = nullptr; // by type id of the lane's index
        qsizetype selected = -1; // index of the selected event, -1 for none
        bool current = false; // the lane the arrow keys move in
        bool alternate = false;
    };

    static qreal markRadius(int laneHeight);
    static void paintBackground(QPainter& painter, const QRect& lane, const QPalette& palette, bool alternate);
    static void paintLabel(QPainter& painter, const QRect& label, const Lane& lane, const QPalette& palette);
    // `plot` is the lane's part right of the labels; the scale's x = 0 is at plotLeft (plot may reach further
    // right than the scale, so that a mark at the last instant is drawn whole).
    static void paintEvents(QPainter& painter, const QRect& plot, int plotLeft, const TimeScale& scale,
        const Lane& lane, const QPalette& palette, const QString& emptyText);
};

} // namespace flashback
