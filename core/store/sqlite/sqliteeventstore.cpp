// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteeventstore.h"
#include "sqliteconnection.h"
#include "sqliteerrors.h"
#include "sqliteeventreader.h"
#include "sqliteoperatoraudit.h"
#include "sqliteoutbox.h"
#include "sqlitereadmodelfiles.h"
#include "sqlitesubscription.h"
#include "store/commitsignal.h"
#include "util/logging.h"

#include <QSqlError>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
QVariant nullableText(const QString& text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

Result<std::unique_ptr<SqliteEventStore>> SqliteEventStore::open(const QString& path, const StoreOptions& options)
{
    auto connection = sqlite::SqliteConnection::open(path, options);
    if (!connection)
        return connection.error();
    return std::unique_ptr<SqliteEventStore>(new SqliteEventStore(std::move(connection).value()));
}

SqliteEventStore::SqliteEventStore(std::unique_ptr<sqlite::SqliteConnection> connection)
    : m_connection(std::move(connection))
    , m_reader(std::make_unique<sqlite::SqliteEventReader>(*m_connection))
    , m_commitSignal(CommitSignal::forKey(u"sqlite:"_s + m_connection->canonicalPath()))
    , m_outbox(std::make_unique<SqliteOutbox>(*m_connection))
    , m_operatorAudit(std::make_unique<SqliteOperatorAudit>(*m_connection))
    , m_readModels(std::make_unique<SqliteReadModelFiles>(*m_connection))
{ }

OutboxStore& SqliteEventStore::outbox()
{
    return *m_outbox;
}

OperatorAuditLog& SqliteEventStore::operatorAudit()
{
    return *m_operatorAudit;
}

ReadModelStore& SqliteEventStore::readModels()
{
    return *m_readModels;
}

SqliteEventStore::~SqliteEventStore() = default;

QString SqliteEventStore::address() const
{
    return m_connection->path();
}

bool SqliteEventStore::isReadOnly() const
{
    return m_connection->isReadOnly();
}

QSqlQuery& SqliteEventStore::statement(const QString& sql)
{
    return m_connection->statement(sql);
}

Error SqliteEventStore::failure(const QSqlQuery& query, const QString& doing) const
{
    return m_connection->failure(query, doing);
}

Error SqliteEventStore::rollbackWith(Error error)
{
    if (auto status = m_connection->exec(u"ROLLBACK"_s, u"undoing a failed write"_s); !status)
        qCWarning(lcSqlite) << "rollback failed:" << status.error().toString();
    return error;
}

Result<CommitResult> SqliteEventStore::commit(const UnitOfWork& work)
{
    if (m_connection->isReadOnly())
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is open read-only, so nothing can be written to it."_s.arg(m_connection->path()), {},
            {{u"path"_s, m_connection->path()}});
    for (const auto& append : work.appends) {
        if (append.streamId.isEmpty() || append.aggregateType.isEmpty())
            return Error::invalidArgument(u"Every append needs a stream id and an aggregate type."_s);
        for (const auto& event : append.events) {
            if (event.type.isEmpty() || event.eventId.isNull() || event.data.isEmpty())
                return Error::invalidArgument(u"Every event needs an id, a type and a JSON payload."_s);
        }
    }
    if (auto status = m_connection->exec(u"BEGIN IMMEDIATE"_s, u"starting a write"_s); !status)
        return status.error();
    auto result = commitLocked(work);
    if (!result)
        return rollbackWith(result.error());
    if (auto status = m_connection->exec(u"COMMIT"_s, u"committing a write"_s); !status)
        return rollbackWith(status.error());
    m_commitSignal->notify();
    return result;
}

