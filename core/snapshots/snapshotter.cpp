// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotter.h"
#include "commands/aggregateloader.h"
#include "domain/domaincatalog.h"
#include "store/eventstore.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
Error streamNotFound(const QString& streamId)
{
    return Error::notFound(
        u"StreamNotFound"_s, u"There is no stream %1 in this store."_s.arg(streamId), {{u"stream_id"_s, streamId}});
}
} // namespace

Snapshotter::Snapshotter(EventStore& store, const DomainCatalog& catalog)
    : m_store(store)
    , m_catalog(catalog)
{ }

Result<Snapshot> Snapshotter::takeSnapshot(const QString& streamId)
{
    auto info = m_store.stream(streamId);
    if (!info)
        return info.error();
    if (!info->has_value())
        return streamNotFound(streamId);
    auto loaded = loadAggregate(m_store, m_catalog, (*info)->aggregateType, streamId);
    if (!loaded)
        return loaded.error();
    const Aggregate& aggregate = *loaded->aggregate;
    if (aggregate.snapshotVersion() == 0)
        return Error::invalidArgument(
            u"%1 streams take no snapshots: Flashback has no snapshot format for them."_s.arg(aggregate.type()));
    Snapshot snapshot {streamId, aggregate.type(), aggregate.revision(), aggregate.snapshotVersion(),
        QJsonDocument(aggregate.state()).toJson(QJsonDocument::Compact), Timestamp::now()};
    UnitOfWork work;
    // The snapshot is valid only if the stream is still at that revision when it is written.
    work.appends.append({streamId, aggregate.type(), ExpectedRevision::exact(aggregate.revision()), {}, {}});
    work.snapshots.append(snapshot);
    auto committed = m_store.commit(work);
    if (!committed)
        return committed.error();
    return snapshot;
}

Result<QList<SnapshotCheck>> Snapshotter::verify(const QString& streamId)
{
    auto info = m_store.stream(streamId);
    if (!info)
        return info.error();
    if (!info->has_value())
        return streamNotFound(streamId);
    auto stored = m_store.snapshots(streamId);
    if (!stored)
        return stored.error();
    auto fresh = loadAggregate(m_store, m_catalog, (*info)->aggregateType, streamId, 0, false);
    if (!fresh)
        return fresh.error();
    Aggregate& aggregate = *fresh->aggregate;
    auto events = m_store.readStream(streamId, {});
    if (!events)
        return events.error();

    QList<SnapshotCheck> checks;
    qsizetype next = 0;
    for (const Snapshot& snapshot : std::as_const(*stored)) {
        while (next < events->size() && events->at(next).revision <= snapshot.revision)
            aggregate.replay(DecodedEvent::decode(events->at(next++), m_catalog.upcasters()));
        SnapshotCheck check;
        check.snapshot = snapshot;
        check.usable = snapshot.schemaVersion == aggregate.snapshotVersion() && aggregate.snapshotVersion() > 0;
        check.differences = diffJson(QJsonDocument::fromJson(snapshot.state).object(), aggregate.state());
        checks.append(check);
    }
    return checks;
}

} // namespace flashback
