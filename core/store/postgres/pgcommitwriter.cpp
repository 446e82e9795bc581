#include "pgcommitwriter.h"
#include "pgcommitplan.h"
#include "pgconnection.h"
#include "pgschema.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace flashback::postgres {

namespace {

/// A PostgreSQL array literal ("{"a","b",NULL}"); a null QByteArray is NULL. Goes in as one text parameter.
QByteArray arrayLiteral(const QList<QByteArray>& items)
{
    QByteArray out;
    out.reserve(2 + items.size() * 16);
    out += '{';
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += ',';
        const QByteArray& item = items.at(i);
        if (item.isNull()) {
            out += "NULL";
            continue;
        }
        out += '"';
        for (const char c : item) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

/// Column values collected row by row, handed over as array parameters.
class Columns {
public:
    explicit Columns(int count)
        : m_columns(count)
    { }
    void add(int column, const QString& text) { m_columns[column].append(text.toUtf8()); }
    void add(int column, qint64 number) { m_columns[column].append(QByteArray::number(number)); }
    void add(int column, const QByteArray& bytes) { m_columns[column].append(bytes.isNull() ? QByteArray("") : bytes); }
    void addNull(int column) { m_columns[column].append(QByteArray()); }
    qsizetype rows() const { return m_columns.isEmpty() ? 0 : m_columns.constFirst().size(); }
    QVariantList parameters(QVariantList leading = {}) const
    {
        for (const auto& column : m_columns)
            leading.append(arrayLiteral(column));
        return leading;
    }

private:
    QList<QList<QByteArray>> m_columns;
};

bool isUniqueViolation(const Error& error)
{
    return error.context.value(u"sqlstate"_s).toString() == u"23505"_s;
}

} // namespace

Result<CommitResult> PgCommitWriter::commit(const UnitOfWork& work)
{
    if (m_connection.isReadOnly())
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is open read-only, so nothing can be written to it."_s.arg(m_connection.display()), {},
            {{u"address"_s, m_connection.display()}});
    for (const auto& append : work.appends) {
        if (append.streamId.isEmpty() || append.aggregateType.isEmpty())
            return Error::invalidArgument(u"Every append needs a stream id and an aggregate type."_s);
        for (const auto& event : append.events) {
            if (event.type.isEmpty() || event.eventId.isNull() || event.data.isEmpty())
                return Error::invalidArgument(u"Every event needs an id, a type and a JSON payload."_s);
        }
    }
    if (auto status = m_connection.begin(u"starting a write"_s); !status)
        return status.error();
    auto result = commitLocked(work);
    if (!result) {
        m_connection.rollback();
        return result.error();
    }
    if (auto status = m_connection.commit(u"committing a write"_s); !status)
        return status.error();
    return result;
}

Result<CommitResult> PgCommitWriter::commitLocked(const UnitOfWork& work)
{
    const QString doing = u"writing to the store"_s;
    // Serialises writers until this transaction has committed (see the class comment): bounded by lock_timeout.
    auto locked = m_connection.execPrepared(
        u"SELECT pg_advisory_xact_lock($1::int, $2::int)"_s, {AppendLockSpace, m_connection.lockKey()}, doing);
    if (!locked)
        return locked.error();
    // A new statement, so a new snapshot: it sees every commit made before the lock was granted. The server's
    // clock, read under the lock, makes recorded_at never go back as positions grow.
    auto head = m_connection.execPrepared(u"SELECT (SELECT coalesce(max(position), 0) FROM events), "
                                          u"(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"_s,
        {}, u"reading the head position"_s);
    if (!head)
        return head.error();
    PgCommitPlan plan(head->integer(0, 0), Timestamp::fromMicros(head->integer(0, 1)));
    if (auto status = readFacts(work, plan); !status)
        return status.error();
    for (const auto& append : work.appends) {
        if (auto status = plan.addAppend(append); !status)
            return status.error();
    }
    // In the given order: a batch of many commands may claim a value and free it again later in the batch.
    for (const auto& change : work.reservations) {
        if (auto status = plan.addReservation(change); !status)
            return status.error();
    }
    for (const auto& write : {&PgCommitWriter::writeStreams, &PgCommitWriter::writeEvents,
             &PgCommitWriter::writeCommands, &PgCommitWriter::writeReservations}) {
        if (auto status = (this->*write)(plan); !status)
            return status.error();
    }
    if (auto status = writeOutbox(work.outbox, plan.recordedAt()); !status)
        return status.error();
    if (auto status = writeSnapshots(work.snapshots); !status)
        return status.error();
    CommitResult result {plan.events(), plan.recordedAt()};
    if (!result.events.isEmpty()) {
        // Delivered at commit, to every listener of the database; a wake-up only, readers query the log.
        auto notified = m_connection.execPrepared(u"SELECT pg_notify($1, $2)"_s,
            {QString::fromLatin1(NotifyChannel), QString::number(result.lastPosition())}, doing);
        if (!notified)
            return notified.error();
    }
    return result;
}

