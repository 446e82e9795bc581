// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatoraudit.h"
#include "commands/command.h"
#include "commands/commandresult.h"
#include "commands/dryrun.h"
#include "eventdetails.h"
#include "eventrow.h"
#include "events/recordedevent.h"
#include "outbox/outboxstore.h"
#include "projections/projectionlag.h"
#include "projections/readmodelcheck.h"
#include "projections/streamreadmodelcomparison.h"
#include "readmodels/readmodelstore.h"
#include "replaycache.h"
#include "report/incidentreport.h"
#include "report/incidentreportformat.h"
#include "report/testexport.h"
#include "requesthandle.h"
#include "search/searchquery.h"
#include "search/whodeleted.h"
#include "snapshots/snapshotter.h"
#include "store/readoptions.h"
#include "store/storeaddress.h"
#include "store/storeoptions.h"
#include "store/streamindex.h"
#include "storeworker.h"
#include "timelinebuckets.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <chrono>
#include <functional>
#include <memory>

namespace flashback {

class LiveFeed;

/// Where the session's connection stands, for the status bar and the message bar.
enum class ConnectionState { Closed, Opening, Connected, Reconnecting, Failed };
QString connectionStateName(ConnectionState state);

/// A look at the outbox: how many rows are in each status, and one page of rows.
struct OutboxPage {
    QHash<OutboxStatus, qint64> counts;
    QList<OutboxEntry> rows;
};

/// How far a whole-read-model check has got, written by the worker and read by the GUI thread's timer.
struct ReadModelCheckTicker {
    std::atomic<int> phase {int(ReadModelCheckProgress::Phase::Replaying)};
    std::atomic<qint64> done {0};
    std::atomic<qint64> total {0};
};

/// A stream's compact index and what the timeline draws from it, both built on the worker: sorting a backdated
/// million-event stream into time order takes a visible fraction of a second.
struct IndexedStream {
    std::shared_ptr<StreamIndex> index;
    std::shared_ptr<const TimelineBuckets> buckets;
};

/// The GUI thread's face of one open store (ARCHITECTURE.md section 7). Requests go to a StoreWorker on its own
/// thread; answers come back to the GUI thread as calls on the requester's context object, dropped when the
/// requester is gone, the request was cancelled or the session opened another store meanwhile. Live commits of
/// any process arrive in batches through eventsCommitted(). Nothing here ever waits for the store.
class StoreSession : public QObject {
    Q_OBJECT
public:
    explicit StoreSession(QObject* parent = nullptr);
    ~StoreSession() override;

    /// Opens `address` (closing the current store); answers with opened() or openFailed().
    void open(const StoreAddress& address, const StoreOptions& options);
    /// Opens whatever `factory` returns (tests use it for wrapped stores); `backend` names it for the status bar.
    void open(StoreFactory factory, const QString& backend);
    void close();

    ConnectionState state() const { return m_state; }
    const OpenedStore& store() const { return m_store; }
    bool isOpen() const { return m_state == ConnectionState::Connected || m_state == ConnectionState::Reconnecting; }
    /// The address as a link may carry it: absolute for files, never with a password. Empty for factory opens.
    const QString& linkAddress() const { return m_linkAddress; }
    /// Who operator actions (commands, projection and outbox changes) are recorded as in the store's operator audit:
    /// asked when each is sent; empty or unset: defaultActor().
    void setOperatorActor(std::function<QString()> actor) { m_operatorActor = std::move(actor); }
    /// Opens another connection to the same store (on the calling thread), for work beside the session's worker.
    const StoreFactory& factory() const { return m_factory; }
    /// The head position as last seen (at opening, then advanced by live batches).
    qint64 headPosition() const { return m_head; }

