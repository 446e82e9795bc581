// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/timelinebuckets.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

using namespace flashback;
using namespace Qt::StringLiterals;

namespace {

using Axis = TimeScale::Axis;
using Bucket = TimelineBuckets::Bucket;

// A stream from a compact text form: "TYPE@micros" separated by spaces, revisions 1, 2, 3, …
std::shared_ptr<StreamIndex> streamFrom(const QString& events)
{
    auto index = std::make_shared<StreamIndex>();
    index->streamId = u"user-1"_s;
    index->aggregateType = u"User"_s;
    qint64 position = 100;
    for (const QString& event : events.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype at = event.indexOf(u'@');
        index->append(position++, event.mid(at + 1).toLongLong(), event.left(at));
    }
    return index;
}

// `count` events at random instants in [0, spread) with `types` types, optionally in time order.
std::shared_ptr<StreamIndex> randomStream(qsizetype count, qint64 spread, int types, bool sorted, quint32 seed)
{
    QRandomGenerator random(seed);
    std::vector<qint64> times(static_cast<size_t>(count));
    for (qint64& t : times)
        t = random.bounded(spread);
    if (sorted)
        std::sort(times.begin(), times.end());
    auto index = std::make_shared<StreamIndex>();
    index->streamId = u"user-r"_s;
    for (int type = 0; type < types; ++type)
        index->typeId(u"TYPE_%1"_s.arg(type));
    for (qsizetype i = 0; i < count; ++i) {
        // Uniform: many columns tie, which checks that ties go to the smaller id as the brute force has it.
        const auto type = quint16(random.bounded(types));
        index->positions.push_back(i + 1);
        index->occurredAt.push_back(times[size_t(i)]);
        index->typeIds.push_back(type);
    }
    return index;
}

TimeScale scaleOf(Axis axis, double from, double to, int width)
{
    TimeScale scale(axis, width);
    scale.setRange(from, to);
    return scale;
}

// What compute() must return, by walking every event: the reference the fast path is checked against.
std::vector<Bucket> bruteForce(const StreamIndex& index, const TimeScale& scale)
{
    std::map<int, std::vector<std::pair<double, qsizetype>>> columns;
    for (qsizetype i = 0; i < index.size(); ++i) {
        const double value
            = scale.axis() == Axis::Time ? double(index.occurredAt[size_t(i)]) : double(index.revisionAt(i));
        if (!scale.contains(value))
            continue;
        const int column = std::clamp(int(std::floor(scale.toPixel(value))), 0, scale.width() - 1);
        columns[column].push_back({value, i});
    }
    std::vector<Bucket> buckets;
    for (auto& [column, events] : columns) {
        std::sort(events.begin(), events.end());
        std::vector<qsizetype> counts(size_t(index.typeNames.size()), 0);
        for (const auto& event : events)
            ++counts[index.typeIds[size_t(event.second)]];
        const auto dominant = quint16(std::max_element(counts.begin(), counts.end()) - counts.begin());
        buckets.push_back({column, qsizetype(events.size()), dominant, events.front().second, events.back().second});
    }
    return buckets;
}

} // namespace

Q_DECLARE_METATYPE(TimeScale::Axis)