Status PgCommitWriter::readFacts(const UnitOfWork& work, PgCommitPlan& plan)
{
    const QString doing = u"writing to the store"_s;
    QSet<QString> seenStreams, seenCommands;
    Columns streams(1), commands(1), eventIds(1), reservations(2);
    for (const auto& append : work.appends) {
        if (!seenStreams.contains(append.streamId)) {
            seenStreams.insert(append.streamId);
            streams.add(0, append.streamId);
        }
        if (append.command && !seenCommands.contains(append.command->commandId)) {
            seenCommands.insert(append.command->commandId);
            commands.add(0, append.command->commandId);
        }
        for (const auto& event : append.events)
            eventIds.add(0, event.eventId.toByteArray(QUuid::WithoutBraces));
    }
    for (const auto& change : work.reservations) {
        reservations.add(0, change.scope);
        reservations.add(1, change.key);
    }
    if (streams.rows() > 0) {
        auto found = m_connection.execPrepared(u"SELECT stream_id, stream_pk, revision, aggregate_type FROM streams "
                                               u"WHERE stream_id = ANY($1::text[])"_s,
            streams.parameters(), doing);
        if (!found)
            return found.error();
        for (int row = 0; row < found->rows(); ++row)
            plan.knowStream(found->text(row, 0), found->integer(row, 1), found->integer(row, 2), found->text(row, 3));
    }
    if (commands.rows() > 0) {
        auto found = m_connection.execPrepared(
            u"SELECT command_id FROM commands WHERE command_id = ANY($1::text[])"_s, commands.parameters(), doing);
        if (!found)
            return found.error();
        for (int row = 0; row < found->rows(); ++row)
            plan.knowCommand(found->text(row, 0));
    }
    if (eventIds.rows() > 0) {
        auto found = m_connection.execPrepared(
            u"SELECT event_id FROM events WHERE event_id = ANY($1::uuid[])"_s, eventIds.parameters(), doing);
        if (!found)
            return found.error();
        for (int row = 0; row < found->rows(); ++row)
            plan.knowEventId(found->uuid(row, 0));
    }
    if (reservations.rows() > 0) {
        auto found = m_connection.execPrepared(
            u"SELECT r.scope, r.key, r.owner_stream_id FROM reservations r "
            u"JOIN unnest($1::text[], $2::text[]) AS k(scope, key) ON r.scope = k.scope AND r.key = k.key"_s,
            reservations.parameters(), doing);
        if (!found)
            return found.error();
        for (int row = 0; row < found->rows(); ++row)
            plan.knowReservation(found->text(row, 0), found->text(row, 1), found->text(row, 2));
    }
    return {};
}

Status PgCommitWriter::writeStreams(const PgCommitPlan& plan)
{
    const QString doing = u"writing streams"_s;
    Columns created(8), updated(5);
    for (const auto& [id, stream] : plan.appendedStreams()) {
        if (stream.pk == 0) {
            created.add(0, id);
            created.add(1, stream.aggregateType);
            created.add(2, stream.revision);
            created.add(3, stream.firstPosition);
            created.add(4, stream.lastPosition);
            created.add(5, stream.createdAt.micros());
            created.add(6, stream.lastOccurredAt.micros());
            created.add(7, stream.lastEventType);
        } else {
            updated.add(0, stream.pk);
            updated.add(1, stream.revision);
            updated.add(2, stream.lastPosition);
            updated.add(3, stream.lastOccurredAt.micros());
            updated.add(4, stream.lastEventType);
        }
    }
    if (created.rows() > 0) {
        auto inserted = m_connection.execPrepared(
            u"INSERT INTO streams (stream_id, aggregate_type, revision, first_position, last_position, created_at, "
            u"last_occurred_at, last_recorded_at, last_event_type) SELECT u.id, u.type, u.revision, u.first, u.last, "
            u"u.created, u.occurred, $1, u.event_type FROM unnest($2::text[], $3::text[], $4::bigint[], "
            u"$5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[]) "
            u"AS u(id, type, revision, first, last, created, occurred, event_type)"_s,
            created.parameters({plan.recordedAt().micros()}), doing);
        if (!inserted)
            return inserted.error();
    }
    if (updated.rows() > 0) {
        auto changed = m_connection.execPrepared(
            u"UPDATE streams s SET revision = u.revision, last_position = u.last, last_occurred_at = u.occurred, "
            u"last_recorded_at = $1, last_event_type = u.event_type FROM unnest($2::bigint[], $3::bigint[], "
            u"$4::bigint[], $5::bigint[], $6::text[]) AS u(pk, revision, last, occurred, event_type) "
            u"WHERE s.stream_pk = u.pk"_s,
            updated.parameters({plan.recordedAt().micros()}), doing);
        if (!changed)
            return changed.error();
    }
    return {};
}

