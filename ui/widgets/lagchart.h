// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QChartView>
#include <QHash>
#include <QList>

#include <chrono>

class QLineSeries;
class QValueAxis;

namespace flashback {

class LagHistory;

/// The lag of every projection over the last minutes (Qt Charts), one line each, in events behind or in time
/// behind; the x axis counts minutes back from the latest sample, so the chart reads the same in any time zone.
/// While a projection is rebuilt, a dashed line in its colour follows the new copy closing in on the head (the
/// live line stays flat: readers see the old copy until the new one takes its place; the legend names only the
/// live lines). Time is drawn in seconds,
/// minutes, hours or days, whichever keeps the labels short. It only draws what the LagHistory holds.
class LagChart : public QChartView {
    Q_OBJECT
public:
    enum class Unit { Events, Time };

    explicit LagChart(QWidget* parent = nullptr);

    void setUnit(Unit unit);
    Unit unit() const { return m_unit; }
    /// Redraws every line from `history`.
    void showHistory(const LagHistory& history);
    void clear();

    /// The line of projection `name`, or null (tests, screenshots).
    QLineSeries* line(const QString& name) const { return m_lines.value(name); }
    /// The dashed lines of the rebuilds of `name` in the history, one per rebuild, oldest first (tests).
    QList<QLineSeries*> rebuildLines(const QString& name) const { return m_rebuildLines.value(name); }
    /// Seconds per unit of the value axis in time (1, 60, 3600 or 86400).
    double secondsPerUnit() const { return m_secondsPerUnit; }
    QValueAxis* valueAxis() const { return m_y; }
    QValueAxis* timeAxis() const { return m_x; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyPalette();
    void fitTicks();
    void updateTitles();
    QLineSeries* lineOf(const QString& name);
    /// Takes `line` off the chart and deletes it.
    void dropLine(QLineSeries* line);
    /// Sets the value axis to 0..top with as many round labels as fit.
    void setValueTop(double top);
    /// Draws each rebuild of `name` as its own dashed line; returns the highest value drawn.
    double showRebuilds(const LagHistory& history, const QString& name, qint64 latestMicros);
    double valueOf(qint64 events, std::chrono::microseconds behind) const;
    /// Picks the time unit for values up to `highestSeconds`.
    void chooseTimeUnit(double highestSeconds);

    Unit m_unit = Unit::Events;
    double m_secondsPerUnit = 1.0;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QHash<QString, QLineSeries*> m_lines;
    QHash<QString, QList<QLineSeries*>> m_rebuildLines;
};

} // namespace flashback
