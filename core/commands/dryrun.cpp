// SPDX-License-Identifier: GPL-3.0-or-later
#include "dryrun.h"

namespace flashback {

QList<RecordedEvent> DryRun::eventsAsRecorded() const
{
    QList<RecordedEvent> recorded;
    recorded.reserve(events.size());
    qint64 revision = revisionBefore;
    for (const NewEvent& event : events) {
        RecordedEvent shown;
        shown.eventId = event.eventId;
        shown.streamId = streamId;
        shown.aggregateType = aggregateType;
        shown.revision = ++revision;
        shown.type = event.type;
        shown.schemaVersion = event.schemaVersion;
        shown.occurredAt = event.occurredAt;
        shown.data = event.data;
        shown.metadata = event.metadata.toJsonBytes();
        recorded.append(shown);
    }
    return recorded;
}

} // namespace flashback
