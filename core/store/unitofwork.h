#pragma once

#include "events/newevent.h"
#include "events/recordedevent.h"
#include "expectedrevision.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace flashback {

/// Events for one stream, appended all or nothing.
struct StreamAppend {
    QString streamId;
    QString aggregateType;
    ExpectedRevision expected = ExpectedRevision::any();
    QList<NewEvent> events;
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

/// The idempotency record of a command: written with its events, so a retried command finds it.
struct CommandRecord {
    QString commandId;
    QString commandName;
    QString streamId;
    QByteArray fingerprint; ///< Hash of the command's non-secret arguments, to detect a reused id.
};

/// Everything one command (or one import batch) writes, committed in one transaction.
struct UnitOfWork {
    QList<StreamAppend> appends;
    QList<ReservationChange> reservations;
    std::optional<CommandRecord> command;
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