Status PgCommitWriter::writeEvents(const PgCommitPlan& plan)
{
    if (plan.events().isEmpty())
        return {};
    Columns columns(10);
    for (qsizetype i = 0; i < plan.events().size(); ++i) {
        const RecordedEvent& event = plan.events().at(i);
        columns.add(0, event.position);
        columns.add(1, event.eventId.toByteArray(QUuid::WithoutBraces));
        columns.add(2, event.streamId);
        columns.add(3, event.revision);
        columns.add(4, event.type);
        columns.add(5, qint64(event.schemaVersion));
        columns.add(6, event.occurredAt.micros());
        if (plan.actors().at(i).isEmpty())
            columns.addNull(7);
        else
            columns.add(7, plan.actors().at(i));
        columns.add(8, event.data);
        columns.add(9, event.metadata);
    }
    auto inserted = m_connection.execPrepared(
        u"INSERT INTO events (position, event_id, stream_pk, revision, type, schema_version, occurred_at, "
        u"recorded_at, actor, data, metadata) SELECT u.position, u.id, s.stream_pk, u.revision, u.type, u.version, "
        u"u.occurred, $1, u.actor, u.data, u.metadata FROM unnest($2::bigint[], $3::uuid[], $4::text[], "
        u"$5::bigint[], $6::text[], $7::int[], $8::bigint[], $9::text[], $10::json[], $11::json[]) "
        u"AS u(position, id, stream_id, revision, type, version, occurred, actor, data, metadata) "
        u"JOIN streams s ON s.stream_id = u.stream_id"_s,
        columns.parameters({plan.recordedAt().micros()}), u"appending events"_s);
    if (inserted) {
        if (inserted->affectedRows() != plan.events().size()) // every stream row was written just before
            return Error::internal(u"Some events found no stream row; nothing was written."_s);
        return {};
    }
    const Error& error = inserted.error();
    if (isUniqueViolation(error) && error.detail.contains(u"event_id"_s)) {
        static const QRegularExpression key(uR"(\(event_id\)=\(([0-9a-fA-F-]+)\))"_s);
        const QString id = key.match(error.detail).captured(1);
        return Error::invalidArgument(u"Event %1 is already in the store; events are appended once."_s.arg(id),
            error.detail, {{u"event_id"_s, id}});
    }
    return error;
}

Status PgCommitWriter::writeCommands(const PgCommitPlan& plan)
{
    if (plan.commands().isEmpty())
        return {};
    Columns columns(8);
    for (const auto& command : plan.commands()) {
        columns.add(0, command.record.commandId);
        columns.add(1, command.record.commandName);
        columns.add(2, command.streamId);
        if (command.record.fingerprint.isNull())
            columns.addNull(3);
        else
            columns.add(3, "\\x" + command.record.fingerprint.toHex());
        columns.add(4, command.firstRevision);
        columns.add(5, command.lastRevision);
        columns.add(6, command.firstPosition);
        columns.add(7, command.lastPosition);
    }
    auto inserted = m_connection.execPrepared(
        u"INSERT INTO commands (command_id, command_name, stream_id, fingerprint, first_revision, last_revision, "
        u"first_position, last_position, recorded_at) SELECT u.*, $1 FROM unnest($2::text[], $3::text[], $4::text[], "
        u"$5::bytea[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[]) "
        u"AS u(id, name, stream, fingerprint, first_revision, last_revision, first_position, last_position)"_s,
        columns.parameters({plan.recordedAt().micros()}), u"recording commands"_s);
    if (!inserted && isUniqueViolation(inserted.error()))
        return Error::make(
            ErrorKind::DuplicateCommand, u"A command of this unit was already executed."_s, inserted.error().detail);
    return inserted ? Status() : Status(inserted.error());
}

