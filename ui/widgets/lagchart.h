#pragma once

#include <QChartView>
#include <QHash>

class QLineSeries;
class QValueAxis;

namespace flashback {

class LagHistory;

/// The lag of every projection over the last minutes (Qt Charts), one line each, in events behind or in time
/// behind; the x axis counts minutes back from the latest sample, so the chart reads the same in any time zone.
/// It only draws what the LagHistory holds.
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
    QValueAxis* valueAxis() const { return m_y; }
    QValueAxis* timeAxis() const { return m_x; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyPalette();
    void fitTicks();
    void updateTitles();

    Unit m_unit = Unit::Events;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QHash<QString, QLineSeries*> m_lines;
};

} // namespace flashback
