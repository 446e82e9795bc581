#include "lagchart.h"

#include "models/laghistory.h"

#include <QChart>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// The smallest of 1, 2 or 5 times a power of ten at or above `value` (at least `floor`): axis tops that read well.
double roundedTop(double value, double floor)
{
    value = std::max(value, floor);
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * power)
            return step * power;
    }
    return 10.0 * power;
}

} // namespace

LagChart::LagChart(QWidget* parent)
    : QChartView(parent)
    , m_x(new QValueAxis(this))
    , m_y(new QValueAxis(this))
{
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation); // a sample a second: animation would only lag behind it
    // The pane is low and wide: the legend goes beside the plot, and the axes carry no titles (the pane's
    // "in events / in time" choice and the "s" on the time labels say what they count).
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    m_x->setLabelFormat(u"%d"_s); // minutes back: short labels fit a narrow pane
    m_x->setTickCount(6);
    m_y->setLabelFormat(u"%.0f"_s);
    m_y->setTickCount(6); // tops are 1, 2 or 5 times a power of ten: fifths are round numbers
    m_y->setMin(0);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(u"Lag over time"_s);
    setToolTip(u"Each projection's lag, up to the last 5 minutes: the x axis counts minutes back, 0 is now"_s);
    setMinimumSize(200, 120);
    updateTitles();
    applyPalette();
    clear();
}

void LagChart::setUnit(Unit unit)
{
    if (m_unit == unit)
        return;
    m_unit = unit;
    updateTitles();
}

void LagChart::updateTitles()
{
    // Kept as the axes' accessible descriptions rather than drawn titles: the pane has no height to spare.
    m_y->setTitleVisible(false);
    m_x->setTitleVisible(false);
    m_y->setTitleText(m_unit == Unit::Events ? u"events behind"_s : u"seconds behind"_s);
    m_x->setTitleText(u"minutes ago"_s);
    m_y->setLabelFormat(m_unit == Unit::Events ? u"%.0f"_s : u"%.0f s"_s);
}

void LagChart::clear()
{
    for (QLineSeries* line : std::as_const(m_lines))
        line->clear();
    m_x->setRange(-1, 0);
    m_x->setLabelFormat(u"%.1f"_s);
    fitTicks();
    m_y->setRange(0, 10);
}

void LagChart::showHistory(const LagHistory& history)
{
    const auto latest = history.latest();
    if (!latest) {
        clear();
        return;
    }
    // The axis spans the history there is, in steps of 1, 2 or 5 minutes up to the window: a pane opened a few
    // seconds ago shows its few seconds across the chart, not squeezed against its right edge.
    qint64 oldest = latest->micros();
    for (const QString& name : history.names()) {
        if (!history.samples(name).empty())
            oldest = std::min(oldest, history.samples(name).front().at.micros());
    }
    const double spanMinutes = double(latest->micros() - oldest) / 60e6;
    const double window = double(history.window().count()) / 60.0;
    double range = window;
    for (const double step : {1.0, 2.0, 5.0}) {
        if (spanMinutes <= step && step < window) {
            range = step;
            break;
        }
    }
    m_x->setRange(-range, 0);
    m_x->setLabelFormat(u"%.1f"_s);
    fitTicks();
    double highest = 0;
    for (const QString& name : history.names()) {
        QLineSeries* line = m_lines.value(name);
        if (!line) {
            line = new QLineSeries(this);
            line->setName(name);
            chart()->addSeries(line);
            line->attachAxis(m_x);
            line->attachAxis(m_y);
            m_lines.insert(name, line);
        }
        QList<QPointF> points;
        const auto& samples = history.samples(name);
        points.reserve(qsizetype(samples.size()));
        for (const LagSample& sample : samples) {
            const double x = double(sample.at.micros() - latest->micros()) / 60e6;
            const double y = m_unit == Unit::Events ? double(sample.lagEvents) : double(sample.lagTime.count()) / 1e6;
            highest = std::max(highest, y);
            points.append({x, y});
        }
        line->replace(points); // one repaint for the whole line
    }
    m_y->setRange(0, roundedTop(highest * 1.1, m_unit == Unit::Events ? 10.0 : 5.0));
}

void LagChart::fitTicks()
{
    // As many time labels as fit side by side ("-0.8" is about four digits wide), so none is elided.
    const int labelWidth = fontMetrics().horizontalAdvance(u"-0.00"_s) + 12;
    const int fitting = int(chart()->plotArea().width()) / std::max(1, labelWidth);
    m_x->setTickCount(std::clamp(fitting, 2, 6));
}

void LagChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    fitTicks();
}

void LagChart::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyPalette();
}

void LagChart::applyPalette()
{
    // The window's own colours and font (light, dark, presenter's size), not Qt Charts' fixed theme.
    const QPalette colours = palette();
    chart()->setBackgroundBrush(colours.base());
    chart()->setTitleBrush(colours.text());
    chart()->legend()->setLabelColor(colours.color(QPalette::Text));
    chart()->legend()->setFont(font());
    for (QValueAxis* axis : {m_x, m_y}) {
        axis->setLabelsColor(colours.color(QPalette::Text));
        axis->setTitleBrush(colours.text());
        axis->setLabelsFont(font());
        QColor grid = colours.color(QPalette::Mid);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
}

} // namespace flashback
