// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgcommitplan.h"

using namespace Qt::StringLiterals;

namespace flashback::postgres {

void PgCommitPlan::knowStream(const QString& streamId, qint64 pk, qint64 revision, const QString& aggregateType)
{
    Stream stream;
    stream.pk = pk;
    stream.revision = revision;
    stream.aggregateType = aggregateType;
    m_streams.insert(streamId, stream);
}

void PgCommitPlan::knowReservation(const QString& scope, const QString& key, const QString& owner)
{
    m_reservationsBefore.insert({scope, key}, owner);
    m_reservations.insert({scope, key}, owner);
}

Status PgCommitPlan::addAppend(const StreamAppend& append)
{
    const auto known = m_streams.constFind(append.streamId);
    const bool exists = known != m_streams.cend() && (known->pk != 0 || known->appended);
    Stream stream = exists ? *known : Stream {};
    if (!append.expected.accepts(stream.revision)) {
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"Stream %1 is at revision %2, but the writer expected %3; it changed since it was read."_s.arg(
                append.streamId, QString::number(stream.revision), append.expected.describe()),
            {},
            {{u"stream_id"_s, append.streamId}, {u"expected"_s, append.expected.describe()},
                {u"actual_revision"_s, stream.revision}});
    }
    if (exists && stream.aggregateType != append.aggregateType) {
        return Error::invalidArgument(
            u"Stream %1 belongs to a %2, not a %3."_s.arg(append.streamId, stream.aggregateType, append.aggregateType),
            {}, {{u"stream_id"_s, append.streamId}});
    }

    const qsizetype before = m_events.size();
    for (const NewEvent& event : append.events) {
        if (m_knownEventIds.contains(event.eventId)) {
            const QString id = event.eventId.toString(QUuid::WithoutBraces);
            return Error::invalidArgument(
                u"Event %1 is already in the store; events are appended once."_s.arg(id), {}, {{u"event_id"_s, id}});
        }
        m_knownEventIds.insert(event.eventId);
        RecordedEvent recorded;
        recorded.eventId = event.eventId;
        recorded.streamId = append.streamId;
        recorded.aggregateType = append.aggregateType;
        recorded.revision = ++stream.revision;
        recorded.position = ++m_position;
        recorded.type = event.type;
        recorded.schemaVersion = event.schemaVersion;
        recorded.occurredAt = event.occurredAt;
        recorded.recordedAt = m_recordedAt;
        recorded.data = event.data;
        recorded.metadata = event.metadata.toJsonBytes();
        m_events.append(recorded);
        m_actors.append(event.metadata.actor);
    }
    if (!append.events.isEmpty()) {
        if (!stream.appended && stream.pk == 0) {
            stream.aggregateType = append.aggregateType;
            stream.firstPosition = m_events.at(before).position;
            stream.createdAt = append.events.constFirst().occurredAt;
        }
        if (!stream.appended)
            m_streamOrder.append(append.streamId);
        stream.appended = true;
        stream.lastPosition = m_position;
        stream.lastOccurredAt = append.events.constLast().occurredAt;
        stream.lastEventType = append.events.constLast().type;
    }
    if (exists || !append.events.isEmpty())
        m_streams.insert(append.streamId, stream);

    if (append.command) {
        const CommandRecord& record = *append.command;
        if (m_knownCommands.contains(record.commandId))
            return Error::make(ErrorKind::DuplicateCommand,
                u"Command %1 was already executed; it is not run twice."_s.arg(record.commandId), {},
                {{u"command_id"_s, record.commandId}});
        m_knownCommands.insert(record.commandId);
        const bool appended = m_events.size() > before;
        Command command {record, append.streamId};
        if (appended) {
            command.firstRevision = m_events.at(before).revision;
            command.lastRevision = m_events.constLast().revision;
            command.firstPosition = m_events.at(before).position;
            command.lastPosition = m_events.constLast().position;
        }
        m_commands.append(command);
    }
    return {};
}

Status PgCommitPlan::addReservation(const ReservationChange& change)
{
    const ReservationKey key {change.scope, change.key};
    if (!m_reservationOrder.contains(key))
        m_reservationOrder.append(key);
    const auto holder = m_reservations.constFind(key);
    if (change.action == ReservationChange::Action::Release) {
        if (holder != m_reservations.cend() && *holder == change.ownerStreamId)
            m_reservations.remove(key);
        return {};
    }
    if (holder != m_reservations.cend()) {
        if (*holder == change.ownerStreamId)
            return {};
        return Error::make(ErrorKind::ReservationConflict,
            u"The value '%1' of %2 is already taken by stream %3."_s.arg(change.key, change.scope, *holder), {},
            {{u"scope"_s, change.scope}, {u"key"_s, change.key}, {u"owner"_s, *holder}});
    }
    m_reservations.insert(key, change.ownerStreamId);
    return {};
}

QList<std::pair<QString, PgCommitPlan::Stream>> PgCommitPlan::appendedStreams() const
{
    QList<std::pair<QString, Stream>> out;
    out.reserve(m_streamOrder.size());
    for (const QString& id : m_streamOrder)
        out.append({id, m_streams.value(id)});
    return out;
}

QList<std::pair<PgCommitPlan::ReservationKey, std::optional<QString>>> PgCommitPlan::changedReservations() const
{
    QList<std::pair<ReservationKey, std::optional<QString>>> out;
    for (const ReservationKey& key : m_reservationOrder) {
        const auto before = m_reservationsBefore.constFind(key);
        const auto after = m_reservations.constFind(key);
        const bool had = before != m_reservationsBefore.cend();
        const bool has = after != m_reservations.cend();
        if (had == has && (!has || *before == *after))
            continue;
        out.append({key, has ? std::optional<QString>(*after) : std::nullopt});
    }
    return out;
}

} // namespace flashback::postgres
