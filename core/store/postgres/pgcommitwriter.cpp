// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgcommitwriter.h"
#include "pgarraycolumns.h"
#include "pgcommitplan.h"
#include "pgconnection.h"
#include "pgschema.h"

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace flashback::postgres {

namespace {

using Pipeline = PgConnection::Pipeline;

bool isUniqueViolationOf(const Error& error, QStringView constraint)
{
    return error.context.value(u"sqlstate"_s).toString() == u"23505"_s
        && error.context.value(u"constraint"_s).toString() == constraint;
}

} // namespace

/// The queries of the first round trip after the lock and the head, so their results can be found.
enum class PgCommitWriter::Fact { Streams, Commands, EventIds, Reservations };

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
    // Inside a caller's transaction the unit gets a savepoint; on its own, BEGIN and COMMIT travel with the
    // first and the last round trip.
    const bool nested = m_connection.transactionDepth() > 0;
    if (nested) {
        if (auto status = m_connection.begin(u"starting a write"_s); !status)
            return status.error();
    }
    auto result = write(work, nested);
    if (!result) {
        m_connection.rollback(); // nothing when the transaction never opened or its COMMIT already ended it
        return result;
    }
    if (nested) {
        if (auto status = m_connection.commit(u"committing a write"_s); !status)
            return status.error();
    }
    return result;
}

Result<CommitResult> PgCommitWriter::write(const UnitOfWork& work, bool nested)
{
    // Round trip 1: open the transaction, take the append lock, then read the head and what the unit's checks
    // need. The lock serialises writers until this transaction has committed (see the class comment), bounded by
    // lock_timeout. The statements after it run once it is granted, each with a new snapshot, so they see every
    // commit made before; the server's clock, read under the lock, makes recorded_at never go back as positions
    // grow.
    QList<PgStatement> reads {
        {u"SELECT pg_advisory_xact_lock($1::int, $2::int)"_s, {AppendLockSpace, m_connection.lockKey()}},
        {u"SELECT (SELECT coalesce(max(position), 0) FROM events), "
         u"(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"_s,
            {}},
    };
    const QList<Fact> facts = factQueries(work, reads);
    auto answered = m_connection.execPipeline(
        reads, u"reading the store before a write"_s, nested ? Pipeline::InTransaction : Pipeline::Begin);
    if (!answered)
        return answered.error();
    const PgResult& head = answered->at(1);
    PgCommitPlan plan(head.integer(0, 0), Timestamp::fromMicros(head.integer(0, 1)));
    for (qsizetype i = 0; i < facts.size(); ++i)
        learn(facts.at(i), answered->at(size_t(2 + i)), plan);

    for (const auto& append : work.appends) {
        if (auto status = plan.addAppend(append); !status)
            return status.error();
    }
    // In the given order: a batch of many commands may claim a value and free it again later in the batch.
    for (const auto& change : work.reservations) {
        if (auto status = plan.addReservation(change); !status)
            return status.error();
    }

    // Round trip 2: every write, a wake-up for listeners, and COMMIT.
    QList<PgStatement> writes;
    const bool hasEvents = !plan.events().isEmpty();
    if (hasEvents)
        writes.append(eventsStatement(plan));
    addStreamUpdates(plan, writes);
    addCommands(plan, writes);
    addReservations(plan, writes);
    addOutbox(work.outbox, plan.recordedAt(), writes);
    addSnapshots(work.snapshots, writes);
    if (hasEvents) {
        // Delivered at commit, to every listener of the database; a wake-up only, readers query the log.
        writes.append({u"SELECT pg_notify($1, $2)"_s,
            {QString::fromLatin1(NotifyChannel), QString::number(plan.events().constLast().position)}});
    }
    auto written = m_connection.execPipeline(
        writes, u"writing to the store"_s, nested ? Pipeline::InTransaction : Pipeline::Commit);
    if (!written)
        return writeError(written.error());
    return CommitResult {plan.events(), plan.recordedAt()};
}

QList<PgCommitWriter::Fact> PgCommitWriter::factQueries(const UnitOfWork& work, QList<PgStatement>& reads)
{
    QSet<QString> seenStreams, seenCommands;
    PgArrayColumns streams(1), commands(1), eventIds(1), reservations(2);
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
    QList<Fact> facts;
    if (streams.rows() > 0) {
        reads.append({u"SELECT stream_id, stream_pk, revision, aggregate_type FROM streams "
                      u"WHERE stream_id = ANY($1::text[])"_s,
            streams.parameters()});
        facts.append(Fact::Streams);
    }
    if (commands.rows() > 0) {
        reads.append({u"SELECT command_id FROM commands WHERE command_id = ANY($1::text[])"_s, commands.parameters()});
        facts.append(Fact::Commands);
    }
    // Stored event ids are looked up although the unique key would refuse them too: the plan then reports them
    // in the same order as every backend does (a unit sent again is refused for its events, before its command).
    if (eventIds.rows() > 0) {
        reads.append({u"SELECT event_id FROM events WHERE event_id = ANY($1::uuid[])"_s, eventIds.parameters()});
        facts.append(Fact::EventIds);
    }
    if (reservations.rows() > 0) {
        reads.append({u"SELECT r.scope, r.key, r.owner_stream_id FROM reservations r "
                      u"JOIN unnest($1::text[], $2::text[]) AS k(scope, key) ON r.scope = k.scope AND r.key = k.key"_s,
            reservations.parameters()});
        facts.append(Fact::Reservations);
    }
    return facts;
}

