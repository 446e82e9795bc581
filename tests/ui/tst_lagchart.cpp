// SPDX-License-Identifier: GPL-3.0-or-later
// The lag chart as a widget, offscreen and without a store: lines drawn from a LagHistory, a rebuild's dashed
// line per rebuild, round value labels that fit the chart's height (Qt Charts elides labels set closer than a
// line of text to "…"), a jump from a few events to hundreds of thousands and back, and time in units that
// keep the labels short.

#include "models/laghistory.h"
#include "widgets/lagchart.h"

#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QTest>
#include <QValueAxis>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace std::chrono_literals;

namespace {

const Timestamp T0 = Timestamp::parse(u"2026-12-03T10:00:00Z").value();

ProjectionLag lagOf(const QString& name, qint64 checkpoint, qint64 head, std::optional<qint64> rebuild = {})
{
    ProjectionLag lag;
    lag.name = name;
    lag.checkpointPosition = checkpoint;
    lag.headPosition = head;
    lag.lagEvents = head - checkpoint;
    lag.lagTime = lag.lagEvents > 0 ? 4s : 0s;
    lag.rebuildPosition = rebuild;
    if (rebuild && *rebuild < head)
        lag.rebuildLagTime = std::chrono::hours(24 * 300); // a copy that starts at a store's oldest event
    return lag;
}

/// How many value labels the axis draws: one every interval from 0 up to its top.
int valueLabels(const LagChart& chart)
{
    return int(chart.valueAxis()->max() / chart.valueAxis()->tickInterval() + 1e-9) + 1;
}

} // namespace

class LagChartTest : public QObject {
    Q_OBJECT

    /// Labels a line of text apart at the most, as many as fit in the plot's height.
    static void checkLabelsFit(const LagChart& chart)
    {
        const double plotHeight = chart.chart()->plotArea().height();
        const double lineHeight = chart.fontMetrics().height();
        QVERIFY2(plotHeight > 0, "the chart was laid out");
        const int labels = valueLabels(chart);
        QVERIFY2(labels >= 2, qPrintable(QString::number(labels)));
        QVERIFY2(
            (labels - 1) * lineHeight <= plotHeight, qPrintable(u"%1 labels in %2 px"_s.arg(labels).arg(plotHeight)));
        // Round steps: 1, 2 or 5 times a power of ten.
        const double step = chart.valueAxis()->tickInterval();
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
        QVERIFY2(qFuzzyCompare(mantissa, 1.0) || qFuzzyCompare(mantissa, 2.0) || qFuzzyCompare(mantissa, 5.0),
            qPrintable(QString::number(step)));
    }

private Q_SLOTS:
    void aLowChartGetsFewerRoundLabels_data()
    {
        QTest::addColumn<int>("height");
        QTest::newRow("low pane") << 110;
        QTest::newRow("taller pane") << 160;
        QTest::newRow("tall pane") << 400;
    }

    void aLowChartGetsFewerRoundLabels()
    {
        QFETCH(int, height);
        LagChart chart;
        chart.resize(260, height);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        LagHistory history;
        for (int second = 0; second < 5; ++second)
            history.add(T0.addSecs(second), {lagOf(u"users"_s, 100, 100 + second)});
        chart.showHistory(history);
        QVERIFY(QTest::qWaitFor([&] { return chart.chart()->plotArea().height() > 0; }, 10000));
        checkLabelsFit(chart);
        if (height >= 400)
            QCOMPARE(valueLabels(chart), 6); // room for fifths: 0, 2, 4, 6, 8, 10
    }

