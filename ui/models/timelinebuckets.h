// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/streamindex.h"
#include "timescale.h"

#include <memory>
#include <optional>
#include <vector>

namespace flashback {

// What one timeline lane draws, for one StreamIndex and one scale, computed so that a paint costs
// O(pixels · log n) however many events the stream holds (hotspot's delegate walks every event on every paint).
//
// Built once per index: the order of the events along each axis (revision order is the index order; time order
// is a permutation when events were backdated) and, per block of 32 events of that order, cumulative counts by
// type, so the dominant type of a pixel column holding 100,000 events is a subtraction rather than a walk. Costs
// about 1.3 bytes an event (for ten types); a backdated stream adds its time order (4 bytes an event) and, for
// speed, its times and types in that order (10 bytes).
//
// "Rank" is a position in the axis order; "index" is an entry of the StreamIndex (revision firstRevision + index).
class TimelineBuckets {
public:
    // An event drawn on its own.
    struct Mark {
        qsizetype index = 0;
        double x = 0;
    };
    // All events of one pixel column, drawn as one density bar.
    struct Bucket {
        int column = 0;
        qsizetype count = 0;
        quint16 dominantType = 0; // the most frequent type id; ties go to the smaller id
        qsizetype first = 0; // index of the column's first event along the axis
        qsizetype last = 0; // index of its last
    };
    struct Result {
        bool dense = false; // buckets, not marks
        std::vector<Mark> marks;
        std::vector<Bucket> buckets;
        qsizetype visibleCount = 0;
        qsizetype maxBucketCount = 0;
    };
    // Marks while the visible events average at least this many pixels apart; density bars beyond.
    static constexpr double MarkSpacing = 3;

    // `previous`, a TimelineBuckets of an earlier, shorter version of the same stream (live events appended),
    // lets the time order be extended by a merge instead of sorted again.
    explicit TimelineBuckets(std::shared_ptr<const StreamIndex> index, const TimelineBuckets* previous = nullptr);

    const StreamIndex& index() const { return *m_index; }
    const std::shared_ptr<const StreamIndex>& sharedIndex() const { return m_index; }
    // The events these buckets were built for: the index may have grown in place since (live events).
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    // Where the event sits on `axis`: its occurredAt or its revision.
    double value(qsizetype index, TimeScale::Axis axis) const;
    // The smallest and largest value on `axis`; meaningless for an empty index.
    double minValue(TimeScale::Axis axis) const;
    double maxValue(TimeScale::Axis axis) const;

    Result compute(const TimeScale& scale) const;
    // The events of one pixel column of the scale (count 0 when there are none).
    Bucket bucketAt(const TimeScale& scale, int column) const;
    // The event nearest to pixel x within `tolerance` pixels; on a tie the earlier one along the axis.
    std::optional<Mark> hitTest(const TimeScale& scale, double x, double tolerance) const;

    qsizetype rankOf(qsizetype index, TimeScale::Axis axis) const;
    qsizetype indexAtRank(qsizetype rank, TimeScale::Axis axis) const;

private:
    struct Order {
        std::vector<quint32> permutation; // rank → index; empty means the identity
        // occurredAt and typeIds by rank, held only for a permutation: the searches and walks of a paint then
        // read memory in order instead of jumping through the permutation (a cache miss per event).
        std::vector<qint64> times;
        std::vector<quint16> types;
        std::vector<quint32> prefix; // (block * typeCount + type) → count of that type in ranks [0, block · B)
    };
    // The hot loops' view of one order on one axis: a key is one load, or none on the revision axis.
    struct Keys {
        const qint64* times = nullptr; // null: the revision axis, key = firstRevision + rank
        double firstRevision = 0;
        const quint16* types = nullptr;
        double operator()(qsizetype rank) const { return times ? double(times[rank]) : firstRevision + double(rank); }
    };

    const Order& order(TimeScale::Axis axis) const;
    Keys keys(const Order& order, TimeScale::Axis axis) const;
    qsizetype indexOf(const Order& order, qsizetype rank) const;
    // Ranks in [begin, end) that the scale shows, a closed range [from, to].
    std::pair<qsizetype, qsizetype> visibleRanks(const TimeScale& scale, const Keys& keys) const;
    quint16 dominantType(
        const Order& order, const Keys& keys, qsizetype begin, qsizetype end, std::vector<qsizetype>& counts) const;
    void buildPrefix(Order& order) const;

    std::shared_ptr<const StreamIndex> m_index;
    qsizetype m_size = 0;
    Order m_revisionOrder;
    Order m_timeOrder; // unused while occurredAt is sorted: then both axes share m_revisionOrder
    bool m_timeSorted = true;
    qsizetype m_typeCount = 0;
    qsizetype m_blockSize = 32;
    double m_minTime = 0;
    double m_maxTime = 0;
};

} // namespace flashback
