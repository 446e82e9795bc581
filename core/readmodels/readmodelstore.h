// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projectioncheckpoint.h"
#include "readmodelquery.h"
#include "readmodelsql.h"
#include "readmodeltable.h"
#include "readmodeltransaction.h"
#include "util/result.h"

#include <QList>

#include <chrono>
#include <memory>

namespace flashback {

/// A change to a projection's control state, applied atomically to its checkpoint row.
struct ProjectionControl {
    enum class Action {
        Pause,
        Resume, ///< Also clears a failure, so the failed event is tried again.
        MarkFailed, ///< `position` is the failing event, `error` its message.
        StartRebuild, ///< A new generation, built from zero beside the current one.
        FinishRebuild, ///< Swap: readers now see the rebuilt generation; the old tables are dropped.
        /// Abandon the rebuild: its tables are dropped and readers keep the current copy. A batch of the rebuild
        /// still running conflicts and is rolled back.
        CancelRebuild,
        Reset, ///< Forget the checkpoint and drop the read model (tests, and "rebuild in place").
    };
    Action action = Action::Pause;
    qint64 position = 0;
    QString error;

    static ProjectionControl pause() { return {Action::Pause, 0, {}}; }
    static ProjectionControl resume() { return {Action::Resume, 0, {}}; }
    static ProjectionControl markFailed(qint64 position, QString error)
    {
        return {Action::MarkFailed, position, std::move(error)};
    }
    static ProjectionControl startRebuild() { return {Action::StartRebuild, 0, {}}; }
    static ProjectionControl finishRebuild() { return {Action::FinishRebuild, 0, {}}; }
    static ProjectionControl cancelRebuild() { return {Action::CancelRebuild, 0, {}}; }
    static ProjectionControl reset() { return {Action::Reset, 0, {}}; }
};

/// Read models and projection checkpoints, in the same database as the events.
class ReadModelStore {
public:
    virtual ~ReadModelStore() = default;

    /// The checkpoint of `name`; a projection never run yet is at position 0, generation 1.
    virtual Result<ProjectionCheckpoint> checkpoint(const QString& name) = 0;
    virtual Result<QList<ProjectionCheckpoint>> checkpoints() = 0;
    /// FinishRebuild needs the schema to drop the old tables; the other actions ignore it.
    virtual Status controlProjection(
        const QString& name, const ProjectionControl& control, const ReadModelSchema& schema)
        = 0;
    /// Records the runner's measured throughput (events/s); does not move the checkpoint.
    virtual Status recordThroughput(const QString& name, double eventsPerSecond) = 0;

    /// Takes or renews the lease on a projection for `worker` until now + `lease`. False when another worker
    /// holds an unexpired lease. One active worker per projection, whatever the number of processes.
    virtual Result<bool> acquireLease(const QString& name, const QString& worker, std::chrono::milliseconds lease) = 0;
    virtual Status releaseLease(const QString& name, const QString& worker) = 0;

    /// Starts a batch writing `generation` of the projection's read model (creating its tables if needed).
    /// Writes to the rebuild generation advance the rebuild position; writes to the live one the position.
    virtual Result<std::unique_ptr<ReadModelTransaction>> beginReadModelTransaction(
        const ReadModelSchema& schema, qint64 generation)
        = 0;

    /// Reads the generation readers should see (the live one).
    virtual Result<QList<ReadModelRow>> queryReadModel(const ReadModelSchema& schema, const ReadModelQuery& query) = 0;

    /// How tables with a textColumn are indexed here (Scan: every row's text is tested).
    virtual TextIndexKind textIndex() const { return TextIndexKind::Scan; }
    /// Why it is indexed that way, in a sentence (for `init` and `info`).
    virtual QString textIndexNote() const
    {
        return QStringLiteral("scan: every document's terms are tested in turn (no index on this backend).");
    }
};

} // namespace flashback