    void aRebuildIsADashedLineOfItsOwnAndTheAxisFollowsItThere()
    {
        LagChart chart;
        chart.resize(260, 120);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        LagHistory history;
        const qint64 head = 185815;
        // Caught up, then a rebuild from nothing that gets halfway, then swapped in and caught up again.
        history.add(T0, {lagOf(u"users"_s, head, head), lagOf(u"audit_log"_s, head, head)});
        chart.showHistory(history);
        QCOMPARE(chart.valueAxis()->max(), 10.0);
        for (int second = 1; second <= 10; ++second) {
            history.add(T0.addSecs(second),
                {lagOf(u"users"_s, head, head, qint64(second - 1) * 10000), lagOf(u"audit_log"_s, head, head)});
            chart.showHistory(history); // each sample: the chart must not make a label per step of the old axis
        }
        QCOMPARE(chart.rebuildLines(u"users"_s).size(), 1);
        QVERIFY(chart.rebuildLines(u"audit_log"_s).isEmpty());
        QLineSeries* rebuild = chart.rebuildLines(u"users"_s).constFirst();
        QCOMPARE(rebuild->count(), 10);
        QCOMPARE(rebuild->points().constFirst().y(), double(head));
        QCOMPARE(rebuild->points().constLast().y(), double(head - 90000));
        QCOMPARE(rebuild->points().constLast().x(), 0.0);
        QCOMPARE(rebuild->pen().style(), Qt::DashLine);
        QCOMPARE(rebuild->color(), chart.line(u"users"_s)->color());
        QCOMPARE(rebuild->name(), u"users (rebuild)"_s);
        QCOMPARE(chart.line(u"users"_s)->points().constLast().y(), 0.0); // readers still see the caught-up copy
        QCOMPARE(chart.valueAxis()->max(), 500000.0); // 1.1 x 185,815 rounded up to 5 x 10^5
        QVERIFY(QTest::qWaitFor([&] { return chart.chart()->plotArea().height() > 0; }, 10000));
        checkLabelsFit(chart);

        // In time, the new copy is as far behind as the oldest event it has not taken in: days, not seconds.
        chart.setUnit(LagChart::Unit::Time);
        chart.showHistory(history);
        QCOMPARE(chart.secondsPerUnit(), 86400.0);
        QCOMPARE(chart.valueAxis()->titleText(), u"days behind"_s);
        QCOMPARE(chart.valueAxis()->labelFormat(), u"%.0f d"_s);
        QCOMPARE(chart.rebuildLines(u"users"_s).constFirst()->points().constLast().y(), 300.0);
        chart.setUnit(LagChart::Unit::Events);

        // Swapped in: the dashed line ends where the rebuild did; a second rebuild is a line of its own.
        history.add(T0.addSecs(11), {lagOf(u"users"_s, head, head), lagOf(u"audit_log"_s, head, head)});
        history.add(T0.addSecs(12), {lagOf(u"users"_s, head, head, 0), lagOf(u"audit_log"_s, head, head)});
        chart.showHistory(history);
        const QList<QLineSeries*> lines = chart.rebuildLines(u"users"_s);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0]->count(), 10);
        QCOMPARE(lines[1]->count(), 1);
        // The legend names the projections only: a rebuild's line has its projection's colour.
        QCoreApplication::processEvents(); // the legend shows its markers on the next turn of the event loop
        QCOMPARE(chart.chart()->legend()->markers(chart.line(u"users"_s)).constFirst()->isVisible(), true);
        for (QLineSeries* line : lines)
            QCOMPARE(chart.chart()->legend()->markers(line).constFirst()->isVisible(), false);

        // Back to a few events behind once the rebuilds have left the window: a small axis with round labels.
        LagHistory later;
        later.add(T0.addSecs(400), {lagOf(u"users"_s, head, head + 3), lagOf(u"audit_log"_s, head, head)});
        chart.showHistory(later);
        QVERIFY(chart.rebuildLines(u"users"_s).isEmpty());
        QCOMPARE(chart.valueAxis()->max(), 10.0);
        checkLabelsFit(chart);
    }

    void timeIsShownInTheUnitThatKeepsLabelsShort_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<double>("perUnit");
        QTest::addColumn<QString>("title");
        QTest::newRow("seconds") << 90LL << 1.0 << u"seconds behind"_s;
        QTest::newRow("minutes") << 600LL << 60.0 << u"minutes behind"_s;
        QTest::newRow("hours") << 4LL * 3600 << 3600.0 << u"hours behind"_s;
        QTest::newRow("days") << 5LL * 86400 << 86400.0 << u"days behind"_s;
    }

    void timeIsShownInTheUnitThatKeepsLabelsShort()
    {
        QFETCH(qint64, seconds);
        QFETCH(double, perUnit);
        QFETCH(QString, title);
        LagChart chart;
        chart.setUnit(LagChart::Unit::Time);
        LagHistory history;
        ProjectionLag lag = lagOf(u"users"_s, 10, 20);
        lag.lagTime = std::chrono::seconds(seconds);
        history.add(T0, {lag});
        chart.showHistory(history);
        QCOMPARE(chart.secondsPerUnit(), perUnit);
        QCOMPARE(chart.valueAxis()->titleText(), title);
        QCOMPARE(chart.line(u"users"_s)->points().constLast().y(), double(seconds) / perUnit);
    }
};

QTEST_MAIN(LagChartTest)
#include "tst_lagchart.moc"
