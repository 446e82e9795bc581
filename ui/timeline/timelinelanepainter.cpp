// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelinelanepainter.h"

#include "models/timelinebuckets.h"
#include "timelinecolors.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPalette>

#include <algorithm>
#include <cmath>

namespace flashback {

namespace {

constexpr int LabelPadding = 8;
constexpr int CurrentBar = 3;

const EventTypeColors::Style& styleOf(const TimelineLanePainter::Lane& lane, qsizetype index)
{
    static const EventTypeColors::Style fallback {Qt::gray, EventTypeColors::Shape::Circle};
    const quint16 type = lane.buckets->index().typeIds[size_t(index)];
    return lane.styles && type < lane.styles->size() ? (*lane.styles)[type] : fallback;
}

} // namespace

qreal TimelineLanePainter::markRadius(int laneHeight)
{
    return std::clamp(laneHeight * 0.12, 3.5, 6.0);
}

void TimelineLanePainter::paintBackground(QPainter& painter, const QRect& lane, const QPalette& palette, bool alternate)
{
    painter.fillRect(lane, alternate ? TimelineColors::alternateLane(palette) : palette.color(QPalette::Base));
    painter.setPen(TimelineColors::separator(palette));
    painter.drawLine(lane.bottomLeft(), lane.bottomRight());
}

void TimelineLanePainter::paintLabel(QPainter& painter, const QRect& label, const Lane& lane, const QPalette& palette)
{
    painter.save();
    painter.fillRect(label.adjusted(0, 0, 0, -1), palette.color(QPalette::Window));
    painter.setPen(TimelineColors::separator(palette));
    painter.drawLine(label.topRight(), label.bottomRight());
    if (lane.current)
        painter.fillRect(
            QRect(label.left(), label.top(), CurrentBar, label.height() - 1), palette.color(QPalette::Highlight));
    const QFontMetrics metrics = painter.fontMetrics();
    const QRect text = label.adjusted(LabelPadding, 0, -LabelPadding, 0);
    const int top = label.center().y() - metrics.height();
    // Stream ids are long and differ at both ends ("user-3f2a…9c1e"): shortened in the middle.
    painter.setPen(palette.color(QPalette::WindowText));
    painter.drawText(QRect(text.left(), top, text.width(), metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
        metrics.elidedText(lane.title, Qt::ElideMiddle, text.width()));
    painter.setPen(TimelineColors::secondaryText(palette, QPalette::Window));
    painter.drawText(QRect(text.left(), top + metrics.height(), text.width(), metrics.height()),
        Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(lane.subtitle, Qt::ElideRight, text.width()));
    painter.restore();
}

void TimelineLanePainter::paintEvents(QPainter& painter, const QRect& plot, int plotLeft, const TimeScale& scale,
    const Lane& lane, const QPalette& palette, const QString& emptyText)
{
    painter.save();
    painter.setClipRect(plot, Qt::IntersectClip);
    const qreal mid = plot.top() + plot.height() / 2.0;
    const QColor background = lane.alternate ? TimelineColors::alternateLane(palette) : palette.color(QPalette::Base);
    if (!lane.buckets || lane.buckets->isEmpty()) {
        painter.setPen(TimelineColors::secondaryText(palette));
        painter.drawText(plot, Qt::AlignCenter, emptyText);
        painter.restore();
        return;
    }
    // A faint baseline, so that a lone mark or a thin bar still reads as sitting in its lane.
    painter.setPen(TimelineColors::grid(palette));
    painter.drawLine(QPointF(plot.left(), std::floor(mid) + 0.5), QPointF(plot.right(), std::floor(mid) + 0.5));

    const qreal radius = markRadius(plot.height());
    const TimelineBuckets::Result result = lane.buckets->compute(scale);
    if (!result.dense) {
        for (const TimelineBuckets::Mark& mark : result.marks)
            EventTypeColors::drawMarker(
                painter, QPointF(plotLeft + mark.x, mid), radius, styleOf(lane, mark.index), background);
    } else {
        // One bar per pixel column in its dominant type's colour; the height grows with the square root of the
        // count (relative to the fullest column) and never drops below a sliver, so a lone event stays visible
        // next to a column of ten thousand while bursts still stand out.
        const qreal maxHalf = plot.height() / 2.0 - 5;
        const double maxCount = double(std::max<qsizetype>(1, result.maxBucketCount));
        const std::vector<quint16>& typeIds = lane.buckets->index().typeIds;
        for (const TimelineBuckets::Bucket& bucket : result.buckets) {
            const qreal half = maxHalf * std::max(0.2, std::sqrt(double(bucket.count) / maxCount));
            const quint16 type = bucket.count == 1 ? typeIds[size_t(bucket.first)] : bucket.dominantType;
            const QColor color = lane.styles && type < lane.styles->size() ? (*lane.styles)[type].color : Qt::gray;
            painter.fillRect(QRectF(plotLeft + bucket.column, mid - half, 1, 2 * half), color);
        }
    }

    if (lane.selected >= 0 && lane.selected < lane.buckets->size()) {
        const double x = plotLeft + scale.toPixel(lane.buckets->value(lane.selected, scale.axis()));
        if (x >= plot.left() - radius - 4 && x <= plot.right() + radius + 4) {
            const QColor highlight = palette.color(QPalette::Highlight);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(QPen(highlight, 2));
            painter.drawLine(QPointF(x, plot.top() + 2), QPointF(x, mid - radius - 4));
            painter.drawLine(QPointF(x, mid + radius + 4), QPointF(x, plot.bottom() - 1));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(QPointF(x, mid), radius + 3.5, radius + 3.5);
            EventTypeColors::drawMarker(painter, QPointF(x, mid), radius, styleOf(lane, lane.selected), background);
        }
    }
    painter.restore();
}

} // namespace flashback