Status PgCommitWriter::writeReservations(const PgCommitPlan& plan)
{
    const auto changes = plan.changedReservations();
    if (changes.isEmpty())
        return {};
    Columns freed(2), claimed(3);
    for (const auto& [key, holder] : changes) {
        freed.add(0, key.first);
        freed.add(1, key.second);
        if (holder) {
            claimed.add(0, key.first);
            claimed.add(1, key.second);
            claimed.add(2, *holder);
        }
    }
    const QString doing = u"writing reservations"_s;
    auto deleted = m_connection.execPrepared(u"DELETE FROM reservations r USING unnest($1::text[], $2::text[]) "
                                             u"AS k(scope, key) WHERE r.scope = k.scope AND r.key = k.key"_s,
        freed.parameters(), doing);
    if (!deleted)
        return deleted.error();
    if (claimed.rows() == 0)
        return {};
    auto inserted = m_connection.execPrepared(
        u"INSERT INTO reservations (scope, key, owner_stream_id, reserved_at) SELECT u.*, $1 "
        u"FROM unnest($2::text[], $3::text[], $4::text[]) AS u(scope, key, owner)"_s,
        claimed.parameters({plan.recordedAt().micros()}), doing);
    return inserted ? Status() : Status(inserted.error());
}

Status PgCommitWriter::writeOutbox(const QList<OutboxMessage>& messages, Timestamp now)
{
    if (messages.isEmpty())
        return {};
    Columns columns(5);
    for (const auto& message : messages) {
        columns.add(0, message.idempotencyKey);
        columns.add(1, message.topic);
        columns.add(2, message.streamId);
        if (message.eventId.isNull())
            columns.addNull(3);
        else
            columns.add(3, message.eventId.toByteArray(QUuid::WithoutBraces));
        columns.add(4, message.payload);
    }
    // In the given order, so ids follow it; a repeated idempotency key (here or stored) is ignored.
    auto inserted = m_connection.execPrepared(
        u"INSERT INTO outbox (idempotency_key, topic, stream_id, event_id, payload, status, attempts, "
        u"next_attempt_at, created_at, updated_at) SELECT u.key, u.topic, u.stream, u.event, u.payload, 'pending', "
        u"0, $1, $1, $1 FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::json[]) WITH ORDINALITY "
        u"AS u(key, topic, stream, event, payload, n) ORDER BY u.n ON CONFLICT (idempotency_key) DO NOTHING"_s,
        columns.parameters({now.micros()}), u"writing the outbox"_s);
    return inserted ? Status() : Status(inserted.error());
}

Status PgCommitWriter::writeSnapshots(const QList<Snapshot>& snapshots)
{
    if (snapshots.isEmpty())
        return {};
    // One row per stream and revision: the last one given wins, as when they are written one by one.
    QHash<std::pair<QString, qint64>, qsizetype> last;
    for (qsizetype i = 0; i < snapshots.size(); ++i)
        last.insert({snapshots[i].streamId, snapshots[i].revision}, i);
    Columns columns(6);
    for (qsizetype i = 0; i < snapshots.size(); ++i) {
        const Snapshot& snapshot = snapshots[i];
        if (last.value({snapshot.streamId, snapshot.revision}) != i)
            continue;
        columns.add(0, snapshot.streamId);
        columns.add(1, snapshot.revision);
        columns.add(2, snapshot.aggregateType);
        columns.add(3, qint64(snapshot.schemaVersion));
        columns.add(4, snapshot.state);
        columns.add(5, snapshot.takenAt.micros());
    }
    auto written = m_connection.execPrepared(
        u"INSERT INTO snapshots (stream_id, revision, aggregate_type, schema_version, state, taken_at) "
        u"SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::json[], $6::bigint[]) "
        u"ON CONFLICT (stream_id, revision) DO UPDATE SET aggregate_type = excluded.aggregate_type, "
        u"schema_version = excluded.schema_version, state = excluded.state, taken_at = excluded.taken_at"_s,
        columns.parameters(), u"writing snapshots"_s);
    return written ? Status() : Status(written.error());
}

} // namespace flashback::postgres