void PgCommitWriter::learn(Fact fact, const PgResult& found, PgCommitPlan& plan)
{
    for (int row = 0; row < found.rows(); ++row) {
        switch (fact) {
        case Fact::Streams:
            plan.knowStream(found.text(row, 0), found.integer(row, 1), found.integer(row, 2), found.text(row, 3));
            break;
        case Fact::Commands:
            plan.knowCommand(found.text(row, 0));
            break;
        case Fact::EventIds:
            plan.knowEventId(found.uuid(row, 0));
            break;
        case Fact::Reservations:
            plan.knowReservation(found.text(row, 0), found.text(row, 1), found.text(row, 2));
            break;
        }
    }
}

PgStatement PgCommitWriter::eventsStatement(const PgCommitPlan& plan)
{
    // New streams are inserted by the same statement (a data-modifying WITH), which hands their keys to their
    // events; events of known streams carry the key read under the lock. No foreign key checks each row: streams
    // are only ever written here, under the append lock, and never deleted.
    QHash<QString, qint64> knownKeys;
    PgArrayColumns created(8);
    for (const auto& [id, stream] : plan.appendedStreams()) {
        if (stream.pk != 0) {
            knownKeys.insert(id, stream.pk);
            continue;
        }
        created.add(0, id);
        created.add(1, stream.aggregateType);
        created.add(2, stream.revision);
        created.add(3, stream.firstPosition);
        created.add(4, stream.lastPosition);
        created.add(5, stream.createdAt.micros());
        created.add(6, stream.lastOccurredAt.micros());
        created.add(7, stream.lastEventType);
    }
    PgArrayColumns events(11);
    for (qsizetype i = 0; i < plan.events().size(); ++i) {
        const RecordedEvent& event = plan.events().at(i);
        events.add(0, event.position);
        events.add(1, event.eventId.toByteArray(QUuid::WithoutBraces));
        if (const qint64 key = knownKeys.value(event.streamId); key != 0) {
            events.add(2, key);
            events.addNull(3);
        } else {
            events.addNull(2);
            events.add(3, event.streamId);
        }
        events.add(4, event.revision);
        events.add(5, event.type);
        events.add(6, qint64(event.schemaVersion));
        events.add(7, event.occurredAt.micros());
        if (plan.actors().at(i).isEmpty())
            events.addNull(8);
        else
            events.add(8, plan.actors().at(i));
        events.add(9, event.data);
        events.add(10, event.metadata);
    }
    return {u"WITH created AS (INSERT INTO streams (stream_id, aggregate_type, revision, first_position, "
            u"last_position, created_at, last_occurred_at, last_recorded_at, last_event_type) "
            u"SELECT u.id, u.type, u.revision, u.first, u.last, u.created, u.occurred, $1, u.event_type "
            u"FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], "
            u"$8::bigint[], $9::text[]) AS u(id, type, revision, first, last, created, occurred, event_type) "
            u"RETURNING stream_id, stream_pk) "
            u"INSERT INTO events (position, event_id, stream_pk, revision, type, schema_version, occurred_at, "
            u"recorded_at, actor, data, metadata) SELECT u.position, u.id, coalesce(u.stream_pk, c.stream_pk), "
            u"u.revision, u.type, u.version, u.occurred, $1, u.actor, u.data, u.metadata "
            u"FROM unnest($10::bigint[], $11::uuid[], $12::bigint[], $13::text[], $14::bigint[], $15::text[], "
            u"$16::int[], $17::bigint[], $18::text[], $19::json[], $20::json[]) "
            u"AS u(position, id, stream_pk, new_stream, revision, type, version, occurred, actor, data, metadata) "
            u"LEFT JOIN created c ON c.stream_id = u.new_stream ORDER BY u.position"_s,
        events.parameters(created.parameters({plan.recordedAt().micros()}))};
}