Result<CommitResult> SqliteEventStore::commitLocked(const UnitOfWork& work)
{
    CommitResult result;
    result.recordedAt = Timestamp::now();

    QSqlQuery& head = statement(u"SELECT coalesce(max(position), 0) FROM events"_s);
    if (!head.exec() || !head.next())
        return failure(head, u"reading the head position"_s);
    qint64 position = head.value(0).toLongLong();
    head.finish();

    for (const auto& append : work.appends) {
        const qsizetype before = result.events.size();
        if (auto status = appendLocked(append, position, result.recordedAt, result.events); !status)
            return status.error();
        if (append.command) {
            const bool appended = result.events.size() > before;
            const RecordedEvent* first = appended ? &result.events.at(before) : nullptr;
            const RecordedEvent* last = appended ? &result.events.constLast() : nullptr;
            if (auto status = recordCommand(append, first, last, result.recordedAt); !status)
                return status.error();
        }
    }
    // In the given order: a batch of many commands may claim a value and free it again later in the batch.
    for (const auto& change : work.reservations) {
        if (auto status = applyReservation(change, result.recordedAt); !status)
            return status.error();
    }
    for (const auto& message : work.outbox) {
        if (auto status = writeOutbox(message, result.recordedAt); !status)
            return status.error();
    }
    for (const auto& snapshot : work.snapshots) {
        if (auto status = writeSnapshot(snapshot); !status)
            return status.error();
    }
    return result;
}

Status SqliteEventStore::writeOutbox(const OutboxMessage& message, Timestamp now)
{
    QSqlQuery& insert = statement(u"INSERT INTO outbox (idempotency_key, topic, stream_id, event_id, payload, status, "
                                  u"attempts, next_attempt_at, created_at, updated_at) "
                                  u"VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
                                  u"ON CONFLICT (idempotency_key) DO NOTHING"_s);
    insert.bindValue(0, message.idempotencyKey);
    insert.bindValue(1, message.topic);
    insert.bindValue(2, message.streamId);
    insert.bindValue(3,
        message.eventId.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(message.eventId.toRfc4122()));
    insert.bindValue(4, message.payload);
    insert.bindValue(5, now.micros());
    insert.bindValue(6, now.micros());
    insert.bindValue(7, now.micros());
    if (!insert.exec())
        return failure(insert, u"writing the outbox"_s);
    return {};
}

Status SqliteEventStore::writeSnapshot(const Snapshot& snapshot)
{
    QSqlQuery& insert
        = statement(u"INSERT INTO snapshots (stream_id, revision, aggregate_type, schema_version, "
                    u"state, taken_at) VALUES (?, ?, ?, ?, ?, ?) "
                    u"ON CONFLICT (stream_id, revision) DO UPDATE SET aggregate_type = excluded.aggregate_type, "
                    u"schema_version = excluded.schema_version, state = excluded.state, "
                    u"taken_at = excluded.taken_at"_s);
    insert.bindValue(0, snapshot.streamId);
    insert.bindValue(1, snapshot.revision);
    insert.bindValue(2, snapshot.aggregateType);
    insert.bindValue(3, snapshot.schemaVersion);
    insert.bindValue(4, snapshot.state);
    insert.bindValue(5, snapshot.takenAt.micros());
    if (!insert.exec())
        return failure(insert, u"writing a snapshot of "_s + snapshot.streamId);
    return {};
}

namespace {
Snapshot snapshotFromRow(const QSqlQuery& query)
{
    return Snapshot {query.value(0).toString(), query.value(1).toString(), query.value(2).toLongLong(),
        query.value(3).toInt(), query.value(4).toByteArray(), Timestamp::fromMicros(query.value(5).toLongLong())};
}
} // namespace

Result<std::optional<Snapshot>> SqliteEventStore::latestSnapshot(const QString& streamId, qint64 maxRevision)
{
    QSqlQuery& query = statement(u"SELECT stream_id, aggregate_type, revision, schema_version, state, taken_at "
                                 u"FROM snapshots WHERE stream_id = ? AND revision <= ? "
                                 u"ORDER BY revision DESC LIMIT 1"_s);
    query.bindValue(0, streamId);
    query.bindValue(1, maxRevision);
    if (!query.exec())
        return failure(query, u"reading snapshots of "_s + streamId);
    std::optional<Snapshot> snapshot;
    if (query.next())
        snapshot = snapshotFromRow(query);
    query.finish();
    return snapshot;
}

Result<QList<Snapshot>> SqliteEventStore::snapshots(const QString& streamId)
{
    QSqlQuery& query = statement(u"SELECT stream_id, aggregate_type, revision, schema_version, state, taken_at "
                                 u"FROM snapshots WHERE stream_id = ? ORDER BY revision"_s);
    query.bindValue(0, streamId);
    if (!query.exec())
        return failure(query, u"reading snapshots of "_s + streamId);
    QList<Snapshot> all;
    while (query.next())
        all.append(snapshotFromRow(query));
    query.finish();
    return all;
}

