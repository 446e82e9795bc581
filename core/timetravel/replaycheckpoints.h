// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timetravel.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace flashback {

class Aggregate;
class DomainCatalog;
class EventStore;

struct ReplayCheckpointOptions {
    qint64 interval = 256; ///< Revisions between checkpoints, to start with.
    /// Bytes of checkpoint states kept; past it every other checkpoint is dropped and the interval doubles, so a
    /// long stream of large states stays bounded (a state is then two checkpoints' fold away, not one).
    qint64 memoryBudget = 64LL * 1024 * 1024;
};

/// In-memory states of one stream every few hundred revisions, so that the state at any revision is one
/// checkpoint plus a fold of the events after it (scrubbing, playing, diffing a long stream). Built by folding
/// the stream once, a slice at a time (advance), so a worker can answer other requests between slices; usable
/// while it is built. The store's snapshots in the aggregate's current format are checkpoints from the start;
/// when the fold reaches one and its state differs, the fold wins and the snapshot is reported as drifted.
/// Snapshots of another format are ignored. Not thread-safe: one owner, one thread.
class ReplayCheckpoints {
public:
    /// Reads the stream's type and head and its snapshots. NotFound (StreamNotFound) for no such stream.
    static Result<std::unique_ptr<ReplayCheckpoints>> start(
        EventStore& store, const DomainCatalog& catalog, const QString& streamId, ReplayCheckpointOptions options = {});
    ~ReplayCheckpoints();

    /// Folds up to `maxEvents` more events of the stream (as it was at start), checkpointing as it goes. True
    /// once every event is folded.
    Result<bool> advance(EventStore& store, qint64 maxEvents);
    /// The state after `revision`, from the nearest checkpoint at or before it (whatever the build has reached)
    /// and the events after it read from the store. Also beyond the head seen at start, if the stream grew.
    /// With `before`, also the state before that revision's event (empty at revision 1), from the same fold.
    Result<StateAt> stateAt(EventStore& store, qint64 revision, QJsonObject* before = nullptr) const;
    /// The stream's aggregate folded through `revision` (0: a fresh one), the same way, to fold on from.
    Result<std::unique_ptr<Aggregate>> aggregateAt(EventStore& store, qint64 revision) const;

    const QString& streamId() const { return m_streamId; }
    const QString& aggregateType() const { return m_aggregateType; }
    /// The stream's revision when the build started: what advance() folds up to.
    qint64 headRevision() const { return m_head; }
    qint64 foldedThrough() const { return m_foldedThrough; }
    bool isComplete() const { return m_foldedThrough >= m_head; }
    qint64 interval() const { return m_interval; }
    /// Bytes held by the checkpoint states.
    qint64 memoryBytes() const { return m_bytes; }
    qsizetype checkpointCount() const { return qsizetype(m_checkpoints.size()); }
    /// False when the aggregate cannot restore a state (every answer then folds from the first event).
    bool checkpointable() const { return m_checkpointable; }
    /// Revisions of snapshots whose state differed from the fold there (their checkpoints now hold the fold).
    const QList<qint64>& driftedSnapshots() const { return m_drifted; }
    /// Usable snapshots found at start, by revision.
    const QList<qint64>& snapshotRevisions() const { return m_snapshots; }

private:
    struct Checkpoint {
        qint64 revision = 0;
        Timestamp occurredAt;
        QByteArray state; ///< Compact JSON of Aggregate::state().
        bool fromSnapshot = false;
    };
    ReplayCheckpoints(const DomainCatalog& catalog, ReplayCheckpointOptions options);
    void keep(Checkpoint checkpoint);
    void thin();
    std::unique_ptr<Aggregate> restore(const Checkpoint* from) const;
    /// The aggregate at `revision` from the nearest checkpoint; fills `info`'s fields but the state.
    Result<std::unique_ptr<Aggregate>> foldTo(
        EventStore& store, qint64 revision, QJsonObject* before, StateAt* info) const;

    const DomainCatalog& m_catalog;
    ReplayCheckpointOptions m_options;
    qint64 m_interval = 256;
    QString m_streamId;
    QString m_aggregateType;
    bool m_generic = false;
    bool m_checkpointable = true;
    qint64 m_head = 0;
    qint64 m_foldedThrough = 0;
    Timestamp m_lastOccurredAt;
    std::unique_ptr<Aggregate> m_fold; ///< The build's aggregate, at m_foldedThrough.
    std::vector<Checkpoint> m_checkpoints; ///< By revision.
    qint64 m_bytes = 0;
    QList<qint64> m_drifted;
    QList<qint64> m_snapshots;
};

} // namespace flashback
