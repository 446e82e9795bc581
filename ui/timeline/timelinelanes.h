// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventtypecolors.h"
#include "models/timelinebuckets.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace flashback {

// One stream shown on the timeline.
struct TimelineLane {
    QString streamId;
    QString label; // shown instead of the stream id when set
    std::shared_ptr<const StreamIndex> index;
    // Built off the GUI thread for this index (OpenStreams::buckets()); null or stale ones are built here.
    std::shared_ptr<const TimelineBuckets> buckets;
};

// What the timeline shows, apart from how: the lanes with their buckets and type styles, the selected event and
// the lane the keyboard walks. Kept out of the widget so the view is left with layout, painting and input.
class TimelineLanes {
public:
    struct Entry {
        TimelineLane lane;
        std::shared_ptr<const TimelineBuckets> buckets;
        std::vector<EventTypeColors::Style> styles; // by type id of the lane's index
    };

    // Replaces every lane. The selection survives when its stream and revision are still there.
    void set(QList<TimelineLane> lanes, bool darkBackground);
    // The stream grew: its lane gets the new index (the old buckets lend their time order). Returns the lane, or
    // -1 when no lane shows the stream.
    int update(const QString& streamId, std::shared_ptr<const StreamIndex> index, bool darkBackground);
    void restyle(bool darkBackground);

    int count() const { return int(m_entries.size()); }
    bool isEmpty() const { return m_entries.empty(); }
    const Entry& at(int lane) const { return m_entries[size_t(lane)]; }
    int find(const QString& streamId) const;
    QString title(int lane) const;
    // The types of all lanes, for the legend.
    QStringList types() const;
    // The smallest and largest value of any event on `axis`; false when no lane has events.
    bool range(TimeScale::Axis axis, double& min, double& max) const;

    int selectedLane() const { return m_selectedLane; }
    qsizetype selectedIndex() const { return m_selectedIndex; }
    QString selectedStreamId() const;
    qint64 selectedRevision() const; // -1 when nothing is selected
    // Returns whether the selection changed. Also makes `lane` the current lane.
    bool select(int lane, qsizetype index);
    // The lane and index of `revision` of `streamId`; false when no lane holds it.
    bool locate(const QString& streamId, qint64 revision, int& lane, qsizetype& index) const;
    void clearSelection();

    // The lane the arrow keys walk: the selected one, else the one last clicked.
    int currentLane() const { return m_selectedLane >= 0 ? m_selectedLane : m_currentLane; }
    void setCurrentLane(int lane) { m_currentLane = lane; }
    // The event `step` places from the selected one along `axis` (clamped to the ends), or the first (step ≥ 0)
    // or last event when `lane` has no selection; -1 for an empty lane. Along the axis, not by revision: with
    // backdated events "next" is the mark to the right.
    qsizetype neighbour(int lane, int step, TimeScale::Axis axis) const;

private:
    void styleEntry(Entry& entry, bool darkBackground) const;

    std::vector<Entry> m_entries;
    int m_selectedLane = -1;
    qsizetype m_selectedIndex = -1;
    int m_currentLane = 0;
};

} // namespace flashback
