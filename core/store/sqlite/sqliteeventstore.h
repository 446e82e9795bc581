// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventstore.h"
#include "store/storeoptions.h"

#include <QHash>
#include <QSqlQuery>

#include <memory>

namespace flashback {

class CommitSignal;
namespace sqlite {
class SqliteConnection;
class SqliteEventReader;
} // namespace sqlite
class SqliteOutbox;
class SqliteOperatorAudit;
class SqliteReadModelFiles;

/// The embedded store: one SQLite file in WAL mode, through Qt Sql's QSQLITE driver.
/// Writers serialise on `BEGIN IMMEDIATE` (bounded by the busy timeout), so positions follow commit order and
/// several processes can write one file. Readers never block the writer.
class SqliteEventStore final : public EventStore {
public:
    static Result<std::unique_ptr<SqliteEventStore>> open(const QString& path, const StoreOptions& options);
    ~SqliteEventStore() override;

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
    std::unique_ptr<EventSubscription> subscribe(qint64 afterPosition, const EventFilter& filter) override;
    Result<std::unique_ptr<EventStore>> reopen() const override;
    Result<std::optional<Snapshot>> latestSnapshot(const QString& streamId, qint64 maxRevision) override;
    Result<QList<Snapshot>> snapshots(const QString& streamId) override;
    OutboxStore& outbox() override;
    OperatorAuditLog& operatorAudit() override;
    ReadModelStore& readModels() override;

    /// PRAGMA data_version: changes when another connection commits. Lets followers skip a query.
    Result<qint64> dataVersion();

private:
    explicit SqliteEventStore(std::unique_ptr<sqlite::SqliteConnection> connection);
    QSqlQuery& statement(const QString& sql);
    Status writeSnapshot(const Snapshot& snapshot);
    Status writeOutbox(const OutboxMessage& message, Timestamp now);
    Result<CommitResult> commitLocked(const UnitOfWork& work);
    Status appendLocked(const StreamAppend& append, qint64& head, Timestamp recordedAt, QList<RecordedEvent>& out);
    Status applyReservation(const ReservationChange& change, Timestamp recordedAt);
    Status recordCommand(
        const StreamAppend& append, const RecordedEvent* first, const RecordedEvent* last, Timestamp recordedAt);
    Error rollbackWith(Error error);
    Error failure(const QSqlQuery& query, const QString& doing) const;

    std::unique_ptr<sqlite::SqliteConnection> m_connection;
    std::unique_ptr<sqlite::SqliteEventReader> m_reader;
    std::shared_ptr<CommitSignal> m_commitSignal;
    std::unique_ptr<SqliteOutbox> m_outbox;
    std::unique_ptr<SqliteOperatorAudit> m_operatorAudit;
    std::unique_ptr<SqliteReadModelFiles> m_readModels;
};

} // namespace flashback