void PgCommitWriter::addStreamUpdates(const PgCommitPlan& plan, QList<PgStatement>& writes)
{
    PgArrayColumns updated(5);
    for (const auto& [id, stream] : plan.appendedStreams()) {
        if (stream.pk == 0)
            continue;
        updated.add(0, stream.pk);
        updated.add(1, stream.revision);
        updated.add(2, stream.lastPosition);
        updated.add(3, stream.lastOccurredAt.micros());
        updated.add(4, stream.lastEventType);
    }
    if (updated.rows() == 0)
        return;
    writes.append({u"UPDATE streams s SET revision = u.revision, last_position = u.last, "
                   u"last_occurred_at = u.occurred, last_recorded_at = $1, last_event_type = u.event_type "
                   u"FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[]) "
                   u"AS u(pk, revision, last, occurred, event_type) WHERE s.stream_pk = u.pk"_s,
        updated.parameters({plan.recordedAt().micros()})});
}

void PgCommitWriter::addCommands(const PgCommitPlan& plan, QList<PgStatement>& writes)
{
    if (plan.commands().isEmpty())
        return;
    PgArrayColumns columns(8);
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
    writes.append({u"INSERT INTO commands (command_id, command_name, stream_id, fingerprint, first_revision, "
                   u"last_revision, first_position, last_position, recorded_at) SELECT u.*, $1 "
                   u"FROM unnest($2::text[], $3::text[], $4::text[], $5::bytea[], $6::bigint[], $7::bigint[], "
                   u"$8::bigint[], $9::bigint[]) AS u(id, name, stream, fingerprint, first_revision, "
                   u"last_revision, first_position, last_position)"_s,
        columns.parameters({plan.recordedAt().micros()})});
}

void PgCommitWriter::addReservations(const PgCommitPlan& plan, QList<PgStatement>& writes)
{
    const auto changes = plan.changedReservations();
    if (changes.isEmpty())
        return;
    PgArrayColumns freed(2), claimed(3);
    for (const auto& [key, holder] : changes) {
        freed.add(0, key.first);
        freed.add(1, key.second);
        if (holder) {
            claimed.add(0, key.first);
            claimed.add(1, key.second);
            claimed.add(2, *holder);
        }
    }
    writes.append({u"DELETE FROM reservations r USING unnest($1::text[], $2::text[]) AS k(scope, key) "
                   u"WHERE r.scope = k.scope AND r.key = k.key"_s,
        freed.parameters()});
    if (claimed.rows() == 0)
        return;
    writes.append({u"INSERT INTO reservations (scope, key, owner_stream_id, reserved_at) SELECT u.*, $1 "
                   u"FROM unnest($2::text[], $3::text[], $4::text[]) AS u(scope, key, owner)"_s,
        claimed.parameters({plan.recordedAt().micros()})});
}

void PgCommitWriter::addOutbox(const QList<OutboxMessage>& messages, Timestamp now, QList<PgStatement>& writes)
{
    if (messages.isEmpty())
        return;
    PgArrayColumns columns(5);
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
    writes.append({u"INSERT INTO outbox (idempotency_key, topic, stream_id, event_id, payload, status, attempts, "
                   u"next_attempt_at, created_at, updated_at) SELECT u.key, u.topic, u.stream, u.event, u.payload, "
                   u"'pending', 0, $1, $1, $1 FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::json[]) "
                   u"WITH ORDINALITY AS u(key, topic, stream, event, payload, n) ORDER BY u.n "
                   u"ON CONFLICT (idempotency_key) DO NOTHING"_s,
        columns.parameters({now.micros()})});
}

void PgCommitWriter::addSnapshots(const QList<Snapshot>& snapshots, QList<PgStatement>& writes)
{
    if (snapshots.isEmpty())
        return;
    // One row per stream and revision: the last one given wins, as when they are written one by one.
    QHash<std::pair<QString, qint64>, qsizetype> last;
    for (qsizetype i = 0; i < snapshots.size(); ++i)
        last.insert({snapshots[i].streamId, snapshots[i].revision}, i);
    PgArrayColumns columns(6);
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
    writes.append({u"INSERT INTO snapshots (stream_id, revision, aggregate_type, schema_version, state, taken_at) "
                   u"SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::json[], "
                   u"$6::bigint[]) ON CONFLICT (stream_id, revision) DO UPDATE SET "
                   u"aggregate_type = excluded.aggregate_type, schema_version = excluded.schema_version, "
                   u"state = excluded.state, taken_at = excluded.taken_at"_s,
        columns.parameters()});
}

Error PgCommitWriter::writeError(const Error& error)
{
    if (isUniqueViolationOf(error, u"events_event_id_unique")) {
        static const QRegularExpression key(uR"(\(event_id\)=\(([0-9a-fA-F-]+)\))"_s);
        const QString id = key.match(error.detail).captured(1);
        return Error::invalidArgument(u"Event %1 is already in the store; events are appended once."_s.arg(id),
            error.detail, {{u"event_id"_s, id}});
    }
    if (isUniqueViolationOf(error, u"commands_pkey"))
        return Error::make(
            ErrorKind::DuplicateCommand, u"A command of this unit was already executed."_s, error.detail);
    return error;
}

} // namespace flashback::postgres
