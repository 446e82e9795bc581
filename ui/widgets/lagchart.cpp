// SPDX-License-Identifier: GPL-3.0-or-later
#include "lagchart.h"

#include "models/laghistory.h"

#include <QChart>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <iterator>

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

/// The units lag in time is drawn in, largest first.
struct TimeUnit {
    double seconds;
    const char16_t* name;
    const char16_t* suffix;
};
constexpr TimeUnit TimeUnits[] {
    {86400, u"days", u"d"}, {3600, u"hours", u"h"}, {60, u"minutes", u"min"}, {1, u"seconds", u"s"}};

const TimeUnit& timeUnitOf(double secondsPerUnit)
{
    for (const TimeUnit& unit : TimeUnits) {
        if (secondsPerUnit >= unit.seconds)
            return unit;
    }
    return TimeUnits[std::size(TimeUnits) - 1];
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
    m_y->setTickType(QValueAxis::TicksDynamic);
    m_y->setTickAnchor(0);
    m_y->setTickInterval(10);
    m_y->setRange(0, 10);
    setChart(chart);
    // The plot's size is known only once the chart has laid itself out, after a resize or a change of labels.
    connect(chart, &QChart::plotAreaChanged, this, &LagChart::fitTicks);
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(u"Lag over time"_s);
    setToolTip(u"Each projection's lag, up to the last 5 minutes: the x axis counts minutes back, 0 is now. "
               u"A dashed line is a rebuild's new copy closing in on the head."_s);
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
    const TimeUnit& time = timeUnitOf(m_secondsPerUnit);
    m_y->setTitleText(m_unit == Unit::Events ? u"events behind"_s : u"%1 behind"_s.arg(QString::fromUtf16(time.name)));
    m_x->setTitleText(u"minutes ago"_s);
    m_y->setLabelFormat(m_unit == Unit::Events ? u"%.0f"_s : u"%.0f "_s + QString::fromUtf16(time.suffix));
}

void LagChart::chooseTimeUnit(double highestSeconds)
{
    // The largest unit the highest value spans twice of, so the labels keep to a few digits: a rebuild's new
    // copy starts at the store's oldest event, which may be months behind while the live copy is seconds behind.
    double perUnit = 1.0;
    for (const TimeUnit& unit : TimeUnits) {
        if (highestSeconds > 2 * unit.seconds) {
            perUnit = unit.seconds;
            break;
        }
    }
    if (perUnit == m_secondsPerUnit)
        return;
    m_secondsPerUnit = perUnit;
    updateTitles();
}

double LagChart::valueOf(qint64 events, std::chrono::microseconds behind) const
{
    return m_unit == Unit::Events ? double(events) : double(behind.count()) / 1e6 / m_secondsPerUnit;
}

void LagChart::clear()
{
    for (QLineSeries* line : std::as_const(m_lines))
        line->clear();
    for (const QList<QLineSeries*>& lines : std::as_const(m_rebuildLines)) {
        for (QLineSeries* line : lines)
            dropLine(line);
    }
    m_rebuildLines.clear();
    m_x->setRange(-1, 0);
    m_x->setLabelFormat(u"%.1f"_s);
    setValueTop(10);
}

QLineSeries* LagChart::lineOf(const QString& name)
{
    QLineSeries* line = m_lines.value(name);
    if (!line) {
        line = new QLineSeries(this);
        line->setName(name);
        chart()->addSeries(line);
        line->attachAxis(m_x);
        line->attachAxis(m_y);
        m_lines.insert(name, line);
    }
    return line;
}

