// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeaxisheader.h"

#include "timelinecolors.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPalette>

#include <cmath>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

constexpr int LabelGap = 4; // between a tick line and its label
constexpr int MajorTick = 6;
constexpr int MinorTick = 3;

} // namespace

int TimeAxisHeader::height(const QFontMetrics& metrics)
{
    return 2 * metrics.height() + MajorTick + 6;
}

TimeTicks::Options TimeAxisHeader::tickOptions(const QFontMetrics& metrics, const QTimeZone& zone)
{
    // Month names are wider than digits: a digit and a bit per character keeps "Mar 17" from touching.
    const double charWidth = metrics.horizontalAdvance(u"0000000000"_s) / 10.0 * 1.15;
    return {6 * charWidth, 8, zone, charWidth};
}

void TimeAxisHeader::paint(QPainter& painter, const QRect& band, int plotLeft, const TimeTicks& ticks,
    const QPalette& palette, const QString& caption, const QString& subcaption)
{
    painter.save();
    const QFontMetrics metrics = painter.fontMetrics();
    const QColor text = palette.color(QPalette::WindowText);
    const QColor secondary = TimelineColors::secondaryText(palette, QPalette::Window);
    painter.fillRect(band, palette.color(QPalette::Window));
    painter.setPen(TimelineColors::separator(palette));
    painter.drawLine(band.bottomLeft(), band.bottomRight());

    const int contextTop = band.top() + 3;
    const int labelTop = contextTop + metrics.height();
    const int bottom = band.bottom();

    // The corner names the axis and the zone the labels are in.
    const int cornerWidth = plotLeft - band.left() - 2 * LabelGap;
    painter.setPen(text);
    painter.drawText(QRect(band.left() + 2 * LabelGap, contextTop, cornerWidth, metrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(caption, Qt::ElideRight, cornerWidth));
    painter.setPen(secondary);
    painter.drawText(QRect(band.left() + 2 * LabelGap, labelTop, cornerWidth, metrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(subcaption, Qt::ElideRight, cornerWidth));

    painter.setClipRect(QRect(plotLeft, band.top(), band.right() - plotLeft + 1, band.height()));
    // Context labels: drawn from the right, so a label that would run into its successor (only ever the one
    // for the unit the view starts in) gives way to it.
    double limit = band.right() + 1;
    const auto& context = ticks.context();
    for (auto it = context.rbegin(); it != context.rend(); ++it) {
        const double x = plotLeft + it->x;
        const int width = metrics.horizontalAdvance(it->label);
        if (x + LabelGap + width > limit - LabelGap)
            continue;
        painter.setPen(secondary);
        if (it->x > 0.5)
            painter.drawLine(QPointF(std::round(x) + 0.5, contextTop), QPointF(std::round(x) + 0.5, bottom));
        painter.setPen(text);
        painter.drawText(QPointF(x + LabelGap, contextTop + metrics.ascent()), it->label);
        limit = x;
    }

    // Time labels start at their tick (the instant is the left edge of "15:47"); a revision is a point, so its
    // number is centred over it.
    const bool centred = ticks.step().unit == TimeTicks::Unit::Revision;
    for (const TimeTick& tick : ticks.ticks()) {
        const double x = std::round(plotLeft + tick.x) + 0.5;
        painter.setPen(tick.major ? text : secondary);
        painter.drawLine(QPointF(x, bottom - (tick.major ? MajorTick : MinorTick)), QPointF(x, bottom));
        if (!tick.major)
            continue;
        const int width = metrics.horizontalAdvance(tick.label);
        const double left = centred ? x - width / 2.0 : x + LabelGap;
        // A label that would be cut at either edge is left out.
        if (left < plotLeft || left + width > band.right())
            continue;
        painter.drawText(QPointF(left, labelTop + metrics.ascent()), tick.label);
    }
    painter.restore();
}

void TimeAxisHeader::paintGrid(
    QPainter& painter, const QRect& area, int plotLeft, const TimeTicks& ticks, const QPalette& palette)
{
    painter.save();
    painter.setPen(TimelineColors::grid(palette));
    for (const TimeTick& tick : ticks.ticks()) {
        if (!tick.major)
            continue;
        const double x = std::round(plotLeft + tick.x) + 0.5;
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    }
    painter.restore();
}

} // namespace flashback
