// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventstore.h"
#include "store/storeoptions.h"

#include <memory>

namespace flashback {

namespace postgres {
class PgConnection;
class PgCommitWriter;
class PgEventReader;
} // namespace postgres
class PostgresOutbox;
class PostgresOperatorAudit;
class PostgresReadModels;

/// The shared store: a PostgreSQL database (or a schema of one) through libpq.
///
/// Commits take a transaction-scoped advisory lock and number their events from the head under it, so commit
/// order is position order and no reader can skip a late commit (see PgCommitWriter). Every commit that appends
/// events notifies the channel `flashback_events`; subscriptions LISTEN on their own connection and also poll,
/// the notification being a wake-up only. Addresses are libpq's: URIs, conninfo, `service=`, `.pgpass`, PG*.
///
/// One instance is one connection, used from the thread that opened it; reopen() for another thread.
class PostgresEventStore final : public EventStore {
public:
    /// Connects, checks and (with CreateIfMissing) initialises or upgrades the store's tables. The database
    /// itself must exist. Typed errors: StoreUnavailable, StoreNotFound, NotAFlashbackStore, SchemaTooNew,
    /// StoreReadOnly, InvalidArgument.
    static Result<std::unique_ptr<PostgresEventStore>> open(const QString& conninfo, const StoreOptions& options);
    ~PostgresEventStore() override;

    QString address() const override;
    bool isReadOnly() const override;

    Result<CommitResult> commit(const UnitOfWork& work) override;
    Result<QList<RecordedEvent>> readStream(const QString& streamId, const StreamReadOptions& options) override;
    Result<QList<RecordedEvent>> readAll(const ReadAllOptions& options) override;
    Result<std::optional<StreamInfo>> stream(const QString& streamId) override;
    Result<StreamPage> listStreams(const StreamListOptions& options) override;
    Result<QList<StreamInfo>> queryStreams(const StreamQuery& query) override;
    Result<qint64> countStreams(const StreamQuery& query) override;
    Result<QStringList> aggregateTypes() override;
    Result<QStringList> eventTypes() override;
    Result<StreamIndex> readStreamIndex(
        const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress) override;
    Result<qint64> headPosition() override;
    Result<StoreStatistics> statistics() override;
    Result<std::optional<CommandRecordInfo>> findCommand(const QString& commandId) override;
    Result<std::optional<QString>> reservationOwner(const QString& scope, const QString& key) override;
    Result<std::optional<Snapshot>> latestSnapshot(const QString& streamId, qint64 maxRevision) override;
    Result<QList<Snapshot>> snapshots(const QString& streamId) override;
    OutboxStore& outbox() override;
    OperatorAuditLog& operatorAudit() override;
    ReadModelStore& readModels() override;
    std::unique_ptr<EventSubscription> subscribe(qint64 afterPosition, const EventFilter& filter) override;
    Result<std::unique_ptr<EventStore>> reopen() const override;

private:
    explicit PostgresEventStore(std::unique_ptr<postgres::PgConnection> connection);

    std::unique_ptr<postgres::PgConnection> m_connection;
    std::unique_ptr<postgres::PgEventReader> m_reader;
    std::unique_ptr<postgres::PgCommitWriter> m_writer;
    std::unique_ptr<PostgresOutbox> m_outbox;
    std::unique_ptr<PostgresOperatorAudit> m_operatorAudit;
    std::unique_ptr<PostgresReadModels> m_readModels;
};

} // namespace flashback