Status SqliteEventStore::appendLocked(
    const StreamAppend& append, qint64& position, Timestamp recordedAt, QList<RecordedEvent>& out)
{
    const QString doing = u"appending to stream "_s + append.streamId;
    QSqlQuery& find = statement(u"SELECT stream_pk, revision, aggregate_type FROM streams WHERE stream_id = ?"_s);
    find.bindValue(0, append.streamId);
    if (!find.exec())
        return failure(find, doing);
    const bool exists = find.next();
    qint64 streamPk = exists ? find.value(0).toLongLong() : 0;
    qint64 revision = exists ? find.value(1).toLongLong() : 0;
    const QString storedType = exists ? find.value(2).toString() : QString();
    find.finish();

    if (!append.expected.accepts(revision)) {
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"Stream %1 is at revision %2, but the writer expected %3; it changed since it was read."_s.arg(
                append.streamId, QString::number(revision), append.expected.describe()),
            {},
            {{u"stream_id"_s, append.streamId}, {u"expected"_s, append.expected.describe()},
                {u"actual_revision"_s, revision}});
    }
    if (exists && storedType != append.aggregateType) {
        return Error::invalidArgument(
            u"Stream %1 belongs to a %2, not a %3."_s.arg(append.streamId, storedType, append.aggregateType), {},
            {{u"stream_id"_s, append.streamId}});
    }
    if (append.events.isEmpty())
        return {};

    const NewEvent& first = append.events.constFirst();
    const NewEvent& last = append.events.constLast();
    const qint64 lastPosition = position + append.events.size();
    const qint64 lastRevision = revision + append.events.size();
    if (exists) {
        QSqlQuery& update = statement(u"UPDATE streams SET revision = ?, last_position = ?, last_occurred_at = ?, "
                                      u"last_recorded_at = ?, last_event_type = ? WHERE stream_pk = ?"_s);
        update.bindValue(0, lastRevision);
        update.bindValue(1, lastPosition);
        update.bindValue(2, last.occurredAt.micros());
        update.bindValue(3, recordedAt.micros());
        update.bindValue(4, last.type);
        update.bindValue(5, streamPk);
        if (!update.exec())
            return failure(update, doing);
    } else {
        QSqlQuery& create = statement(
            u"INSERT INTO streams (stream_id, aggregate_type, revision, first_position, last_position, created_at, "
            u"last_occurred_at, last_recorded_at, last_event_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
        create.bindValue(0, append.streamId);
        create.bindValue(1, append.aggregateType);
        create.bindValue(2, lastRevision);
        create.bindValue(3, position + 1);
        create.bindValue(4, lastPosition);
        create.bindValue(5, first.occurredAt.micros());
        create.bindValue(6, last.occurredAt.micros());
        create.bindValue(7, recordedAt.micros());
        create.bindValue(8, last.type);
        if (!create.exec())
            return failure(create, doing);
        streamPk = create.lastInsertId().toLongLong();
    }

    QSqlQuery& insert = statement(u"INSERT INTO events (position, event_id, stream_pk, revision, type, "
                                  u"schema_version, occurred_at, recorded_at, actor, data, metadata) "
                                  u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const NewEvent& event : append.events) {
        RecordedEvent recorded;
        recorded.eventId = event.eventId;
        recorded.streamId = append.streamId;
        recorded.aggregateType = append.aggregateType;
        recorded.revision = ++revision;
        recorded.position = ++position;
        recorded.type = event.type;
        recorded.schemaVersion = event.schemaVersion;
        recorded.occurredAt = event.occurredAt;
        recorded.recordedAt = recordedAt;
        recorded.data = event.data;
        recorded.metadata = event.metadata.toJsonBytes();

        insert.bindValue(0, recorded.position);
        insert.bindValue(1, event.eventId.toRfc4122());
        insert.bindValue(2, streamPk);
        insert.bindValue(3, recorded.revision);
        insert.bindValue(4, recorded.type);
        insert.bindValue(5, recorded.schemaVersion);
        insert.bindValue(6, recorded.occurredAt.micros());
        insert.bindValue(7, recordedAt.micros());
        insert.bindValue(8, nullableText(event.metadata.actor));
        insert.bindValue(9, recorded.data);
        insert.bindValue(10, recorded.metadata);
        if (!insert.exec()) {
            if (sqlite::primaryResultCode(insert.lastError()) == sqlite::Constraint)
                return Error::invalidArgument(u"Event %1 is already in the store; events are appended once."_s.arg(
                                                  event.eventId.toString(QUuid::WithoutBraces)),
                    insert.lastError().text(), {{u"event_id"_s, event.eventId.toString(QUuid::WithoutBraces)}});
            return failure(insert, doing);
        }
        out.append(recorded);
    }

    return {};
}

