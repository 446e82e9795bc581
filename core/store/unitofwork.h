// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/newevent.h"
#include "events/recordedevent.h"
#include "expectedrevision.h"
#include "outbox/outboxmessage.h"
#include "snapshots/snapshot.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace flashback {

/// The idempotency record of a command: written with its events, so a retried command finds it.
struct CommandRecord {
    QString commandId;
    QString commandName;
    QByteArray fingerprint; ///< Hash of the command's non-secret arguments, to detect a reused id.
};

/// Events for one stream, appended all or nothing, optionally with the record of the command that decided them.
struct StreamAppend {
    QString streamId;
    QString aggregateType;
    ExpectedRevision expected = ExpectedRevision::any();
    QList<NewEvent> events;
    std::optional<CommandRecord> command;
};

/// Claims or frees a unique value (a username, an email) for a stream. Claims are checked and written in the
/// same transaction as the events, so two writers cannot both take one value.
struct ReservationChange {
    enum class Action { Claim, Release };
    Action action = Action::Claim;
    QString scope; ///< e.g. "user.email"
    QString key; ///< Normalised value, e.g. the case-folded email.
    QString ownerStreamId;
};

/// Everything one command (or one import batch of many commands) writes, committed in one transaction.
struct UnitOfWork {
    QList<StreamAppend> appends;
    QList<ReservationChange> reservations; ///< Applied in this order, after the appends.
    QList<OutboxMessage> outbox; ///< Side effects the events call for; a repeated idempotency key is ignored.
    QList<Snapshot> snapshots; ///< Taken by policy in the command's transaction; one per stream and revision.
};

/// What a commit stored.
struct CommitResult {
    QList<RecordedEvent> events; ///< In commit (position) order.
    Timestamp recordedAt;

    qint64 lastPosition() const { return events.isEmpty() ? 0 : events.constLast().position; }
};

/// A recorded command, as found by its id.
struct CommandRecordInfo {
    QString commandId;
    QString commandName;
    QString streamId;
    QByteArray fingerprint;
    qint64 firstRevision = 0;
    qint64 lastRevision = 0;
    qint64 firstPosition = 0;
    qint64 lastPosition = 0;
    Timestamp recordedAt;
};

} // namespace flashback
