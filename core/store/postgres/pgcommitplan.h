// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/unitofwork.h"
#include "util/result.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <optional>
#include <utility>

namespace flashback::postgres {

/// A unit of work worked out in memory before a row is written: the same checks, in the same order, as writing
/// it append by append (expected revisions, aggregate types, event ids, command ids, reservations in order), from
/// the facts the writer read under the append lock. The writer then stores the outcome with a handful of set-based
/// statements, however many commands the unit holds.
class PgCommitPlan {
public:
    struct Stream {
        qint64 pk = 0; ///< 0: the stream is new.
        QString aggregateType;
        qint64 revision = 0;
        qint64 firstPosition = 0;
        qint64 lastPosition = 0;
        Timestamp createdAt;
        Timestamp lastOccurredAt;
        QString lastEventType;
        bool appended = false; ///< Got events in this unit.
    };
    struct Command {
        CommandRecord record;
        QString streamId;
        qint64 firstRevision = 0;
        qint64 lastRevision = 0;
        qint64 firstPosition = 0;
        qint64 lastPosition = 0;
    };
    using ReservationKey = std::pair<QString, QString>; ///< scope, key

    PgCommitPlan(qint64 head, Timestamp recordedAt)
        : m_position(head)
        , m_recordedAt(recordedAt)
    { }

    /// Facts read from the store.
    void knowStream(const QString& streamId, qint64 pk, qint64 revision, const QString& aggregateType);
    void knowCommand(const QString& commandId) { m_knownCommands.insert(commandId); }
    void knowEventId(const QUuid& eventId) { m_knownEventIds.insert(eventId); }
    void knowReservation(const QString& scope, const QString& key, const QString& owner);

    /// The unit's steps, in its order; the first error ends the plan (and the commit).
    Status addAppend(const StreamAppend& append);
    Status addReservation(const ReservationChange& change);

    Timestamp recordedAt() const { return m_recordedAt; }
    const QList<RecordedEvent>& events() const { return m_events; }
    /// metadata.actor of each event (parallel to events()), for the indexed actor column.
    const QList<QString>& actors() const { return m_actors; }
    /// Streams that got events, in the order they first did.
    QList<std::pair<QString, Stream>> appendedStreams() const;
    const QList<Command>& commands() const { return m_commands; }
    /// Reservations whose holder changed: the new holder, or none (freed).
    QList<std::pair<ReservationKey, std::optional<QString>>> changedReservations() const;

private:
    qint64 m_position;
    Timestamp m_recordedAt;
    QHash<QString, Stream> m_streams;
    QList<QString> m_streamOrder;
    QSet<QString> m_knownCommands;
    QSet<QUuid> m_knownEventIds;
    QHash<ReservationKey, QString> m_reservationsBefore;
    QHash<ReservationKey, QString> m_reservations;
    QList<ReservationKey> m_reservationOrder;
    QList<RecordedEvent> m_events;
    QList<QString> m_actors;
    QList<Command> m_commands;
};

} // namespace flashback::postgres