Status SqliteEventStore::applyReservation(const ReservationChange& change, Timestamp recordedAt)
{
    const QString doing = u"reserving "_s + change.scope;
    if (change.action == ReservationChange::Action::Release) {
        QSqlQuery& release
            = statement(u"DELETE FROM reservations WHERE scope = ? AND key = ? AND owner_stream_id = ?"_s);
        release.bindValue(0, change.scope);
        release.bindValue(1, change.key);
        release.bindValue(2, change.ownerStreamId);
        if (!release.exec())
            return failure(release, doing);
        return {};
    }
    QSqlQuery& owner = statement(u"SELECT owner_stream_id FROM reservations WHERE scope = ? AND key = ?"_s);
    owner.bindValue(0, change.scope);
    owner.bindValue(1, change.key);
    if (!owner.exec())
        return failure(owner, doing);
    if (owner.next()) {
        const QString holder = owner.value(0).toString();
        owner.finish();
        if (holder == change.ownerStreamId)
            return {};
        return Error::make(ErrorKind::ReservationConflict,
            u"The value '%1' of %2 is already taken by stream %3."_s.arg(change.key, change.scope, holder), {},
            {{u"scope"_s, change.scope}, {u"key"_s, change.key}, {u"owner"_s, holder}});
    }
    owner.finish();
    QSqlQuery& claim
        = statement(u"INSERT INTO reservations (scope, key, owner_stream_id, reserved_at) VALUES (?, ?, ?, ?)"_s);
    claim.bindValue(0, change.scope);
    claim.bindValue(1, change.key);
    claim.bindValue(2, change.ownerStreamId);
    claim.bindValue(3, recordedAt.micros());
    if (!claim.exec())
        return failure(claim, doing);
    return {};
}

