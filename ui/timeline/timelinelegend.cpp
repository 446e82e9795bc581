// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelinelegend.h"

#include "eventtypecolors.h"
#include "timelinecolors.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPalette>

#include <algorithm>

namespace flashback {

namespace {

constexpr int Margin = 6;
constexpr int MarkerBox = 14;
constexpr int EntryGap = 18;

} // namespace

void TimelineLegend::setTypes(QStringList types)
{
    std::sort(types.begin(), types.end(), &EventTypeColors::legendLess);
    types.erase(std::unique(types.begin(), types.end()), types.end());
    m_types = std::move(types);
}

std::vector<QRect> TimelineLegend::layout(int width, const QFontMetrics& metrics) const
{
    std::vector<QRect> entries;
    const int rowHeight = std::max(MarkerBox, metrics.height()) + 4;
    int x = Margin;
    int y = Margin / 2;
    for (const QString& type : m_types) {
        // A little slack: text measured to the pixel may still be elided when drawn.
        const int entryWidth = MarkerBox + 4 + metrics.horizontalAdvance(type) + 2;
        if (x > Margin && x + entryWidth > width - Margin) {
            x = Margin;
            y += rowHeight;
        }
        entries.emplace_back(x, y, std::min(entryWidth, width - 2 * Margin), rowHeight);
        x += entryWidth + EntryGap;
    }
    return entries;
}

int TimelineLegend::heightForWidth(int width, const QFontMetrics& metrics) const
{
    if (m_types.isEmpty())
        return 0;
    const std::vector<QRect> entries = layout(width, metrics);
    return entries.back().bottom() + 1 + Margin / 2;
}

void TimelineLegend::paint(QPainter& painter, const QRect& band, const QPalette& palette) const
{
    if (m_types.isEmpty() || band.isEmpty())
        return;
    painter.save();
    painter.fillRect(band, palette.color(QPalette::Window));
    painter.setPen(TimelineColors::separator(palette));
    painter.drawLine(band.topLeft(), band.topRight());
    const QFontMetrics metrics = painter.fontMetrics();
    const std::vector<QRect> entries = layout(band.width(), metrics);
    const bool dark = EventTypeColors::isDark(palette);
    for (qsizetype i = 0; i < m_types.size(); ++i) {
        const QRect entry = entries[size_t(i)].translated(band.topLeft());
        const QPointF centre(entry.left() + MarkerBox / 2.0, entry.center().y() + 0.5);
        EventTypeColors::drawMarker(
            painter, centre, 4.5, EventTypeColors::style(m_types.at(i), dark), palette.color(QPalette::Window));
        painter.setPen(palette.color(QPalette::WindowText));
        const QRect text = entry.adjusted(MarkerBox + 4, 0, 0, 0);
        painter.drawText(
            text, Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(m_types.at(i), Qt::ElideRight, text.width()));
    }
    painter.restore();
}

} // namespace flashback
