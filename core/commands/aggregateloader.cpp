// SPDX-License-Identifier: GPL-3.0-or-later
#include "aggregateloader.h"
#include "domain/domaincatalog.h"
#include "store/eventstore.h"
#include "timetravel/genericaggregate.h"
#include "util/logging.h"

#include <QJsonDocument>

namespace flashback {

Result<LoadedAggregate> loadAggregate(EventStore& store, const DomainCatalog& catalog, const QString& aggregateType,
    const QString& streamId, qint64 upToRevision, bool useSnapshots)
{
    LoadedAggregate loaded;
    const AggregateDefinition* definition = catalog.aggregate(aggregateType);
    loaded.aggregate
        = definition ? definition->create() : std::unique_ptr<Aggregate>(new GenericAggregate(aggregateType));
    loaded.aggregate->setId(streamId);

    StreamReadOptions tail;
    tail.toRevision = upToRevision;
    if (useSnapshots && loaded.aggregate->snapshotVersion() > 0) {
        // The newest snapshot in the current format wins; older formats are stepped over (a few at most, as
        // formats change rarely), never misread.
        qint64 below = upToRevision;
        for (int tries = 0; tries < 16 && below > 0; ++tries) {
            auto snapshot = store.latestSnapshot(streamId, below);
            if (!snapshot)
                return snapshot.error();
            if (!snapshot->has_value())
                break;
            const Snapshot& found = **snapshot;
            const QJsonObject state = QJsonDocument::fromJson(found.state).object();
            if (loaded.aggregate->restoreSnapshot(state, found.schemaVersion, found.revision)) {
                loaded.snapshotRevision = found.revision;
                tail.fromRevision = found.revision + 1;
                break;
            }
            qCDebug(lcCommands) << "ignoring snapshot of" << streamId << "at" << found.revision << "version"
                                << found.schemaVersion;
            below = found.revision - 1;
        }
    }
    auto events = store.readStream(streamId, tail);
    if (!events)
        return events.error();
    for (const RecordedEvent& event : std::as_const(*events)) {
        loaded.aggregate->replay(DecodedEvent::decode(event, catalog.upcasters()));
        loaded.lastOccurredAt = event.occurredAt;
        ++loaded.eventsFolded;
    }
    return loaded;
}

} // namespace flashback