Status SqliteEventStore::recordCommand(
    const StreamAppend& append, const RecordedEvent* first, const RecordedEvent* last, Timestamp recordedAt)
{
    const CommandRecord& command = *append.command;
    const QString doing = u"recording command "_s + command.commandId;
    QSqlQuery& seen = statement(u"SELECT 1 FROM commands WHERE command_id = ?"_s);
    seen.bindValue(0, command.commandId);
    if (!seen.exec())
        return failure(seen, doing);
    const bool duplicate = seen.next();
    seen.finish();
    if (duplicate)
        return Error::make(ErrorKind::DuplicateCommand,
            u"Command %1 was already executed; it is not run twice."_s.arg(command.commandId), {},
            {{u"command_id"_s, command.commandId}});

    QSqlQuery& insert = statement(u"INSERT INTO commands (command_id, command_name, stream_id, fingerprint, "
                                  u"first_revision, last_revision, first_position, last_position, recorded_at) "
                                  u"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    insert.bindValue(0, command.commandId);
    insert.bindValue(1, command.commandName);
    insert.bindValue(2, append.streamId);
    insert.bindValue(3, command.fingerprint);
    insert.bindValue(4, first ? first->revision : 0);
    insert.bindValue(5, last ? last->revision : 0);
    insert.bindValue(6, first ? first->position : 0);
    insert.bindValue(7, last ? last->position : 0);
    insert.bindValue(8, recordedAt.micros());
    if (!insert.exec())
        return failure(insert, doing);
    return {};
}

Result<QList<RecordedEvent>> SqliteEventStore::readStream(const QString& streamId, const StreamReadOptions& options)
{
    return m_reader->readStream(streamId, options);
}

Result<QList<RecordedEvent>> SqliteEventStore::readAll(const ReadAllOptions& options)
{
    return m_reader->readAll(options);
}

Result<std::optional<StreamInfo>> SqliteEventStore::stream(const QString& streamId)
{
    return m_reader->stream(streamId);
}

Result<StreamPage> SqliteEventStore::listStreams(const StreamListOptions& options)
{
    return m_reader->listStreams(options);
}

Result<QList<StreamInfo>> SqliteEventStore::queryStreams(const StreamQuery& query)
{
    return m_reader->queryStreams(query);
}

Result<qint64> SqliteEventStore::countStreams(const StreamQuery& query)
{
    return m_reader->countStreams(query);
}

Result<QStringList> SqliteEventStore::eventTypes()
{
    return m_reader->eventTypes();
}

Result<QStringList> SqliteEventStore::aggregateTypes()
{
    return m_reader->aggregateTypes();
}

Result<StreamIndex> SqliteEventStore::readStreamIndex(
    const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress)
{
    return m_reader->readStreamIndex(streamId, fromRevision, cancel, progress);
}

Result<qint64> SqliteEventStore::headPosition()
{
    QSqlQuery& query = statement(u"SELECT coalesce(max(position), 0) FROM events"_s);
    if (!query.exec() || !query.next())
        return failure(query, u"reading the head position"_s);
    const qint64 head = query.value(0).toLongLong();
    query.finish();
    return head;
}

Result<StoreStatistics> SqliteEventStore::statistics()
{
    QSqlQuery& query = statement(u"SELECT (SELECT count(*) FROM streams), (SELECT count(*) FROM events), "
                                 u"(SELECT coalesce(max(position), 0) FROM events), "
                                 u"(SELECT min(occurred_at) FROM events), (SELECT max(occurred_at) FROM events)"_s);
    if (!query.exec() || !query.next())
        return failure(query, u"counting events"_s);
    StoreStatistics statistics;
    statistics.streamCount = query.value(0).toLongLong();
    statistics.eventCount = query.value(1).toLongLong();
    statistics.headPosition = query.value(2).toLongLong();
    if (!query.value(3).isNull())
        statistics.firstOccurredAt = Timestamp::fromMicros(query.value(3).toLongLong());
    if (!query.value(4).isNull())
        statistics.lastOccurredAt = Timestamp::fromMicros(query.value(4).toLongLong());
    query.finish();
    return statistics;
}

Result<std::optional<CommandRecordInfo>> SqliteEventStore::findCommand(const QString& commandId)
{
    QSqlQuery& query = statement(u"SELECT command_id, command_name, stream_id, fingerprint, first_revision, "
                                 u"last_revision, first_position, last_position, recorded_at FROM commands "
                                 u"WHERE command_id = ?"_s);
    query.bindValue(0, commandId);
    if (!query.exec())
        return failure(query, u"looking up command "_s + commandId);
    std::optional<CommandRecordInfo> info;
    if (query.next()) {
        info = CommandRecordInfo {query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toByteArray(), query.value(4).toLongLong(), query.value(5).toLongLong(),
            query.value(6).toLongLong(), query.value(7).toLongLong(),
            Timestamp::fromMicros(query.value(8).toLongLong())};
    }
    query.finish();
    return info;
}

Result<std::optional<QString>> SqliteEventStore::reservationOwner(const QString& scope, const QString& key)
{
    QSqlQuery& query = statement(u"SELECT owner_stream_id FROM reservations WHERE scope = ? AND key = ?"_s);
    query.bindValue(0, scope);
    query.bindValue(1, key);
    if (!query.exec())
        return failure(query, u"reading reservations"_s);
    std::optional<QString> owner;
    if (query.next())
        owner = query.value(0).toString();
    query.finish();
    return owner;
}

Result<qint64> SqliteEventStore::dataVersion()
{
    QSqlQuery& query = statement(u"PRAGMA data_version"_s);
    if (!query.exec() || !query.next())
        return failure(query, u"checking for new commits"_s);
    const qint64 version = query.value(0).toLongLong();
    query.finish();
    return version;
}

std::unique_ptr<EventSubscription> SqliteEventStore::subscribe(qint64 afterPosition, const EventFilter& filter)
{
    StoreOptions options = m_connection->options();
    options.mode = StoreOptions::OpenMode::OpenExisting;
    return std::make_unique<SqliteSubscription>(m_connection->path(), options, m_commitSignal, afterPosition, filter);
}

Result<std::unique_ptr<EventStore>> SqliteEventStore::reopen() const
{
    StoreOptions options = m_connection->options();
    options.mode = StoreOptions::OpenMode::OpenExisting;
    options.readOnly = m_connection->isReadOnly();
    auto store = open(m_connection->path(), options);
    if (!store)
        return store.error();
    return std::unique_ptr<EventStore>(std::move(store).value());
}

} // namespace flashback
