// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timetravel/jsondiff.h"
#include "timetravel/replaycheckpoints.h"
#include "timetravel/stateblame.h"

#include <QMutex>
#include <QString>

#include <list>
#include <memory>

namespace flashback {

class DomainCatalog;
class EventStore;

/// How far the replay cache of one stream got, for the State pane's status line.
struct ReplayProgress {
    QString streamId;
    qint64 folded = 0;
    qint64 head = 0;
    qint64 checkpoints = 0;
    qint64 bytes = 0;
    qint64 interval = 0;
    QList<qint64> driftedSnapshots;
    bool complete() const { return folded >= head; }
};

/// The state at one revision as the State pane shows it: the state, what this revision's event changed (against
/// the state before it), and how far the cache is.
struct StateView {
    StateAt at;
    QJsonObject before; ///< The state before this revision's event (empty at revision 1).
    QList<JsonChange> changes; ///< before -> at.state
    ReplayProgress cache;
};

/// The window's replay cache (ARCHITECTURE.md section 7): ReplayCheckpoints of the streams looked at most
/// recently (at most a few, so memory stays bounded), kept on the store's worker. Its methods run in worker jobs;
/// the mutex only guards against a job of a closing session overlapping one of the next.
class ReplayCache {
public:
    static constexpr int StreamsKept = 4;
    /// Events folded per build slice: small enough that a request queued behind a slice waits a few ms.
    static constexpr qint64 SliceEvents = 20000;

    explicit ReplayCache(const DomainCatalog& catalog);

    /// The state at `revision` of `streamId` with the changes of that revision's event, from the stream's
    /// checkpoints (started if it has none yet).
    Result<StateView> stateView(EventStore& store, const QString& streamId, qint64 revision);
    /// Differences from the state at revision `from` to the state at revision `to` (either order). A change of a
    /// field that `maskedKeys` mask keeps its path and kind, and shows its values as the placeholder.
    Result<QList<JsonChange>> diff(
        EventStore& store, const QString& streamId, qint64 from, qint64 to, const QStringList& maskedKeys);
    /// Folds one more slice of the stream's build; its progress after.
    Result<ReplayProgress> advance(EventStore& store, const QString& streamId);
    /// Who last set each field of the state at `revision` (StateBlame, kept with the stream's checkpoints).
    Result<QHash<QString, FieldBlame>> blame(
        EventStore& store, const QString& streamId, qint64 revision, const std::atomic<bool>* cancel);

private:
    struct Stream {
        std::unique_ptr<ReplayCheckpoints> checkpoints;
        std::unique_ptr<StateBlame> blame;
    };
    Result<Stream*> streamFor(EventStore& store, const QString& streamId);
    Result<ReplayCheckpoints*> checkpointsFor(EventStore& store, const QString& streamId);
    static ReplayProgress progressOf(const ReplayCheckpoints& checkpoints);

    const DomainCatalog& m_catalog;
    QMutex m_mutex;
    std::list<Stream> m_streams; ///< Most recently used first.
};

} // namespace flashback
