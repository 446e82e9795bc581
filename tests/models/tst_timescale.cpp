// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/timescale.h"

#include <QTest>

#include <cmath>

using namespace flashback;

namespace {

using Axis = TimeScale::Axis;

// 2025-03-17T15:47:00Z: a realistic epoch value, large enough to expose any loss of precision.
constexpr double Instant = 1742226420.0 * 1e6;

TimeScale makeScale(Axis axis, double from, double to, int width)
{
    TimeScale scale(axis, width);
    scale.setRange(from, to);
    return scale;
}

// A microsecond: doubles around 1.7e15 are exact to a quarter of one, and a few operations may round.
bool near(double a, double b, double tolerance = 1)
{
    return std::abs(a - b) <= tolerance;
}

} // namespace

class TestTimeScale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<Axis>("axis");
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("width");
        QTest::addColumn<double>("value");
        QTest::newRow("minute") << Axis::Time << Instant << Instant + 60e6 << 800 << Instant + 12.345e6;
        QTest::newRow("millisecond") << Axis::Time << Instant << Instant + 1e3 << 1000 << Instant + 537;
        QTest::newRow("decades") << Axis::Time << 0.0 << 30 * 365 * TimeScale::MicrosPerDay << 640
                                 << 20 * 365 * TimeScale::MicrosPerDay;
        QTest::newRow("before epoch") << Axis::Time << -1e12 << -1e11 << 300 << -5e11;
        QTest::newRow("revisions") << Axis::Revision << 0.5 << 10.5 << 500 << 7.0;
        QTest::newRow("many revisions") << Axis::Revision << 0.0 << 1e6 << 1200 << 765432.0;
    }
    void roundTrip()
    {
        QFETCH(Axis, axis);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, width);
        QFETCH(double, value);
        const TimeScale scale = makeScale(axis, from, to, width);
        QVERIFY(near(scale.from(), from));
        QVERIFY(near(scale.to(), to));
        QVERIFY(near(scale.toPixel(from), 0, 1e-6));
        QVERIFY(near(scale.toPixel(to), width, 1e-6));
        QVERIFY(near(scale.toValue(scale.toPixel(value)), value));
        QVERIFY(near(scale.toPixel(scale.toValue(123.25)), 123.25, 1e-6));
        QVERIFY(scale.contains(value));
    }

    void zoomKeepsAnchor_data()
    {
        QTest::addColumn<Axis>("axis");
        QTest::addColumn<double>("span");
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("anchor");
        QTest::addColumn<double>("expectedSpan");
        QTest::newRow("in at left") << Axis::Time << 3600e6 << 2.0 << 0.0 << 1800e6;
        QTest::newRow("in at a third") << Axis::Time << 3600e6 << 1.25 << 333.0 << 2880e6;
        QTest::newRow("out at right") << Axis::Time << 3600e6 << 0.5 << 1000.0 << 7200e6;
        QTest::newRow("in past the limit") << Axis::Time << 10e3 << 1e6 << 250.0 << TimeScale::MinTimeSpan;
        QTest::newRow("out past the limit") << Axis::Time << 1e15 << 1e-6 << 500.0 << TimeScale::MaxTimeSpan;
        QTest::newRow("revision in") << Axis::Revision << 1000.0 << 8.0 << 700.0 << 125.0;
        QTest::newRow("revision to the limit") << Axis::Revision << 40.0 << 1e3 << 10.0 << TimeScale::MinRevisionSpan;
    }
    void zoomKeepsAnchor()
    {
        QFETCH(Axis, axis);
        QFETCH(double, span);
        QFETCH(double, factor);
        QFETCH(double, anchor);
        QFETCH(double, expectedSpan);
        const double start = axis == Axis::Time ? Instant : 100.0;
        TimeScale scale = makeScale(axis, start, start + span, 1000);
        const double before = scale.toValue(anchor);
        scale.zoom(factor, anchor);
        QVERIFY2(near(scale.span(), expectedSpan, expectedSpan * 1e-9), qPrintable(QString::number(scale.span())));
        QVERIFY2(near(scale.toValue(anchor), before, 1e-6 * std::max(1.0, span / 1e6)),
            qPrintable(QString::number(scale.toValue(anchor) - before)));
    }

    void zoomInThenOutRestores()
    {
        TimeScale scale = makeScale(Axis::Time, Instant, Instant + 3600e6, 900);
        const TimeScale original = scale;
        scale.zoom(3, 123);
        scale.zoom(1.0 / 3, 123);
        QVERIFY(near(scale.from(), original.from()));
        QVERIFY(near(scale.span(), original.span()));
    }

    void pan_data()
    {
        QTest::addColumn<Axis>("axis");
        QTest::addColumn<double>("pixels");
        QTest::newRow("right") << Axis::Time << 250.0;
        QTest::newRow("left") << Axis::Time << -100.0;
        QTest::newRow("sub-pixel") << Axis::Time << 0.5;
        QTest::newRow("revision") << Axis::Revision << 40.0;
    }
    void pan()
    {
        QFETCH(Axis, axis);
        QFETCH(double, pixels);
        const double start = axis == Axis::Time ? Instant : 100.0;
        const double span = axis == Axis::Time ? 1000e6 : 100.0;
        TimeScale scale = makeScale(axis, start, start + span, 1000);
        const double valueAt100 = scale.toValue(100);
        scale.pan(pixels);
        // The content moved by `pixels`: what was at 100 is now at 100 + pixels, and the span is untouched.
        QVERIFY(near(scale.toPixel(valueAt100), 100 + pixels, 1e-6));
        QVERIFY(near(scale.span(), span));
        scale.pan(-pixels);
        QVERIFY(near(scale.from(), start));
    }

    void panStopsAtTheDomain()
    {
        TimeScale scale = makeScale(Axis::Time, TimeScale::MinTime + 1e9, TimeScale::MinTime + 2e9, 1000);
        scale.pan(1e9);
        QCOMPARE(scale.from(), TimeScale::MinTime);
        QVERIFY(near(scale.span(), 1e9));
    }

    void fit_data()
    {
        QTest::addColumn<Axis>("axis");
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("max");
        QTest::addColumn<int>("width");
        QTest::addColumn<double>("expectedSpan"); // 0: the data span plus the margin
        QTest::newRow("one event") << Axis::Time << Instant << Instant << 1000 << TimeScale::LoneTimeSpan;
        QTest::newRow("one revision") << Axis::Revision << 1.0 << 1.0 << 1000 << TimeScale::LoneRevisionSpan;
        QTest::newRow("a day") << Axis::Time << Instant << Instant + TimeScale::MicrosPerDay << 1000 << 0.0;
        QTest::newRow("tiny widget") << Axis::Time << Instant << Instant + 1e6 << 40 << 0.0;
        QTest::newRow("100 us") << Axis::Time << Instant << Instant + 100 << 1000 << TimeScale::MinTimeSpan;
        QTest::newRow("1000 years") << Axis::Time << -15e15 << 16e15 << 1000 << TimeScale::MaxTimeSpan;
        QTest::newRow("swapped") << Axis::Time << Instant + 5e6 << Instant << 500 << 0.0;
        QTest::newRow("revisions") << Axis::Revision << 1.0 << 1000000.0 << 1000 << 0.0;
        QTest::newRow("two revisions") << Axis::Revision << 1.0 << 2.0 << 1000 << TimeScale::MinRevisionSpan;
    }
    void fit()
    {
        QFETCH(Axis, axis);
        QFETCH(double, min);
        QFETCH(double, max);
        QFETCH(int, width);
        QFETCH(double, expectedSpan);
        TimeScale scale(axis, width);
        scale.fit(min, max);
        const double lo = std::min(min, max);
        const double hi = std::max(min, max);
        // Centred, always.
        QVERIFY(near((scale.from() + scale.to()) / 2, (lo + hi) / 2, 1));
        if (expectedSpan > 0) {
            QVERIFY2(near(scale.span(), expectedSpan, expectedSpan * 1e-9), qPrintable(QString::number(scale.span())));
            return;
        }
        // Both ends inside, with room for a whole mark.
        const double margin = std::max(TimeScale::FitMargin * width, std::min(TimeScale::FitMarginPixels, 0.2 * width));
        QVERIFY(near(scale.toPixel(lo), margin, 1e-3));
        QVERIFY(near(scale.toPixel(hi), width - margin, 1e-3));
    }

    void zoomTo_data()
    {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("b");
        QTest::newRow("forward") << 100.0 << 300.0;
        QTest::newRow("backward") << 900.0 << 250.0;
        QTest::newRow("whole") << 0.0 << 1000.0;
    }
    void zoomTo()
    {
        QFETCH(double, a);
        QFETCH(double, b);
        TimeScale scale = makeScale(Axis::Time, Instant, Instant + 3600e6, 1000);
        const double va = scale.toValue(a);
        const double vb = scale.toValue(b);
        scale.zoomTo(a, b);
        QVERIFY(near(scale.from(), std::min(va, vb)));
        QVERIFY(near(scale.to(), std::max(va, vb)));
    }

    void zoomToNarrowBandStopsAtTheLimit()
    {
        TimeScale scale = makeScale(Axis::Time, Instant, Instant + 100e3, 1000); // 100 us a pixel
        const double centre = scale.toValue(500.5);
        scale.zoomTo(500, 501);
        QCOMPARE(scale.span(), TimeScale::MinTimeSpan);
        QVERIFY(near((scale.from() + scale.to()) / 2, centre));
    }

    void setWidthKeepsTheRange()
    {
        TimeScale scale = makeScale(Axis::Time, Instant, Instant + 60e6, 1000);
        scale.setWidth(250);
        QCOMPARE(scale.width(), 250);
        QVERIFY(near(scale.from(), Instant));
        QVERIFY(near(scale.to(), Instant + 60e6));
        QVERIFY(near(scale.toPixel(Instant + 30e6), 125, 1e-6));
        scale.setWidth(0); // a hidden widget: still a usable mapping
        QCOMPARE(scale.width(), 1);
    }

    void setRangeClamps()
    {
        TimeScale scale(Axis::Time, 1000);
        scale.setRange(Instant, Instant + 10);
        QCOMPARE(scale.span(), TimeScale::MinTimeSpan);
        QVERIFY(near((scale.from() + scale.to()) / 2, Instant + 5));
        scale.setRange(Instant, Instant + 1e18);
        QCOMPARE(scale.span(), TimeScale::MaxTimeSpan);
        const TimeScale before = scale;
        scale.setRange(NAN, 5);
        QCOMPARE(scale, before);
    }
};

QTEST_GUILESS_MAIN(TestTimeScale)
#include "tst_timescale.moc"