    RequestHandle queryStreams(
        QObject* receiver, const StreamQuery& query, std::function<void(Result<QList<StreamInfo>>)> answer);
    RequestHandle countStreams(QObject* receiver, const StreamQuery& query, std::function<void(Result<qint64>)> answer);
    RequestHandle aggregateTypes(QObject* receiver, std::function<void(Result<QStringList>)> answer);
    RequestHandle stream(
        QObject* receiver, const QString& streamId, std::function<void(Result<std::optional<StreamInfo>>)> answer);
    /// The compact index from `fromRevision` on; cancellable while it reads.
    RequestHandle readStreamIndex(QObject* receiver, const QString& streamId, qint64 fromRevision,
        std::function<void(Result<std::shared_ptr<StreamIndex>>)> answer);
    /// The whole compact index with its timeline buckets; cancellable while it reads, and `progress` (when given)
    /// says how far it got.
    RequestHandle readIndexedStream(QObject* receiver, const QString& streamId, std::shared_ptr<ReadProgress> progress,
        std::function<void(Result<IndexedStream>)> answer);
    RequestHandle readStream(QObject* receiver, const QString& streamId, const StreamReadOptions& options,
        std::function<void(Result<QList<RecordedEvent>>)> answer);
    /// Revisions [fromRevision, fromRevision + count) as list rows (decoded and summarised on the worker), with
    /// `maskedKeys` (names or dotted paths, jsonmasking.h) masked in the summary, the actor and the reason.
    RequestHandle readEventRows(QObject* receiver, const QString& streamId, qint64 fromRevision, qint64 count,
        const QStringList& maskedKeys, std::function<void(Result<QList<EventRow>>)> answer);
    /// One event with its decoded and upcast forms; nullopt when the stream has no such revision.
    RequestHandle readEventDetails(QObject* receiver, const QString& streamId, qint64 revision,
        std::function<void(Result<std::optional<EventDetails>>)> answer);
    RequestHandle readAll(
        QObject* receiver, const ReadAllOptions& options, std::function<void(Result<QList<RecordedEvent>>)> answer);
    RequestHandle statistics(QObject* receiver, std::function<void(Result<StoreStatistics>)> answer);
    RequestHandle eventTypes(QObject* receiver, std::function<void(Result<QStringList>)> answer);
    /// "Who deleted …?" for an email or username (core/search/whodeleted.h).
    RequestHandle whoDeleted(
        QObject* receiver, const QString& emailOrUsername, std::function<void(Result<DeletionAnswer>)> answer);
    /// One page of a search (EventSearch over the search_index projection and the events after it);
    /// cancellable while it scans.
    /// `maskedKeys` (names or dotted paths) masked in the hits' summaries and actors, as in readEventRows.
    RequestHandle search(QObject* receiver, const SearchQuery& query, const QStringList& maskedKeys,
        std::function<void(Result<SearchPage>)> answer);
    /// The state at `revision` with what its event changed, from the worker's replay cache (ReplayCache).
    RequestHandle stateView(
        QObject* receiver, const QString& streamId, qint64 revision, std::function<void(Result<StateView>)> answer);
    /// The differences between two revisions' states (from the replay cache), masked fields' values hidden.
    RequestHandle diffRevisions(QObject* receiver, const QString& streamId, qint64 from, qint64 to,
        const QStringList& maskedKeys, std::function<void(Result<QList<JsonChange>>)> answer);
    /// Every stored snapshot of the stream against the replayed state at its revision (Snapshotter::verify).
    RequestHandle verifySnapshots(
        QObject* receiver, const QString& streamId, std::function<void(Result<QList<SnapshotCheck>>)> answer);
    /// Every event that changed the state's field at `path` (TimeTravel::fieldHistory), oldest first.
    RequestHandle fieldHistory(QObject* receiver, const QString& streamId, const QString& path,
        std::function<void(Result<QList<FieldChange>>)> answer);
    /// Builds the incident report (buildIncidentReport, the store's address filled in) and writes it to `path`
    /// whole or not at all; cancellable while it reads.
    RequestHandle exportIncidentReport(QObject* receiver, IncidentReportRequest request, IncidentReportFormat format,
        const QString& path, std::function<void(Result<IncidentReport>)> answer);
    /// Exports a given/when/then test of the stream (exportTest, the store's address filled in) and writes its
    /// source to `path` whole or not at all.
    RequestHandle exportTest(QObject* receiver, TestExportRequest request, const QString& path,
        std::function<void(Result<ExportedTest>)> answer);
    /// Who last set each field of the state at `revision` (ReplayCache::blame); cancellable while it folds.
    RequestHandle blame(QObject* receiver, const QString& streamId, qint64 revision,
        std::function<void(Result<QHash<QString, FieldBlame>>)> answer);
    /// What `command` would do now (CommandHandler::dryRun with the built-in domains): nothing is written.
    RequestHandle dryRunCommand(QObject* receiver, const Command& command, std::function<void(Result<DryRun>)> answer);
    /// Runs `command` (CommandHandler::execute) and records it in the operator audit, as every change below is;
    /// its events also arrive through eventsCommitted(). Once the worker
    /// has started it, it runs to its end whatever happens to the handle: cancelling only drops the answer.
    RequestHandle executeCommand(
        QObject* receiver, const Command& command, std::function<void(Result<CommandResult>)> answer);
    /// The lag of every projection the store knows (the built-in ones and any other with a checkpoint), measured
    /// now on the worker; `stalledAfter` as in classifyProjection.
    RequestHandle projectionLag(QObject* receiver, std::chrono::milliseconds stalledAfter,
        std::function<void(Result<QList<ProjectionLag>>)> answer);
    /// Pauses or resumes the projection called `name` (ProjectionControl::pause/resume): its checkpoint row says
    /// so at once, and every runner, in this process or another, honours it before its next batch.
    RequestHandle controlProjection(QObject* receiver, const QString& name, const ProjectionControl& control,
        std::function<void(Result<ProjectionCheckpoint>)> answer);
    /// The checkpoint of the projection called `name`, as it is now.
    RequestHandle projectionCheckpoint(
        QObject* receiver, const QString& name, std::function<void(Result<ProjectionCheckpoint>)> answer);
    /// The stream's rows in the built-in projection `projection`'s read model beside a replay of its events
    /// (compareStreamWithReadModel); cancellable while it replays.
    RequestHandle compareWithReadModel(QObject* receiver, const QString& projection, const QString& streamId,
        std::function<void(Result<StreamReadModelComparison>)> answer);
    /// Every row of the built-in projection `projection`'s read model against a fresh build in memory
    /// (checkReadModel); `ticker` (when given) says how far it got; cancellable.
    RequestHandle checkReadModel(QObject* receiver, const QString& projection,
        std::shared_ptr<ReadModelCheckTicker> ticker, std::function<void(Result<ReadModelCheck>)> answer);
    /// What operators did to the store (OperatorAuditLog), newest first, as `query` asks.
    RequestHandle operatorActions(
        QObject* receiver, const OperatorAuditQuery& query, std::function<void(Result<QList<OperatorAction>>)> answer);
    /// The outbox's counts by status and the rows `query` asks for (oldest first, from its cursor).
    RequestHandle outbox(QObject* receiver, const OutboxQuery& query, std::function<void(Result<OutboxPage>)> answer);
    /// Puts a failed or discarded row back to pending, due now (OutboxStore::retryOutbox); the row as it is then.
    RequestHandle retryOutboxRow(
        QObject* receiver, qint64 id, std::function<void(Result<std::optional<OutboxEntry>>)> answer);
    /// Parks a failed row for good (OutboxStore::discardOutbox); the row as it is then.
    RequestHandle discardOutboxRow(
        QObject* receiver, qint64 id, std::function<void(Result<std::optional<OutboxEntry>>)> answer);
    /// Folds one more slice of the stream's replay cache; ask again until the progress is complete.
    RequestHandle advanceReplayCache(
        QObject* receiver, const QString& streamId, std::function<void(Result<ReplayProgress>)> answer);

Q_SIGNALS:
    void stateChanged(flashback::ConnectionState state);
    void opened(const flashback::OpenedStore& store);
    void openFailed(const flashback::Error& error);
    /// The connection dropped (`error`) or came back (`error` empty: views should reload what they show).
    void connectionLost(const flashback::Error& error);
    void connectionRestored();
    /// Events committed after the store was opened, by any process, in position order, batched.
    void eventsCommitted(const QList<flashback::RecordedEvent>& events);
    void headPositionChanged(qint64 position);

private:
    template <typename T>
    RequestHandle submit(QObject* receiver, std::function<Result<T>(EventStore&, const std::atomic<bool>&)> work,
        std::function<void(Result<T>)> answer);
    void setState(ConnectionState state);
    /// The store's address as exported files name it (without a password).
    QString exportedAddress() const;
    /// Who and where operator actions sent now are recorded as.
    OperatorContext operatorContext() const;
    void onOpened(quint64 generation, const OpenedStore& store);
    void onLiveEvents(const QList<RecordedEvent>& events);

    QThread m_thread;
    StoreWorker* m_worker = nullptr; ///< Lives on m_thread.
    LiveFeed* m_live = nullptr;
    StoreFactory m_factory;
    QString m_linkAddress;
    ConnectionState m_state = ConnectionState::Closed;
    OpenedStore m_store;
    quint64 m_generation = 0;
    qint64 m_head = 0;
    std::shared_ptr<ReplayCache> m_replay;
    std::function<QString()> m_operatorActor; ///< Used by worker jobs only; replaced for each store opened.
};

} // namespace flashback

Q_DECLARE_METATYPE(flashback::ConnectionState)
