// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRect>
#include <QStringList>

#include <vector>

class QFontMetrics;
class QPainter;
class QPalette;

namespace flashback {

// The key to the colours and shapes: one entry (marker and type name) per event type present in the open lanes,
// flowing left to right and wrapping, in a band below the lanes.
class TimelineLegend {
public:
    // Sorted into legend order (known types first, in their fixed order).
    void setTypes(QStringList types);
    const QStringList& types() const { return m_types; }

    int heightForWidth(int width, const QFontMetrics& metrics) const;
    void paint(QPainter& painter, const QRect& band, const QPalette& palette) const;

private:
    // Each entry's rectangle, relative to the band's top left.
    std::vector<QRect> layout(int width, const QFontMetrics& metrics) const;

    QStringList m_types;
};

} // namespace flashback
