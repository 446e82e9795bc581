// SPDX-License-Identifier: GPL-3.0-or-later
#include "timescale.h"

#include <algorithm>
#include <cmath>

namespace flashback {

TimeScale::TimeScale(Axis axis, int width)
    : m_axis(axis)
    , m_width(std::max(1, width))
    , m_from(0)
    , m_span(axis == Axis::Time ? LoneTimeSpan : LoneRevisionSpan)
{
    if (axis == Axis::Revision)
        m_from = 1 - m_span / 2;
}

double TimeScale::minSpan() const
{
    return m_axis == Axis::Time ? MinTimeSpan : MinRevisionSpan;
}

double TimeScale::maxSpan() const
{
    return m_axis == Axis::Time ? MaxTimeSpan : MaxRevisionSpan;
}

double TimeScale::minValue() const
{
    return m_axis == Axis::Time ? MinTime : -MaxRevisionSpan;
}

double TimeScale::maxValue() const
{
    return m_axis == Axis::Time ? MaxTime : 2 * MaxRevisionSpan;
}

void TimeScale::setWidth(int width)
{
    m_width = std::max(1, width);
}

void TimeScale::setRange(double from, double to)
{
    if (!std::isfinite(from) || !std::isfinite(to))
        return;
    if (to < from)
        std::swap(from, to);
    const double span = std::clamp(to - from, minSpan(), maxSpan());
    setFromAndSpan((from + to) / 2 - span / 2, span);
}

void TimeScale::setFromAndSpan(double from, double span)
{
    m_span = std::clamp(span, minSpan(), maxSpan());
    // The span limit is far below the domain, so shifting back inside always fits.
    m_from = std::clamp(from, minValue(), maxValue() - m_span);
}

void TimeScale::zoom(double factor, double anchorPixel)
{
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    const double anchor = toValue(anchorPixel);
    const double span = std::clamp(m_span / factor, minSpan(), maxSpan());
    // Solve for the new start so that toPixel(anchor) == anchorPixel with the new span.
    setFromAndSpan(anchor - anchorPixel * span / m_width, span);
}

void TimeScale::pan(double pixels)
{
    if (!std::isfinite(pixels))
        return;
    setFromAndSpan(m_from - pixels * unitsPerPixel(), m_span);
}

void TimeScale::centreOn(double value)
{
    if (std::isfinite(value))
        setFromAndSpan(value - m_span / 2, m_span);
}

void TimeScale::fit(double min, double max)
{
    if (!std::isfinite(min) || !std::isfinite(max))
        return;
    if (max < min)
        std::swap(min, max);
    const double dataSpan = max - min;
    double span = m_axis == Axis::Time ? LoneTimeSpan : LoneRevisionSpan;
    if (dataSpan > 0) {
        // Capped so that a tiny widget still shows most of its width as data.
        const double margin = std::min(0.2, std::max(FitMargin, FitMarginPixels / m_width));
        span = dataSpan / (1 - 2 * margin);
    }
    span = std::clamp(span, minSpan(), maxSpan());
    setFromAndSpan(min + dataSpan / 2 - span / 2, span);
}

void TimeScale::zoomTo(double pixelA, double pixelB)
{
    if (!std::isfinite(pixelA) || !std::isfinite(pixelB))
        return;
    setRange(toValue(pixelA), toValue(pixelB));
}

} // namespace flashback
