// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/timeticks.h"

#include <QDateTime>
#include <QTest>

#include <algorithm>

using namespace flashback;
using namespace Qt::StringLiterals;

namespace {

using Unit = TimeTicks::Unit;
using Step = TimeTicks::Step;

double utc(const QString& iso)
{
    const QDateTime dt = QDateTime::fromString(iso, Qt::ISODateWithMs);
    Q_ASSERT(dt.isValid());
    return double(dt.toMSecsSinceEpoch()) * 1000;
}

TimeScale timeScale(double from, double span, int width)
{
    TimeScale scale(TimeScale::Axis::Time, width);
    scale.setRange(from, from + span);
    return scale;
}

QStringList majorLabels(const TimeTicks& ticks)
{
    QStringList labels;
    for (const TimeTick& tick : ticks.ticks()) {
        if (tick.major)
            labels << tick.label;
    }
    return labels;
}

QStringList contextLabels(const TimeTicks& ticks)
{
    QStringList labels;
    for (const TimeTickContext& context : ticks.context())
        labels << context.label;
    return labels;
}

// The invariants every tick list keeps, whatever the step.
void checkWellFormed(const TimeTicks& ticks, const TimeScale& scale)
{
    double previous = -1e300;
    for (const TimeTick& tick : ticks.ticks()) {
        QVERIFY2(tick.value > previous, "ticks increase");
        QVERIFY2(tick.value >= scale.from() && tick.value <= scale.to(), "ticks lie in the range");
        QCOMPARE(tick.x, scale.toPixel(tick.value));
        QCOMPARE(tick.major, !tick.label.isEmpty());
        previous = tick.value;
    }
}

} // namespace

Q_DECLARE_METATYPE(TimeTicks::Step)

