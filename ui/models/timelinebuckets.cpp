// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelinebuckets.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace flashback {

namespace {

// The first rank in [lo, hi) for which `pred` holds, `pred` being false then true along the ranks (hi if never).
template <typename Pred> qsizetype firstRank(qsizetype lo, qsizetype hi, Pred pred)
{
    while (lo < hi) {
        const qsizetype mid = lo + (hi - lo) / 2;
        if (pred(mid))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

// The same, probing lo, lo + 1, lo + 3, lo + 7, … first: the end of a pixel column is usually near its start,
// and probes near each other hit the cache where a binary search over a million events would miss it each time.
template <typename Pred> qsizetype gallop(qsizetype lo, qsizetype hi, Pred pred)
{
    qsizetype bound = lo;
    for (qsizetype step = 1; bound < hi && !pred(bound); step *= 2) {
        lo = bound + 1;
        bound += step;
    }
    return firstRank(lo, std::min(bound, hi), pred);
}

// The same, starting at a guess: neighbouring columns of a timeline hold similar counts, so the last column's
// count predicts where this one ends and a handful of probes near the guess settle it.
template <typename Pred> qsizetype gallopFrom(qsizetype lo, qsizetype hi, qsizetype guess, Pred pred)
{
    guess = std::clamp(guess, lo, hi);
    if (guess < hi && !pred(guess))
        return gallop(guess + 1, hi, pred);
    // The answer is in [lo, guess]: step back in doubling steps until pred fails, then search that gap.
    qsizetype upper = guess; // pred(upper) holds, or upper == hi
    for (qsizetype step = 1; upper > lo; step *= 2) {
        const qsizetype probe = std::max(lo, upper - step);
        if (!pred(probe))
            return firstRank(probe + 1, upper, pred);
        upper = probe;
    }
    return lo;
}

} // namespace

TimelineBuckets::TimelineBuckets(std::shared_ptr<const StreamIndex> index, const TimelineBuckets* previous)
    : m_index(index ? std::move(index) : std::make_shared<const StreamIndex>())
{
    const StreamIndex& events = *m_index;
    const qsizetype n = events.size();
    m_size = n;
    Q_ASSERT(quint64(n) < quint64(std::numeric_limits<quint32>::max()));
    m_typeCount = std::max<qsizetype>(1, events.typeNames.size());
    // Larger blocks for many types keep the prefix table near a byte an event; a handful of types gets 32.
    while (m_blockSize < 2 * m_typeCount)
        m_blockSize *= 2;
    if (n > 0) {
        const auto [lo, hi] = std::minmax_element(events.occurredAt.begin(), events.occurredAt.begin() + n);
        m_minTime = double(*lo);
        m_maxTime = double(*hi);
    }

    m_timeSorted = events.occurredAtSorted();
    if (!m_timeSorted) {
        const std::vector<qint64>& at = events.occurredAt;
        // Equal instants keep the revision order, so ranks are unique and rankOf can search for (time, index).
        auto earlier = [&at](quint32 a, quint32 b) { return at[a] < at[b] || (at[a] == at[b] && a < b); };
        std::vector<quint32>& permutation = m_timeOrder.permutation;
        permutation.resize(size_t(n));
        qsizetype kept = 0;
        // Live events only append: the old order stays valid and the new tail is merged in, O(n) not O(n log n).
        if (previous && previous != this && previous->m_index->streamId == events.streamId
            && previous->m_index->firstRevision == events.firstRevision && previous->size() <= n && previous->size() > 0
            && previous->m_index->occurredAt[size_t(previous->size() - 1)] == at[size_t(previous->size() - 1)]) {
            kept = previous->size();
            if (previous->m_timeSorted)
                std::iota(permutation.begin(), permutation.begin() + kept, quint32(0));
            else
                std::copy(previous->m_timeOrder.permutation.begin(), previous->m_timeOrder.permutation.end(),
                    permutation.begin());
        }
        std::iota(permutation.begin() + kept, permutation.end(), quint32(kept));
        std::sort(permutation.begin() + kept, permutation.end(), earlier);
        std::inplace_merge(permutation.begin(), permutation.begin() + kept, permutation.end(), earlier);
        m_timeOrder.times.reserve(size_t(n));
        m_timeOrder.types.reserve(size_t(n));
        for (const quint32 i : permutation) {
            m_timeOrder.times.push_back(at[i]);
            m_timeOrder.types.push_back(events.typeIds[i]);
        }
        buildPrefix(m_timeOrder);
    }
    buildPrefix(m_revisionOrder);
}

void TimelineBuckets::buildPrefix(Order& order) const
{
    const qsizetype blocks = size() / m_blockSize;
    const auto types = size_t(m_typeCount);
    order.prefix.assign(size_t(blocks + 1) * types, 0);
    std::vector<quint32> running(types, 0);
    const quint16* typeIds = order.types.empty() ? m_index->typeIds.data() : order.types.data();
    for (qsizetype block = 0; block < blocks; ++block) {
        for (qsizetype rank = block * m_blockSize; rank < (block + 1) * m_blockSize; ++rank)
            ++running[typeIds[rank]];
        std::copy(running.begin(), running.end(), order.prefix.begin() + qsizetype(size_t(block + 1) * types));
    }
}

const TimelineBuckets::Order& TimelineBuckets::order(TimeScale::Axis axis) const
{
    return axis == TimeScale::Axis::Time && !m_timeSorted ? m_timeOrder : m_revisionOrder;
}

TimelineBuckets::Keys TimelineBuckets::keys(const Order& order, TimeScale::Axis axis) const
{
    Keys keys;
    if (axis == TimeScale::Axis::Time)
        keys.times = order.times.empty() ? m_index->occurredAt.data() : order.times.data();
    keys.firstRevision = double(m_index->firstRevision);
    keys.types = order.types.empty() ? m_index->typeIds.data() : order.types.data();
    return keys;
}

qsizetype TimelineBuckets::indexOf(const Order& order, qsizetype rank) const
{
    return order.permutation.empty() ? rank : qsizetype(order.permutation[size_t(rank)]);
}

double TimelineBuckets::value(qsizetype index, TimeScale::Axis axis) const
{
    return axis == TimeScale::Axis::Revision ? double(m_index->revisionAt(index))
                                             : double(m_index->occurredAt[size_t(index)]);
}

double TimelineBuckets::minValue(TimeScale::Axis axis) const
{
    return axis == TimeScale::Axis::Revision ? double(m_index->firstRevision) : m_minTime;
}

double TimelineBuckets::maxValue(TimeScale::Axis axis) const
{
    // From the size these buckets were built for: the index may have grown in place since.
    return axis == TimeScale::Axis::Revision ? double(m_index->firstRevision + m_size - 1) : m_maxTime;
}

std::pair<qsizetype, qsizetype> TimelineBuckets::visibleRanks(const TimeScale& scale, const Keys& keys) const
{
    const double from = scale.from();
    const double to = scale.to();
    const qsizetype begin = firstRank(0, size(), [&](qsizetype r) { return keys(r) >= from; });
    const qsizetype end = firstRank(begin, size(), [&](qsizetype r) { return keys(r) > to; });
    return {begin, end};
}

quint16 TimelineBuckets::dominantType(
    const Order& order, const Keys& keys, qsizetype begin, qsizetype end, std::vector<qsizetype>& counts) const
{
    const quint16* types = keys.types;
    if (end - begin == 1)
        return types[begin];
    quint16 best = 0;
    qsizetype bestCount = 0;
    if (end - begin <= 2 * m_blockSize) {
        // Counts only grow, so the running best (ties to the smaller id) ends as the true one.
        for (qsizetype rank = begin; rank < end; ++rank) {
            const quint16 type = types[rank];
            const qsizetype count = ++counts[type];
            if (count > bestCount || (count == bestCount && type < best)) {
                best = type;
                bestCount = count;
            }
        }
        for (qsizetype rank = begin; rank < end; ++rank)
            counts[types[rank]] = 0;
        return best;
    }
    // Whole blocks come from the prefix table; only the ragged ends are walked.
    const qsizetype firstBlock = (begin + m_blockSize - 1) / m_blockSize;
    const qsizetype endBlock = end / m_blockSize;
    for (qsizetype rank = begin; rank < firstBlock * m_blockSize; ++rank)
        ++counts[types[rank]];
    for (qsizetype rank = endBlock * m_blockSize; rank < end; ++rank)
        ++counts[types[rank]];
    const quint32* high = order.prefix.data() + endBlock * m_typeCount;
    const quint32* low = order.prefix.data() + firstBlock * m_typeCount;
    for (qsizetype type = 0; type < m_typeCount; ++type) {
        const qsizetype count = counts[size_t(type)] + qsizetype(high[type]) - qsizetype(low[type]);
        counts[size_t(type)] = 0;
        if (count > bestCount) {
            best = quint16(type);
            bestCount = count;
        }
    }
    return best;
}

TimelineBuckets::Result TimelineBuckets::compute(const TimeScale& scale) const
{
    Result result;
    if (isEmpty())
        return result;
    const Order& ord = order(scale.axis());
    const Keys key = keys(ord, scale.axis());
    const auto [begin, end] = visibleRanks(scale, key);
    result.visibleCount = end - begin;
    const int width = scale.width();
    if (double(result.visibleCount) * MarkSpacing <= width) {
        result.marks.reserve(size_t(result.visibleCount));
        for (qsizetype rank = begin; rank < end; ++rank)
            result.marks.push_back({indexOf(ord, rank), scale.toPixel(key(rank))});
        return result;
    }
    result.dense = true;
    // An event at exactly `to` maps to x == width and joins the last column.
    auto column = [&](qsizetype rank) { return std::clamp(int(std::floor(scale.toPixel(key(rank)))), 0, width - 1); };
    std::vector<qsizetype> counts(size_t(m_typeCount), 0);
    // One search per non-empty column, starting where the last ended: empty columns cost nothing.
    qsizetype lastCount = 1;
    for (qsizetype rank = begin; rank < end;) {
        const int c = column(rank);
        const qsizetype next = gallopFrom(rank + 1, end, rank + lastCount, [&](qsizetype r) { return column(r) > c; });
        lastCount = next - rank;
        const Bucket bucket {
            c, next - rank, dominantType(ord, key, rank, next, counts), indexOf(ord, rank), indexOf(ord, next - 1)};
        result.maxBucketCount = std::max(result.maxBucketCount, bucket.count);
        result.buckets.push_back(bucket);
        rank = next;
    }
    return result;
}

TimelineBuckets::Bucket TimelineBuckets::bucketAt(const TimeScale& scale, int column) const
{
    Bucket bucket;
    bucket.column = column;
    if (isEmpty() || column < 0 || column >= scale.width())
        return bucket;
    const Order& ord = order(scale.axis());
    const Keys key = keys(ord, scale.axis());
    const auto [begin, end] = visibleRanks(scale, key);
    auto columnOf
        = [&](qsizetype rank) { return std::clamp(int(std::floor(scale.toPixel(key(rank)))), 0, scale.width() - 1); };
    const qsizetype first = firstRank(begin, end, [&](qsizetype r) { return columnOf(r) >= column; });
    const qsizetype last = firstRank(first, end, [&](qsizetype r) { return columnOf(r) > column; });
    bucket.count = last - first;
    if (bucket.count > 0) {
        std::vector<qsizetype> counts(size_t(m_typeCount), 0);
        bucket.dominantType = dominantType(ord, key, first, last, counts);
        bucket.first = indexOf(ord, first);
        bucket.last = indexOf(ord, last - 1);
    }
    return bucket;
}

std::optional<TimelineBuckets::Mark> TimelineBuckets::hitTest(const TimeScale& scale, double x, double tolerance) const
{
    if (isEmpty())
        return std::nullopt;
    const Order& ord = order(scale.axis());
    const Keys key = keys(ord, scale.axis());
    const double target = scale.toValue(x);
    // The nearest event is the first at or after the target or the last before it; of equal instants the first.
    const qsizetype after = firstRank(0, size(), [&](qsizetype r) { return key(r) >= target; });
    std::optional<Mark> best;
    double bestDistance = tolerance;
    if (after > 0) {
        const double before = key(after - 1);
        const qsizetype rank = firstRank(0, after, [&](qsizetype r) { return key(r) >= before; });
        const double px = scale.toPixel(before);
        if (std::abs(px - x) <= bestDistance) {
            best = Mark {indexOf(ord, rank), px};
            bestDistance = std::abs(px - x);
        }
    }
    if (after < size()) {
        const double px = scale.toPixel(key(after));
        if (std::abs(px - x) < bestDistance || (!best && std::abs(px - x) <= bestDistance))
            best = Mark {indexOf(ord, after), px};
    }
    return best;
}

qsizetype TimelineBuckets::rankOf(qsizetype index, TimeScale::Axis axis) const
{
    const Order& ord = order(axis);
    if (ord.permutation.empty())
        return index;
    // Ranks are ordered by (time, index): search for the pair.
    const qint64 t = m_index->occurredAt[size_t(index)];
    return firstRank(0, size(), [&](qsizetype r) {
        return ord.times[size_t(r)] > t
            || (ord.times[size_t(r)] == t && qsizetype(ord.permutation[size_t(r)]) >= index);
    });
}

qsizetype TimelineBuckets::indexAtRank(qsizetype rank, TimeScale::Axis axis) const
{
    return indexOf(order(axis), rank);
}

} // namespace flashback