void LagChart::dropLine(QLineSeries* line)
{
    chart()->removeSeries(line);
    delete line;
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
    qint64 highestMicros = 0;
    for (const QString& name : history.names()) {
        const auto& samples = history.samples(name);
        if (!samples.empty())
            oldest = std::min(oldest, samples.front().at.micros());
        for (const LagSample& sample : samples)
            highestMicros
                = std::max({highestMicros, qint64(sample.lagTime.count()), qint64(sample.rebuildLagTime.count())});
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
    if (m_unit == Unit::Time)
        chooseTimeUnit(double(highestMicros) / 1e6);
    double highest = 0;
    for (const QString& name : history.names()) {
        QLineSeries* line = lineOf(name);
        QList<QPointF> points;
        const auto& samples = history.samples(name);
        points.reserve(qsizetype(samples.size()));
        for (const LagSample& sample : samples) {
            const double x = double(sample.at.micros() - latest->micros()) / 60e6;
            const double y = valueOf(sample.lagEvents, sample.lagTime);
            highest = std::max(highest, y);
            points.append({x, y});
        }
        line->replace(points); // one repaint for the whole line
        highest = std::max(highest, showRebuilds(history, name, latest->micros()));
    }
    setValueTop(roundedTop(highest * 1.1, m_unit == Unit::Events ? 10.0 : 5.0));
}

void LagChart::setValueTop(double top)
{
    // With dynamic ticks Qt Charts makes one label per interval at once: a range of 200,000 under an interval of
    // 2 (left from a lag of a few events) would be 100,000 labels. One interval spanning both ranges first.
    m_y->setTickInterval(std::max({top, m_y->max(), 1.0}));
    m_y->setRange(0, top);
    fitTicks();
}

double LagChart::showRebuilds(const LagHistory& history, const QString& name, qint64 latestMicros)
{
    const QList<RebuildRun> runs = history.rebuildRuns(name);
    QList<QLineSeries*>& lines = m_rebuildLines[name];
    while (lines.size() > runs.size())
        dropLine(lines.takeLast());
    // One line per rebuild, so two rebuilds minutes apart are not joined across the time between them. None is
    // in the legend: its colour says whose it is, and a second entry per projection would not fit a narrow pane.
    QPen pen(m_lines.value(name)->color());
    pen.setWidthF(m_lines.value(name)->pen().widthF());
    pen.setStyle(Qt::DashLine);
    const auto& samples = history.samples(name);
    double highest = 0;
    for (qsizetype i = 0; i < runs.size(); ++i) {
        if (i == lines.size()) {
            auto* line = new QLineSeries(this);
            line->setName(u"%1 (rebuild)"_s.arg(name));
            chart()->addSeries(line);
            line->attachAxis(m_x);
            line->attachAxis(m_y);
            lines.append(line);
        }
        QLineSeries* line = lines[i];
        line->setPen(pen);
        for (QLegendMarker* marker : chart()->legend()->markers(line))
            marker->setVisible(false);
        QList<QPointF> points;
        points.reserve(runs[i].count);
        for (qsizetype at = runs[i].first; at < runs[i].first + runs[i].count; ++at) {
            const LagSample& sample = samples[size_t(at)];
            const double y = valueOf(sample.rebuildLagEvents(), sample.rebuildLagTime);
            highest = std::max(highest, y);
            points.append({double(sample.at.micros() - latestMicros) / 60e6, y});
        }
        line->replace(points);
    }
    if (lines.isEmpty())
        m_rebuildLines.remove(name);
    return highest;
}

void LagChart::fitTicks()
{
    // As many time labels as fit side by side ("-0.8" is about four digits wide), so none is elided.
    const int labelWidth = fontMetrics().horizontalAdvance(u"-0.00"_s) + 12;
    const int fitting = int(chart()->plotArea().width()) / std::max(1, labelWidth);
    m_x->setTickCount(std::clamp(fitting, 2, 6));
    // Qt Charts elides a value label to "…" when the labels are closer than a line of text: a low pane gets
    // fewer of them, a step of 1, 2 or 5 times a power of ten from 0, so each still reads as a round number.
    const double top = m_y->max();
    const double lineHeight = fontMetrics().height() + 6;
    const int fittingLabels = std::max(2, int(chart()->plotArea().height() / lineHeight) + 1);
    double step = roundedTop(top / 5, 1.0);
    while (top / step + 1 > fittingLabels + 1e-9 && step < top)
        step = roundedTop(step * 1.5, 1.0);
    m_y->setTickInterval(step);
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