class TestTimeTicks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void steps_data()
    {
        QTest::addColumn<double>("span");
        QTest::addColumn<Step>("step");
        QTest::addColumn<QString>("firstLabel");
        QTest::addColumn<QString>("firstContext");
        // Width 1000, labels 99 px apart: the step is the first of the ladder covering about span / 10.
        QTest::newRow("1 ms") << 1e3 << Step {Unit::Microsecond, 100} << u"03.250000"_s << u"2025-03-17 15:47"_s;
        QTest::newRow("10 ms") << 1e4 << Step {Unit::Millisecond, 1} << u"03.250"_s << u"2025-03-17 15:47"_s;
        QTest::newRow("1 s") << 1e6 << Step {Unit::Millisecond, 100} << u"03.300"_s << u"2025-03-17 15:47"_s;
        QTest::newRow("1 min") << 60e6 << Step {Unit::Second, 10} << u"15:47:10"_s << u"2025-03-17"_s;
        QTest::newRow("1 h") << 3600e6 << Step {Unit::Minute, 15} << u"16:00"_s << u"2025-03-17"_s;
        QTest::newRow("1 day") << 86400e6 << Step {Unit::Hour, 3} << u"18:00"_s << u"2025-03-17"_s;
        QTest::newRow("10 days") << 10 * 86400e6 << Step {Unit::Day, 1} << u"Mar 18"_s << u"2025"_s;
        QTest::newRow("60 days") << 60 * 86400e6 << Step {Unit::Week, 1} << u"Mar 24"_s << u"2025"_s;
        QTest::newRow("1 year") << 365.2425 * 86400e6 << Step {Unit::Month, 3} << u"Apr"_s << u"2025"_s;
        QTest::newRow("50 years") << 50 * 365.2425 * 86400e6 << Step {Unit::Year, 5} << u"2030"_s << QString();
        QTest::newRow("200 years") << TimeScale::MaxTimeSpan << Step {Unit::Year, 20} << u"2040"_s << QString();
    }
    void steps()
    {
        QFETCH(double, span);
        QFETCH(Step, step);
        QFETCH(QString, firstLabel);
        QFETCH(QString, firstContext);
        const TimeScale scale = timeScale(utc(u"2025-03-17T15:47:03.250Z"_s), span, 1000);
        const TimeTicks ticks(scale, {99, 8, QTimeZone::utc()});
        QCOMPARE(ticks.step(), step);
        checkWellFormed(ticks, scale);
        const QStringList labels = majorLabels(ticks);
        QVERIFY(labels.size() >= 2);
        QVERIFY(labels.size() <= 11);
        QCOMPARE(labels.first(), firstLabel);
        const QStringList context = contextLabels(ticks);
        QCOMPARE(context.value(0), firstContext);
        if (!context.isEmpty())
            QCOMPARE(ticks.context().front().x, 0.0);
        // Labels keep their distance (calendar months and years vary in length, so only fixed steps are exact).
        if (step.unit <= Unit::Hour) {
            double previous = -1e9;
            for (const TimeTick& tick : ticks.ticks()) {
                if (!tick.major)
                    continue;
                QVERIFY(tick.x - previous >= 99 - 1e-6);
                previous = tick.x;
            }
        }
    }

    void labels_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<double>("span");
        QTest::addColumn<double>("spacing");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QStringList>("context");
        QTest::newRow("quarter hours") << u"2025-03-17T15:40:00Z"_s << 3600e6 << 100.0
                                       << QStringList {u"15:45"_s, u"16:00"_s, u"16:15"_s, u"16:30"_s}
                                       << QStringList {u"2025-03-17"_s};
        QTest::newRow("over midnight") << u"2025-03-17T20:00:00Z"_s << 8 * 3600e6 << 100.0
                                       << QStringList {u"20:00"_s, u"21:00"_s, u"22:00"_s, u"23:00"_s, u"00:00"_s,
                                              u"01:00"_s, u"02:00"_s, u"03:00"_s, u"04:00"_s}
                                       << QStringList {u"2025-03-17"_s, u"2025-03-18"_s};
        QTest::newRow("months") << u"2025-01-01T00:00:00Z"_s << 360 * 86400e6 << 60.0
                                << QStringList {u"Jan"_s, u"Feb"_s, u"Mar"_s, u"Apr"_s, u"May"_s, u"Jun"_s, u"Jul"_s,
                                       u"Aug"_s, u"Sep"_s, u"Oct"_s, u"Nov"_s, u"Dec"_s}
                                << QStringList {u"2025"_s}; // the boundary at x = 0 replaces the start label
        QTest::newRow("years") << u"2020-06-01T00:00:00Z"_s << 10 * 365.2425 * 86400e6 << 99.0
                               << QStringList {u"2021"_s, u"2022"_s, u"2023"_s, u"2024"_s, u"2025"_s, u"2026"_s,
                                      u"2027"_s, u"2028"_s, u"2029"_s, u"2030"_s}
                               << QStringList();
        QTest::newRow("milliseconds") << u"2025-03-17T15:47:03.000Z"_s << 0.5e6 << 100.0
                                      << QStringList {u"03.000"_s, u"03.050"_s, u"03.100"_s, u"03.150"_s, u"03.200"_s,
                                             u"03.250"_s, u"03.300"_s, u"03.350"_s, u"03.400"_s, u"03.450"_s,
                                             u"03.500"_s}
                                      << QStringList {u"2025-03-17 15:47"_s};
        QTest::newRow("over a minute") << u"2025-03-17T15:47:59.800Z"_s << 0.5e6 << 100.0
                                       << QStringList {u"59.800"_s, u"59.850"_s, u"59.900"_s, u"59.950"_s, u"00.000"_s,
                                              u"00.050"_s, u"00.100"_s, u"00.150"_s, u"00.200"_s, u"00.250"_s,
                                              u"00.300"_s}
                                       << QStringList {u"2025-03-17 15:47"_s, u"2025-03-17 15:48"_s};
    }
    void labels()
    {
        QFETCH(QString, from);
        QFETCH(double, span);
        QFETCH(double, spacing);
        QFETCH(QStringList, labels);
        QFETCH(QStringList, context);
        const TimeScale scale = timeScale(utc(from), span, 1000);
        const TimeTicks ticks(scale, {spacing, 8, QTimeZone::utc()});
        checkWellFormed(ticks, scale);
        QCOMPARE(majorLabels(ticks), labels);
        QCOMPARE(contextLabels(ticks), context);
    }

    void minorTicksFallBetweenLabels()
    {
        const TimeScale scale = timeScale(utc(u"2025-03-17T15:40:00Z"_s), 3600e6, 1000);
        const TimeTicks ticks(scale, {100, 8, QTimeZone::utc()});
        QCOMPARE(ticks.minorStep(), (Step {Unit::Minute, 5}));
        // 15-minute labels with 5-minute minors: two minors between neighbouring labels.
        int minorsBetween = 0;
        int majors = 0;
        for (const TimeTick& tick : ticks.ticks()) {
            if (tick.major) {
                if (majors++ > 0)
                    QCOMPARE(minorsBetween, 2);
                minorsBetween = 0;
            } else {
                ++minorsBetween;
            }
        }
        // Too dense to draw: left out.
        const TimeTicks sparse(scale, {100, 90, QTimeZone::utc()});
        QCOMPARE(sparse.minorStep(), sparse.step());
        for (const TimeTick& tick : sparse.ticks())
            QVERIFY(tick.major);
    }

    void labelLengthDecidesTheSpacing_data()
    {
        QTest::addColumn<double>("span");
        QTest::addColumn<Step>("step");
        // A character is 10 px: "15:47" needs 70 px, "03.250" 80, "03.250100" 110.
        QTest::newRow("minutes pack closer") << 3600e6 << Step {Unit::Minute, 5};
        QTest::newRow("milliseconds") << 1e6 << Step {Unit::Millisecond, 100};
        QTest::newRow("microseconds") << 1e3 << Step {Unit::Microsecond, 500};
    }
    void labelLengthDecidesTheSpacing()
    {
        QFETCH(double, span);
        QFETCH(Step, step);
        const TimeScale scale = timeScale(utc(u"2025-03-17T15:40:00Z"_s), span, 1000);
        TimeTicks::Options options {0, 8, QTimeZone::utc(), 10};
        const TimeTicks ticks(scale, options);
        QCOMPARE(ticks.step(), step);
        checkWellFormed(ticks, scale);
        // Revisions: the digits of the largest number in view.
        TimeScale revisions(TimeScale::Axis::Revision, 1000);
        revisions.setRange(0, 100000); // "100000" + 2: 80 px, so a step of 8,000 rounds up to 10,000
        QCOMPARE(TimeTicks(revisions, options).step(), (Step {Unit::Revision, 10000}));
    }

    void zones_data()
    {
        QTest::addColumn<QTimeZone>("zone");
        QTest::addColumn<QString>("from");
        QTest::addColumn<double>("span");
        QTest::addColumn<QStringList>("labels");
        QTest::addColumn<QString>("firstTickUtc");
        QTest::addColumn<QStringList>("context");
        QTest::newRow("UTC") << QTimeZone::utc() << u"2025-03-17T20:00:00Z"_s << 8 * 3600e6
                             << QStringList {u"20:00"_s, u"21:00"_s, u"22:00"_s, u"23:00"_s, u"00:00"_s, u"01:00"_s,
                                    u"02:00"_s, u"03:00"_s, u"04:00"_s}
                             << u"2025-03-17T20:00:00Z"_s << QStringList {u"2025-03-17"_s, u"2025-03-18"_s};
        // Half an hour off UTC: the hours fall on local hours, half past in UTC, and the date is already the next.
        QTest::newRow("UTC+05:30") << QTimeZone(5 * 3600 + 1800) << u"2025-03-17T20:00:00Z"_s << 8 * 3600e6
                                   << QStringList {u"02:00"_s, u"03:00"_s, u"04:00"_s, u"05:00"_s, u"06:00"_s,
                                          u"07:00"_s, u"08:00"_s, u"09:00"_s}
                                   << u"2025-03-17T20:30:00Z"_s << QStringList {u"2025-03-18"_s};
        // Daylight saving starts at 02:00 local: that hour does not exist, 03:00 follows 01:00.
        QTest::newRow("Berlin, spring forward")
            << QTimeZone(QByteArray("Europe/Berlin")) << u"2025-03-29T22:00:00Z"_s << 8 * 3600e6
            << QStringList {u"23:00"_s, u"00:00"_s, u"01:00"_s, u"03:00"_s, u"04:00"_s, u"05:00"_s, u"06:00"_s,
                   u"07:00"_s, u"08:00"_s}
            << u"2025-03-29T22:00:00Z"_s << QStringList {u"2025-03-29"_s, u"2025-03-30"_s};
    }
    void zones()
    {
        QFETCH(QTimeZone, zone);
        QFETCH(QString, from);
        QFETCH(double, span);
        QFETCH(QStringList, labels);
        QFETCH(QString, firstTickUtc);
        QFETCH(QStringList, context);
        const QTimeZone& timeZone = zone;
        if (!timeZone.isValid())
            QSKIP("This system has no data for the zone");
        const TimeScale scale = timeScale(utc(from), span, 1000);
        const TimeTicks ticks(scale, {100, 8, timeZone});
        checkWellFormed(ticks, scale);
        QCOMPARE(ticks.step(), (Step {Unit::Hour, 1}));
        QCOMPARE(majorLabels(ticks), labels);
        QCOMPARE(contextLabels(ticks), context);
        const auto firstMajor
            = std::find_if(ticks.ticks().begin(), ticks.ticks().end(), [](const TimeTick& t) { return t.major; });
        QCOMPARE(firstMajor->value, utc(firstTickUtc));
    }

    void revisions_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QStringList>("labels");
        QTest::newRow("each") << 0.5 << 5.5 << qint64(1) << qint64(1)
                              << QStringList {u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s};
        QTest::newRow("fives") << 0.0 << 30.0 << qint64(5) << qint64(1)
                               << QStringList {u"5"_s, u"10"_s, u"15"_s, u"20"_s, u"25"_s, u"30"_s};
        QTest::newRow("thousands") << 0.0 << 10000.0 << qint64(1000) << qint64(200)
                                   << QStringList {u"1000"_s, u"2000"_s, u"3000"_s, u"4000"_s, u"5000"_s, u"6000"_s,
                                          u"7000"_s, u"8000"_s, u"9000"_s, u"10000"_s};
        QTest::newRow("two hundreds") << 1000.0 << 3000.0 << qint64(200) << qint64(100)
                                      << QStringList {u"1000"_s, u"1200"_s, u"1400"_s, u"1600"_s, u"1800"_s, u"2000"_s,
                                             u"2200"_s, u"2400"_s, u"2600"_s, u"2800"_s, u"3000"_s};
    }
    void revisions()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(qint64, step);
        QFETCH(qint64, minor);
        QFETCH(QStringList, labels);
        TimeScale scale(TimeScale::Axis::Revision, 500);
        scale.setRange(from, to);
        const TimeTicks ticks(scale, {50, 8, QTimeZone::utc()});
        checkWellFormed(ticks, scale);
        QCOMPARE(ticks.step(), (Step {Unit::Revision, step}));
        QCOMPARE(ticks.minorStep(), (Step {Unit::Revision, minor}));
        QCOMPARE(majorLabels(ticks), labels);
        QVERIFY(ticks.context().empty());
    }

    void formatInstant()
    {
        const auto t = qint64(utc(u"2025-03-17T15:47:03.250Z"_s)) + 999; // microseconds below the millisecond
        QCOMPARE(TimeTicks::formatInstant(t, QTimeZone::utc()), u"2025-03-17 15:47:03.250 UTC"_s);
        const QString local = TimeTicks::formatInstant(t, QTimeZone(5 * 3600 + 1800));
        QVERIFY2(local.startsWith(u"2025-03-17 21:17:03.250"_s), qPrintable(local));
        // Before the epoch the milliseconds still round down, not towards zero.
        QCOMPARE(TimeTicks::formatInstant(-1, QTimeZone::utc()), u"1969-12-31 23:59:59.999 UTC"_s);
    }
};

QTEST_GUILESS_MAIN(TestTimeTicks)
#include "tst_timeticks.moc"