class TestTimelineBuckets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sparseEventsAreMarks()
    {
        const TimelineBuckets buckets(streamFrom(u"A@0 B@100 A@250"_s));
        const auto result = buckets.compute(scaleOf(Axis::Time, 0, 1000, 1000));
        QVERIFY(!result.dense);
        QCOMPARE(result.visibleCount, 3);
        QCOMPARE(result.marks.size(), size_t(3));
        QCOMPARE(result.marks[1].index, 1);
        QCOMPARE(result.marks[1].x, 100.0);
        QCOMPARE(result.marks[2].x, 250.0);
    }

    void unsortedTimesAreMarkedInTimeOrder()
    {
        // Revision 1 is backdated to after revision 3.
        const TimelineBuckets buckets(streamFrom(u"A@300 B@100 C@200"_s));
        const auto result = buckets.compute(scaleOf(Axis::Time, 0, 1000, 1000));
        QCOMPARE(result.marks.size(), size_t(3));
        QCOMPARE(result.marks[0].index, 1);
        QCOMPARE(result.marks[1].index, 2);
        QCOMPARE(result.marks[2].index, 0);
        QCOMPARE(buckets.minValue(Axis::Time), 100.0);
        QCOMPARE(buckets.maxValue(Axis::Time), 300.0);
        QCOMPARE(buckets.rankOf(0, Axis::Time), 2);
        QCOMPARE(buckets.indexAtRank(0, Axis::Time), 1);
        // On the revision axis the order is the stream's.
        QCOMPARE(buckets.rankOf(0, Axis::Revision), 0);
        const auto byRevision = buckets.compute(scaleOf(Axis::Revision, 0.5, 4.5, 400));
        QCOMPARE(byRevision.marks[0].index, 0);
        QCOMPARE(byRevision.marks[0].x, 50.0);
        QCOMPARE(byRevision.marks[2].x, 250.0);
    }

    void edgesAreInside_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("dense");
        QTest::newRow("marks") << 100 << false;
        QTest::newRow("buckets") << 2 << true;
    }
    void edgesAreInside()
    {
        QFETCH(int, width);
        QFETCH(bool, dense);
        // The visible range is closed: events exactly at from and to are shown, their neighbours are not.
        const TimelineBuckets buckets(streamFrom(u"A@9999 B@10000 B@10000 C@15000 A@20000 A@20000 C@20001"_s));
        const auto result = buckets.compute(scaleOf(Axis::Time, 10000, 20000, width));
        QCOMPARE(result.dense, dense);
        QCOMPARE(result.visibleCount, 5);
        if (!dense) {
            QCOMPARE(result.marks.front().index, 1);
            QCOMPARE(result.marks.front().x, 0.0);
            QCOMPARE(result.marks.back().index, 5);
            QCOMPARE(result.marks.back().x, double(width));
            return;
        }
        // x == width joins the last column.
        QCOMPARE(result.buckets.size(), size_t(2));
        QCOMPARE(result.buckets[0].column, 0);
        QCOMPARE(result.buckets[0].count, 2);
        QCOMPARE(result.buckets[1].column, 1);
        QCOMPARE(result.buckets[1].count, 3);
        QCOMPARE(result.buckets[1].first, 3);
        QCOMPARE(result.buckets[1].last, 5);
        QCOMPARE(buckets.index().typeNames.at(result.buckets[1].dominantType), u"A"_s);
    }

    void denseMatchesBruteForce_data()
    {
        QTest::addColumn<Axis>("axis");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("types");
        QTest::addColumn<bool>("sorted");
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("width");
        // Columns of ~10 events (walked), of ~1,000 (from the prefix table) and everything in between.
        QTest::newRow("sorted, all, walked") << Axis::Time << 10000 << 5 << true << 0.0 << 1e6 << 1000;
        QTest::newRow("sorted, all, prefix") << Axis::Time << 200000 << 5 << true << 0.0 << 1e6 << 200;
        QTest::newRow("unsorted, all") << Axis::Time << 200000 << 7 << false << 0.0 << 1e6 << 300;
        QTest::newRow("unsorted, middle") << Axis::Time << 200000 << 7 << false << 333e3 << 345e3 << 250;
        QTest::newRow("sorted, off the end") << Axis::Time << 50000 << 3 << true << 900e3 << 1100e3 << 640;
        QTest::newRow("many types") << Axis::Time << 100000 << 300 << false << 0.0 << 1e6 << 100;
        QTest::newRow("revisions") << Axis::Revision << 200000 << 4 << false << 0.0 << 200001.0 << 500;
        QTest::newRow("revisions, zoomed") << Axis::Revision << 200000 << 4 << false << 1234.5 << 4321.0 << 777;
    }
    void denseMatchesBruteForce()
    {
        QFETCH(Axis, axis);
        QFETCH(int, count);
        QFETCH(int, types);
        QFETCH(bool, sorted);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, width);
        const auto index = randomStream(count, 1000000, types, sorted, quint32(count + types));
        QCOMPARE(index->occurredAtSorted(), sorted);
        const TimelineBuckets buckets(index);
        const TimeScale scale = scaleOf(axis, from, to, width);
        const auto result = buckets.compute(scale);
        QVERIFY(result.dense);
        QVERIFY(result.buckets.size() <= size_t(width));
        const std::vector<Bucket> expected = bruteForce(*index, scale);
        QCOMPARE(result.buckets.size(), expected.size());
        qsizetype total = 0;
        for (size_t i = 0; i < expected.size(); ++i) {
            const Bucket& got = result.buckets[i];
            const Bucket& want = expected[i];
            QCOMPARE(got.column, want.column);
            QCOMPARE(got.count, want.count);
            QCOMPARE(got.dominantType, want.dominantType);
            QCOMPARE(got.first, want.first);
            QCOMPARE(got.last, want.last);
            total += got.count;
            // bucketAt (the tooltip's query) agrees with the paint's.
            if (i % 37 == 0) {
                const Bucket single = buckets.bucketAt(scale, got.column);
                QCOMPARE(single.count, got.count);
                QCOMPARE(single.dominantType, got.dominantType);
                QCOMPARE(single.first, got.first);
            }
        }
        QCOMPARE(total, result.visibleCount);
    }

    void millionEventsGiveAtMostOneBucketPerColumn()
    {
        const auto index = randomStream(1000000, 365LL * 86400 * 1000000, 9, true, 7);
        const TimelineBuckets buckets(index);
        TimeScale scale(Axis::Time, 1200);
        scale.fit(buckets.minValue(Axis::Time), buckets.maxValue(Axis::Time));
        const auto result = buckets.compute(scale);
        QVERIFY(result.dense);
        QCOMPARE(result.visibleCount, 1000000);
        QVERIFY(result.buckets.size() <= 1200);
        qsizetype total = 0;
        for (const Bucket& bucket : result.buckets)
            total += bucket.count;
        QCOMPARE(total, 1000000);
    }

    void hitTest_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<qsizetype>("index"); // -1: nothing within the tolerance
        QTest::newRow("on a mark") << 100.0 << qsizetype(0);
        QTest::newRow("near the first") << 104.0 << qsizetype(0);
        QTest::newRow("nearer the second") << 106.0 << qsizetype(1);
        QTest::newRow("halfway: the earlier") << 105.0 << qsizetype(0);
        QTest::newRow("nothing near") << 200.0 << qsizetype(-1);
        QTest::newRow("just out of reach") << 305.5 << qsizetype(-1);
        QTest::newRow("equal instants: the first") << 499.0 << qsizetype(3);
        QTest::newRow("backdated") << 52.0 << qsizetype(6);
    }
    void hitTest()
    {
        QFETCH(double, x);
        QFETCH(qsizetype, index);
        const TimelineBuckets buckets(streamFrom(u"A@100 B@110 C@300 A@500 B@500 C@500 D@50"_s));
        const auto hit = buckets.hitTest(scaleOf(Axis::Time, 0, 1000, 1000), x, 5);
        QCOMPARE(hit ? hit->index : -1, index);
        if (hit)
            QCOMPARE(hit->x, buckets.value(hit->index, Axis::Time));
    }

    void growingKeepsTheOrder_data()
    {
        QTest::addColumn<bool>("sortedBefore");
        QTest::addColumn<bool>("inPlace");
        QTest::newRow("unsorted then unsorted, a copy") << false << false;
        QTest::newRow("sorted then unsorted, a copy") << true << false;
        // As OpenStreams grows an open stream: the same object the old buckets hold.
        QTest::newRow("unsorted then unsorted, in place") << false << true;
        QTest::newRow("sorted then unsorted, in place") << true << true;
    }
    void growingKeepsTheOrder()
    {
        QFETCH(bool, sortedBefore);
        QFETCH(bool, inPlace);
        const auto first = randomStream(5000, 1000000, 4, sortedBefore, 11);
        const auto original = std::make_shared<const StreamIndex>(*first);
        const TimelineBuckets before(first);
        // Live events: appended, some backdated into the middle.
        auto grown = inPlace ? first : std::make_shared<StreamIndex>(*first);
        StreamIndex more = *randomStream(700, 1000000, 5, false, 12);
        more.firstRevision = grown->lastRevision() + 1;
        more.streamId = grown->streamId;
        grown->append(more);
        // The old buckets still describe the events they were built for.
        QCOMPARE(before.size(), original->size());
        const TimelineBuckets unchanged(original);
        const TimeScale all = scaleOf(Axis::Time, 0, 1e6, 100);
        QCOMPARE(before.compute(all).visibleCount, unchanged.compute(all).visibleCount);
        const TimelineBuckets merged(grown, &before);
        const TimelineBuckets fresh(grown);
        for (qsizetype rank = 0; rank < grown->size(); ++rank) {
            QCOMPARE(merged.indexAtRank(rank, Axis::Time), fresh.indexAtRank(rank, Axis::Time));
            QCOMPARE(merged.rankOf(merged.indexAtRank(rank, Axis::Time), Axis::Time), rank);
        }
        const TimeScale scale = scaleOf(Axis::Time, 0, 1e6, 100);
        const auto a = merged.compute(scale);
        const auto b = fresh.compute(scale);
        QCOMPARE(a.buckets.size(), b.buckets.size());
        for (size_t i = 0; i < a.buckets.size(); ++i) {
            QCOMPARE(a.buckets[i].count, b.buckets[i].count);
            QCOMPARE(a.buckets[i].dominantType, b.buckets[i].dominantType);
        }
    }

    void emptyIndex()
    {
        const TimelineBuckets buckets(std::make_shared<StreamIndex>());
        const auto result = buckets.compute(scaleOf(Axis::Time, 0, 1000, 100));
        QVERIFY(result.marks.empty());
        QVERIFY(result.buckets.empty());
        QCOMPARE(result.visibleCount, 0);
        QVERIFY(!buckets.hitTest(scaleOf(Axis::Time, 0, 1000, 100), 10, 5));
        QCOMPARE(buckets.bucketAt(scaleOf(Axis::Time, 0, 1000, 100), 3).count, 0);
        const TimelineBuckets none(nullptr);
        QVERIFY(none.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTimelineBuckets)
#include "tst_timelinebuckets.moc"
