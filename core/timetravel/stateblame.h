// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"
#include "util/timestamp.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <atomic>
#include <map>

namespace flashback {

class DomainCatalog;
class EventStore;
class ReplayCheckpoints;

/// The event that last set a field of a state ("blame for state").
struct FieldBlame {
    qint64 revision = 0;
    Timestamp occurredAt;
    QString eventType;
    QString actor;

    bool operator==(const FieldBlame&) const = default;
};

/// Blame for every field of a stream's state at a revision: for each path of the state (objects and arrays and
/// what they hold, as JsonChange paths are written), the last event at or before the revision whose fold added or
/// changed that field, replaced or removed a field holding it, or changed anything inside it. What a new aggregate
/// starts with (its id, default values) counts as set by the first event.
///
/// Exact, not guessed from checkpoints (a field set A → B → A between two checkpoints is still blamed on the
/// event that set it back): each segment of 256 revisions is folded once, event by event, and what each event
/// changed is kept as "path → last revision in the segment that changed it". A blame then folds the revisions of
/// its own segment up to the asked one and walks back through the earlier segments' summaries until every path
/// has its event; a field set at creation and never touched again walks to the first segment, once, and the
/// summaries make every later walk a lookup per segment. Summaries are kept up to a memory budget; past it they
/// are computed and dropped. Not thread-safe: one owner, one thread (the window's store worker).
class StateBlame {
public:
    static constexpr qint64 SegmentRevisions = 256;

    explicit StateBlame(const DomainCatalog& catalog, qint64 memoryBudget = 16LL * 1024 * 1024);

    /// Blame for every path of the state at `revision`, that state folded through `checkpoints` (of the same
    /// stream). Cancelled (ErrorKind::Cancelled) when `cancel` is set; the segments summarised so far stay kept.
    Result<QHash<QString, FieldBlame>> blame(EventStore& store, const ReplayCheckpoints& checkpoints, qint64 revision,
        const std::atomic<bool>* cancel = nullptr);

    /// Approximate bytes held by the kept summaries.
    qint64 memoryBytes() const { return m_bytes; }
    qsizetype summarisedSegments() const { return qsizetype(m_segments.size()); }

private:
    /// What the events of one segment changed: the last revision in it that changed each path ("direct"), and
    /// the last that changed something below each path ("inside").
    struct Summary {
        QHash<QString, qint64> direct;
        QHash<QString, qint64> inside;
        qint64 bytes = 0;
    };
    /// Folds revisions (first .. last] with a diff after each event.
    Result<Summary> summarise(EventStore& store, const ReplayCheckpoints& checkpoints, qint64 first, qint64 last) const;

    const DomainCatalog& m_catalog;
    qint64 m_budget;
    qint64 m_bytes = 0;
    std::map<qint64, Summary> m_segments; ///< Complete segments, by index (revisions index*256+1 .. +256).
};

} // namespace flashback
