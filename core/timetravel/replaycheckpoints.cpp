// SPDX-License-Identifier: GPL-3.0-or-later
#include "replaycheckpoints.h"

#include "domain/domaincatalog.h"
#include "genericaggregate.h"
#include "store/eventstore.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QByteArray compact(const QJsonObject& state)
{
    return QJsonDocument(state).toJson(QJsonDocument::Compact);
}

QJsonObject parsed(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

ReplayCheckpoints::ReplayCheckpoints(const DomainCatalog& catalog, ReplayCheckpointOptions options)
    : m_catalog(catalog)
    , m_options(options)
    , m_interval(std::max<qint64>(1, options.interval))
{ }

ReplayCheckpoints::~ReplayCheckpoints() = default;

Result<std::unique_ptr<ReplayCheckpoints>> ReplayCheckpoints::start(
    EventStore& store, const DomainCatalog& catalog, const QString& streamId, ReplayCheckpointOptions options)
{
    auto info = store.stream(streamId);
    if (!info)
        return info.error();
    if (!info->has_value())
        return Error::notFound(
            u"StreamNotFound"_s, u"There is no stream %1 in this store."_s.arg(streamId), {{u"stream_id"_s, streamId}});
    std::unique_ptr<ReplayCheckpoints> cache(new ReplayCheckpoints(catalog, options));
    cache->m_streamId = streamId;
    cache->m_aggregateType = (*info)->aggregateType;
    cache->m_head = (*info)->revision;
    cache->m_generic = !catalog.aggregate(cache->m_aggregateType);
    cache->m_fold = cache->restore(nullptr);
    // A state this build cannot restore cannot be a checkpoint: then every answer folds from the first event.
    cache->m_checkpointable = cache->restore(nullptr)->restoreCheckpoint(cache->m_fold->state(), 0);
    if (!cache->m_checkpointable)
        return cache;

    auto snapshots = store.snapshots(streamId);
    if (!snapshots)
        return snapshots.error();
    const int format = cache->m_fold->snapshotVersion();
    for (const Snapshot& snapshot : std::as_const(*snapshots)) {
        // Another format is another shape of state: replaying is the only safe reading of it.
        if (format == 0 || snapshot.schemaVersion != format || snapshot.revision < 1
            || snapshot.revision > cache->m_head)
            continue;
        if (!cache->restore(nullptr)->restoreSnapshot(
                parsed(snapshot.state), snapshot.schemaVersion, snapshot.revision))
            continue;
        cache->m_snapshots.append(snapshot.revision);
        cache->keep({snapshot.revision, {}, snapshot.state, true});
    }
    return cache;
}

std::unique_ptr<Aggregate> ReplayCheckpoints::restore(const Checkpoint* from) const
{
    std::unique_ptr<Aggregate> aggregate;
    if (const AggregateDefinition* definition = m_catalog.aggregate(m_aggregateType))
        aggregate = definition->create();
    else
        aggregate = std::make_unique<GenericAggregate>(m_aggregateType);
    aggregate->setId(m_streamId);
    if (from && !aggregate->restoreCheckpoint(parsed(from->state), from->revision))
        return nullptr;
    return aggregate;
}

void ReplayCheckpoints::keep(Checkpoint checkpoint)
{
    const auto at = std::lower_bound(m_checkpoints.begin(), m_checkpoints.end(), checkpoint.revision,
        [](const Checkpoint& c, qint64 revision) { return c.revision < revision; });
    m_bytes += checkpoint.state.size();
    m_checkpoints.insert(at, std::move(checkpoint));
    if (m_bytes > m_options.memoryBudget)
        thin();
}

void ReplayCheckpoints::thin()
{
    while (m_bytes > m_options.memoryBudget && m_checkpoints.size() > 1) {
        m_interval *= 2;
        const qint64 interval = m_interval;
        std::erase_if(
            m_checkpoints, [interval](const Checkpoint& c) { return !c.fromSnapshot && c.revision % interval != 0; });
        m_bytes = 0;
        for (const Checkpoint& c : m_checkpoints)
            m_bytes += c.state.size();
        if (interval > m_head)
            break; // nothing left to thin but snapshots
    }
}

Result<bool> ReplayCheckpoints::advance(EventStore& store, qint64 maxEvents)
{
    if (isComplete())
        return true;
    StreamReadOptions slice;
    slice.fromRevision = m_foldedThrough + 1;
    slice.toRevision = m_head;
    slice.limit = std::max<qint64>(1, maxEvents);
    auto events = store.readStream(m_streamId, slice);
    if (!events)
        return events.error();
    if (events->isEmpty()) {
        m_head = m_foldedThrough; // cannot happen to an append-only stream; never loop on it
        return true;
    }
    for (const RecordedEvent& event : std::as_const(*events)) {
        m_fold->replay(DecodedEvent::decode(event, m_catalog.upcasters()));
        m_foldedThrough = event.revision;
        m_lastOccurredAt = event.occurredAt;
        if (!m_checkpointable)
            continue;
        const auto at = std::lower_bound(m_checkpoints.begin(), m_checkpoints.end(), event.revision,
            [](const Checkpoint& c, qint64 revision) { return c.revision < revision; });
        if (at != m_checkpoints.end() && at->revision == event.revision) {
            // A snapshot's revision: the fold is the truth; a snapshot that says otherwise is reported.
            const QJsonObject folded = m_fold->state();
            if (parsed(at->state) != folded) {
                m_drifted.append(event.revision);
                m_bytes -= at->state.size();
                at->state = compact(folded);
                m_bytes += at->state.size();
            }
            at->occurredAt = event.occurredAt;
        } else if (event.revision % m_interval == 0) {
            keep({event.revision, event.occurredAt, compact(m_fold->state()), false});
        }
    }
    return isComplete();
}

Result<StateAt> ReplayCheckpoints::stateAt(EventStore& store, qint64 revision, QJsonObject* before) const
{
    if (revision < 1)
        return Error::invalidArgument(u"Revisions start at 1; %1 is not one."_s.arg(revision));
    StateAt result;
    auto aggregate = foldTo(store, revision, before, &result);
    if (!aggregate)
        return aggregate.error();
    result.state = (*aggregate)->state();
    return result;
}

Result<std::unique_ptr<Aggregate>> ReplayCheckpoints::aggregateAt(EventStore& store, qint64 revision) const
{
    if (revision < 1)
        return restore(nullptr);
    return foldTo(store, revision, nullptr, nullptr);
}

Result<std::unique_ptr<Aggregate>> ReplayCheckpoints::foldTo(
    EventStore& store, qint64 revision, QJsonObject* before, StateAt* info) const
{
    if (before)
        *before = {};
    // Asked for the state before too: start below the revision, so its event is folded here.
    const qint64 startAtOrBelow = before ? revision - 1 : revision;
    const auto after = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), startAtOrBelow,
        [](qint64 r, const Checkpoint& c) { return r < c.revision; });
    const Checkpoint* from = after == m_checkpoints.begin() ? nullptr : &*std::prev(after);
    std::unique_ptr<Aggregate> aggregate = restore(from);
    if (!aggregate) {
        from = nullptr; // unreadable (cannot happen to a state this build wrote): fold from the start
        aggregate = restore(nullptr);
    }
    StateAt unused;
    StateAt& result = info ? *info : unused;
    result.streamId = m_streamId;
    result.aggregateType = m_aggregateType;
    result.generic = m_generic;
    if (from) {
        result.occurredAt = from->occurredAt;
        if (from->fromSnapshot && !m_drifted.contains(from->revision))
            result.snapshotRevision = from->revision;
    }
    const qint64 base = from ? from->revision : 0;
    if (revision > base) {
        StreamReadOptions tail;
        tail.fromRevision = base + 1;
        tail.toRevision = revision;
        auto events = store.readStream(m_streamId, tail);
        if (!events)
            return events.error();
        for (const RecordedEvent& event : std::as_const(*events)) {
            if (before && event.revision == revision && aggregate->revision() > 0)
                *before = aggregate->state();
            aggregate->replay(DecodedEvent::decode(event, m_catalog.upcasters()));
            result.occurredAt = event.occurredAt;
            ++result.eventsFolded;
        }
    } else if (info && from && from->occurredAt.micros() == 0) {
        // A snapshot the build has not reached yet: its event says when.
        auto event = store.readStream(m_streamId, {revision, revision, 1, ReadDirection::Forward});
        if (!event)
            return event.error();
        if (!event->isEmpty())
            result.occurredAt = event->constFirst().occurredAt;
    }
    if (aggregate->revision() != revision)
        return Error::notFound(u"RevisionNotFound"_s,
            u"Stream %1 has %2 revisions; there is no revision %3."_s.arg(
                m_streamId, QString::number(aggregate->revision()), QString::number(revision)),
            {{u"stream_id"_s, m_streamId}, {u"head_revision"_s, aggregate->revision()}});
    result.revision = revision;
    result.headRevision = std::max(m_head, revision);
    return aggregate;
}

} // namespace flashback
