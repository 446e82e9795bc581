// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace flashback {

// The visible part of a timeline axis as a plain value: the range [from, to] of the axis ↔ pixels [0, width).
// Kept free of any painter (hotspot's TimeLineData) so the mapping, zoom and pan are tested on their own.
//
// The axis is either time (microseconds since the Unix epoch, UTC) or revision numbers (equal spacing, so a burst
// of events within one millisecond becomes readable). Both use the same mapping; only the limits differ. Values
// are doubles: a double holds every microsecond up to the year 2255 exactly, and a zoomed-in revision axis needs
// fractions of a revision so that the instant under the mouse stays put.
class TimeScale {
public:
    enum class Axis { Time, Revision };

    static constexpr double MicrosPerSecond = 1e6;
    static constexpr double MicrosPerDay = 86400.0 * MicrosPerSecond;
    // Narrower than a millisecond across the whole width shows nothing a store can tell apart.
    static constexpr double MinTimeSpan = 1e3;
    static constexpr double MaxTimeSpan = 200 * 365.2425 * MicrosPerDay;
    // A lone event (or events all at one instant) is shown in a minute around it: wide enough to read the axis.
    static constexpr double LoneTimeSpan = 60 * MicrosPerSecond;
    // QDateTime's comfortable range, years 1 to 9999: the axis labels must stay formattable.
    static constexpr double MinTime = -62135596800.0 * MicrosPerSecond;
    static constexpr double MaxTime = 253402300800.0 * MicrosPerSecond;
    static constexpr double MinRevisionSpan = 4;
    static constexpr double MaxRevisionSpan = 1e12;
    static constexpr double LoneRevisionSpan = 10;
    // Fit leaves this much of the width free on each side (at least FitMarginPixels), so marks at the ends are
    // drawn whole.
    static constexpr double FitMargin = 0.03;
    static constexpr double FitMarginPixels = 8;

    explicit TimeScale(Axis axis = Axis::Time, int width = 1);

    Axis axis() const { return m_axis; }
    int width() const { return m_width; }
    double from() const { return m_from; }
    double to() const { return m_from + m_span; }
    double span() const { return m_span; }
    double unitsPerPixel() const { return m_span / m_width; }
    double minSpan() const;
    double maxSpan() const;

    // Resizing keeps the range: the same instants stay at the edges and the scale stretches.
    void setWidth(int width);
    // Clamped to the limits: a too-narrow or too-wide range keeps its centre.
    void setRange(double from, double to);

    double toPixel(double value) const { return (value - m_from) * m_width / m_span; }
    double toValue(double pixel) const { return m_from + pixel * m_span / m_width; }
    bool contains(double value) const { return value >= m_from && value <= to(); }

    // factor > 1 zooms in. The value under anchorPixel stays under it (unless a limit is reached).
    void zoom(double factor, double anchorPixel);
    // Moves the content by `pixels`: positive moves it right, bringing earlier values into view (a drag).
    void pan(double pixels);
    // Keeps the span and puts `value` in the middle.
    void centreOn(double value);
    // Shows [min, max] with a small margin each side; a zero-length range is shown centred in a sensible span.
    void fit(double min, double max);
    // Rubber band: shows what lies between the two pixels (in either order).
    void zoomTo(double pixelA, double pixelB);

    bool operator==(const TimeScale&) const = default;

private:
    double minValue() const;
    double maxValue() const;
    void setFromAndSpan(double from, double span);

    Axis m_axis;
    int m_width;
    double m_from;
    double m_span;
};

} // namespace flashback
