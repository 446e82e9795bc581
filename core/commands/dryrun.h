// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/newevent.h"
#include "events/recordedevent.h"
#include "outbox/outboxmessage.h"
#include "store/unitofwork.h"
#include "timetravel/jsondiff.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace flashback {

/// What a command would do, decided against the stream as it is now and committed nowhere: the events it would
/// append (with their metadata; ids and times are those of this run, a real run gets its own), the state before
/// and after and their differences, the reservations it would claim or free and the outbox messages it would
/// queue. A command id seen before would append nothing and return the earlier result: `duplicate` with those
/// events. The domain error, reservation conflict or concurrency conflict it would hit is the dry run's error.
struct DryRun {
    QString commandId; ///< The command id given, or the one this run made up (a real run makes another).
    QString commandName;
    QString streamId; ///< For a command that creates its stream without an id given: an id made up for this run.
    QString aggregateType;
    bool createsStream = false; ///< The stream does not exist yet.
    qint64 revisionBefore = 0;
    qint64 revisionAfter = 0;
    QList<NewEvent> events; ///< What would be appended (empty for a duplicate).
    QList<RecordedEvent> earlierEvents; ///< For a duplicate: what the earlier command appended.
    QJsonObject stateBefore;
    QJsonObject stateAfter;
    QList<JsonChange> changes; ///< stateBefore -> stateAfter
    QList<ReservationChange> reservations;
    QList<OutboxMessage> outbox;
    bool snapshotDue = false; ///< The events would cross the aggregate's snapshot interval.
    bool duplicate = false;

    /// `events` as the stream would hold them (revisions from revisionBefore + 1; no position or recording time:
    /// the store gives those at commit), for showing them as recorded events are shown.
    QList<RecordedEvent> eventsAsRecorded() const;
};

} // namespace flashback
