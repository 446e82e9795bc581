// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "builtinprojections.h"
#include "projectionlag.h"
#include "runreport.h"
#include "throughputmeter.h"
#include "util/result.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>

namespace flashback {

class DomainCatalog;
class EventStore;
class ReadModelTransaction;
struct RecordedEvent;

/// How a runner works. Copied into the runner; nothing is read from global settings.
struct ProjectionRunnerOptions {
    QString workerId; ///< Lease holder name; empty: "host:pid:random".
    qint64 batchSize = 500; ///< Events read per batch (one transaction each).
    int maxAttempts = 5; ///< Attempts at a failing event before the projection is marked failed.
    std::chrono::milliseconds baseBackoff {100}; ///< Retry n waits a random time in [0, min(max, base * 2^(n-1))].
    std::chrono::milliseconds maxBackoff {5000};
    std::chrono::milliseconds leaseDuration {15000}; ///< Renewed before every batch.
    std::chrono::milliseconds stalledAfter {10000}; ///< For lag(): see classifyProjection().
    /// While following, after a batch of a background() projection during which writers appended at least a
    /// batch's worth, the runner rests this many times as long as the batch took (as PostgreSQL's autovacuum
    /// rests after each slice of its work): writers that outrun it keep the machine, the projection works a
    /// tenth of the time meanwhile, and it catches up at full speed once they slow down (docs/benchmarks.md,
    /// bench_search's appends beside the search index). 0: never rest.
    double backgroundRest = 9.0;
    /// Waits between retries. Tests pass one that records the delay and returns at once. Default: a sleep that
    /// follow()'s stop flag cuts short.
    std::function<void(std::chrono::milliseconds)> sleep;
    /// Uniform in [0, 1), for the jitter. Default: QRandomGenerator.
    std::function<double()> random;
    /// Called in the runner's thread after every committed batch (progress output, tests).
    std::function<void(const BatchReport&)> onBatch;
    /// Called in the runner's thread after each projection's turn in a round (catchUp, rebuild, and every round of
    /// follow(), which returns no report of its own): what that turn did, e.g. that it swapped a rebuild in.
    std::function<void(const ProjectionRunReport&)> onProjectionRun;
};

/// Feeds projections from their checkpoints (ARCHITECTURE.md section 5). Each batch is one ReadModelTransaction:
/// the events after the checkpoint (readAll, batchSize at a time) go through the projections' handle() and the
/// checkpoint moves to the last event read, handled or not, in the same commit, so every event takes effect once.
///
/// A handler error rolls the batch back; the events before the failing one are committed in a fresh batch, and
/// the failing event is retried alone with exponential backoff and full jitter. After maxAttempts the projection
/// is marked failed at that event and stops there: nothing is skipped. Paused and failed projections are not run.
/// A lease per projection (renewed before every batch) keeps one worker per projection across processes; a
/// projection leased by another worker is skipped. A pending rebuild is carried on by whichever runner holds the
/// lease: it catches the shadow copy up with the head, then swaps it in.
///
/// The runner uses the EventStore it is given and must live in the thread that opened that store.
class ProjectionRunner {
public:
    ProjectionRunner(EventStore& store, ProjectionList projections, ProjectionRunnerOptions options = {});
    ProjectionRunner(
        EventStore& store, ProjectionList projections, ProjectionRunnerOptions options, const DomainCatalog& catalog);
    ~ProjectionRunner();
    ProjectionRunner(const ProjectionRunner&) = delete;
    ProjectionRunner& operator=(const ProjectionRunner&) = delete;

    const QString& workerId() const { return m_options.workerId; }
    const ProjectionList& projections() const { return m_projections; }

    /// Runs every projection until it reaches the head seen when it started (or is paused, failed, or leased by
    /// another worker), then releases the leases. Store errors (not handler errors) end the run with the error;
    /// what was committed stays.
    Result<RunReport> catchUp();

    /// Catches up again and again until `stop` is set, waiting for commits (EventStore::subscribe) or at most
    /// `pollWait` between rounds, so leases held elsewhere and resumed projections are noticed. Transient store
    /// errors (busy, unavailable) are retried with backoff; others end it. Returns soon after `stop` is set.
    Status follow(std::atomic<bool>& stop, std::chrono::milliseconds pollWait = std::chrono::milliseconds(250));

    /// Rebuilds `name` from zero into a shadow copy: starts the rebuild, catches the copy up with the head and
    /// swaps it in. Readers see the old copy until the swap. When the projection is paused, failed or leased
    /// elsewhere the report says so and the rebuild stays pending; the next runner to work on it finishes it.
    Result<ProjectionRunReport> rebuild(const QString& name);

    /// Lag of this runner's projections, with its stalledAfter.
    Result<QList<ProjectionLag>> lag(Timestamp now = Timestamp::now());

    /// The wait before retry `retry` (1 = the first retry): full jitter over min(max, base * 2^(retry-1)).
    static std::chrono::milliseconds backoffDelay(
        int retry, std::chrono::milliseconds base, std::chrono::milliseconds max, double random01);
    /// "host:pid:random".
    static QString defaultWorkerId();

private:
    enum class Step { Advanced, Empty, Conflict, Failed, Stopped };
    struct Applied {
        qsizetype failedIndex = -1;
        qint64 handled = 0;
        std::optional<Error> error;
    };

    Result<RunReport> runRound(bool releaseLeases);
    /// While following, a caught-up projection's lease stays with this worker (renewed now and then), so `lag`
    /// shows who would handle the next event and standbys stay standbys.
    Status keepIdleLease(const QString& name);
    Status runProjection(Projection& projection, ProjectionRunReport& report);
    Result<Step> runBatch(Projection& projection, qint64 generation, bool rebuild, ProjectionRunReport& report);
    Result<Step> recover(Projection& projection, qint64 generation, bool rebuild, qint64 start,
        const QList<RecordedEvent>& events, Applied failure, ProjectionRunReport& report);
    Applied apply(Projection& projection, const QList<RecordedEvent>& events, qsizetype from, qsizetype to,
        ReadModelTransaction& writer);
    Status committed(Projection& projection, qint64 generation, bool rebuild, qint64 from, qint64 to, qint64 scanned,
        qint64 handled, qint64 elapsedMicros, ProjectionRunReport& report);
    Status recordThroughput(const QString& name, bool force);
    /// backgroundRest: rests after a batch of `batchMillis` when the head moved a batch or more since `headBefore`.
    Status restIfOutrun(qint64 headBefore, qint64 batchMillis);
    void releaseLeases();
    void pause(std::chrono::milliseconds delay);
    bool stopRequested() const { return m_stop && m_stop->load(); }

    EventStore& m_store;
    ProjectionList m_projections;
    ProjectionRunnerOptions m_options;
    const DomainCatalog& m_catalog;
    QSet<QString> m_leased;
    QHash<QString, QElapsedTimer> m_leaseRenewed; ///< When each held lease was last taken or renewed.
    QHash<QString, ThroughputMeter> m_throughput;
    const std::atomic<bool>* m_stop = nullptr;
};

} // namespace flashback
