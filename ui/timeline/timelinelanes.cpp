// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelinelanes.h"

#include <algorithm>
#include <utility>

namespace flashback {

void TimelineLanes::set(QList<TimelineLane> lanes, bool darkBackground)
{
    const QString selectedStream = selectedStreamId();
    const qint64 selectedRev = selectedRevision();
    std::vector<Entry> old = std::exchange(m_entries, {});
    m_entries.reserve(size_t(lanes.size()));
    for (TimelineLane& lane : lanes) {
        Entry entry;
        const auto fits = [&lane](const std::shared_ptr<const TimelineBuckets>& buckets) {
            return buckets && lane.index && buckets->sharedIndex() == lane.index
                && buckets->size() == lane.index->size();
        };
        // Buckets the worker built, or those this lane had already (the stream stayed open beside a new one):
        // building them again would sort a backdated stream on the GUI thread.
        std::shared_ptr<const TimelineBuckets> previous;
        for (const Entry& was : old) {
            if (was.lane.streamId == lane.streamId && was.buckets && was.buckets->sharedIndex() == lane.index)
                previous = was.buckets;
        }
        if (fits(lane.buckets))
            entry.buckets = std::move(lane.buckets);
        else if (fits(previous))
            entry.buckets = previous;
        else
            entry.buckets = std::make_shared<const TimelineBuckets>(lane.index, previous.get());
        lane.buckets = nullptr; // the entry holds them; a lane that kept a copy would keep a stale one alive
        entry.lane = std::move(lane);
        styleEntry(entry, darkBackground);
        m_entries.push_back(std::move(entry));
    }
    m_selectedLane = -1;
    m_selectedIndex = -1;
    m_currentLane = 0;
    int lane = -1;
    qsizetype index = -1;
    if (locate(selectedStream, selectedRev, lane, index))
        select(lane, index);
}

int TimelineLanes::update(const QString& streamId, std::shared_ptr<const StreamIndex> index, bool darkBackground)
{
    const int lane = find(streamId);
    if (lane < 0)
        return -1;
    Entry& entry = m_entries[size_t(lane)];
    auto grown = std::make_shared<const TimelineBuckets>(index, entry.buckets.get());
    entry.buckets = std::move(grown);
    entry.lane.index = std::move(index);
    styleEntry(entry, darkBackground);
    // A replaced (not grown) index may have lost the selected revision.
    if (m_selectedLane == lane && m_selectedIndex >= entry.buckets->size())
        clearSelection();
    return lane;
}

void TimelineLanes::restyle(bool darkBackground)
{
    for (Entry& entry : m_entries)
        styleEntry(entry, darkBackground);
}

void TimelineLanes::styleEntry(Entry& entry, bool darkBackground) const
{
    // Looked up once per type, not per mark: a paint then indexes a vector.
    const QStringList& names = entry.buckets->index().typeNames;
    entry.styles.clear();
    entry.styles.reserve(size_t(names.size()));
    for (const QString& name : names)
        entry.styles.push_back(EventTypeColors::style(name, darkBackground));
}

int TimelineLanes::find(const QString& streamId) const
{
    const auto found = std::find_if(
        m_entries.begin(), m_entries.end(), [&](const Entry& entry) { return entry.lane.streamId == streamId; });
    return found == m_entries.end() ? -1 : int(found - m_entries.begin());
}

QString TimelineLanes::title(int lane) const
{
    const TimelineLane& l = at(lane).lane;
    return l.label.isEmpty() ? l.streamId : l.label;
}

QStringList TimelineLanes::types() const
{
    QStringList types;
    for (const Entry& entry : m_entries)
        types += entry.buckets->index().typeNames;
    return types;
}

bool TimelineLanes::range(TimeScale::Axis axis, double& min, double& max) const
{
    bool any = false;
    for (const Entry& entry : m_entries) {
        if (entry.buckets->isEmpty())
            continue;
        const double lo = entry.buckets->minValue(axis);
        const double hi = entry.buckets->maxValue(axis);
        min = any ? std::min(min, lo) : lo;
        max = any ? std::max(max, hi) : hi;
        any = true;
    }
    return any;
}

QString TimelineLanes::selectedStreamId() const
{
    return m_selectedLane >= 0 ? at(m_selectedLane).lane.streamId : QString();
}

qint64 TimelineLanes::selectedRevision() const
{
    return m_selectedLane >= 0 ? at(m_selectedLane).buckets->index().revisionAt(m_selectedIndex) : -1;
}

bool TimelineLanes::select(int lane, qsizetype index)
{
    const bool changed = lane != m_selectedLane || index != m_selectedIndex;
    m_selectedLane = lane;
    m_selectedIndex = index;
    m_currentLane = lane;
    return changed;
}

bool TimelineLanes::locate(const QString& streamId, qint64 revision, int& lane, qsizetype& index) const
{
    lane = find(streamId);
    if (lane < 0)
        return false;
    const StreamIndex& events = at(lane).buckets->index();
    if (revision < events.firstRevision || revision > events.lastRevision())
        return false;
    index = revision - events.firstRevision;
    return true;
}

void TimelineLanes::clearSelection()
{
    m_selectedLane = -1;
    m_selectedIndex = -1;
}

qsizetype TimelineLanes::neighbour(int lane, int step, TimeScale::Axis axis) const
{
    if (lane < 0 || lane >= count() || at(lane).buckets->isEmpty())
        return -1;
    const TimelineBuckets& buckets = *at(lane).buckets;
    qsizetype rank = step >= 0 ? 0 : buckets.size() - 1;
    if (m_selectedLane == lane)
        rank = std::clamp<qsizetype>(buckets.rankOf(m_selectedIndex, axis) + step, 0, buckets.size() - 1);
    return buckets.indexAtRank(rank, axis);
}

} // namespace flashback
