// SPDX-License-Identifier: GPL-3.0-or-later
#include "timetravel.h"
#include "commands/aggregateloader.h"
#include "domain/domaincatalog.h"
#include "genericaggregate.h"
#include "store/eventstore.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

Error streamNotFound(const QString& streamId)
{
    return Error::notFound(
        u"StreamNotFound"_s, u"There is no stream %1 in this store."_s.arg(streamId), {{u"stream_id"_s, streamId}});
}

} // namespace

Result<TimeTravel::LoadedStream> TimeTravel::load(const QString& streamId)
{
    auto info = m_store.stream(streamId);
    if (!info)
        return info.error();
    if (!info->has_value())
        return streamNotFound(streamId);
    auto events = m_store.readStream(streamId, {});
    if (!events)
        return events.error();
    return LoadedStream {std::move(**info), std::move(events).value()};
}

TimeTravel::TimeTravel(EventStore& store, const DomainCatalog& catalog)
    : m_store(store)
    , m_catalog(catalog)
{ }

std::unique_ptr<Aggregate> TimeTravel::aggregateFor(const QString& aggregateType) const
{
    if (const AggregateDefinition* definition = m_catalog.aggregate(aggregateType))
        return definition->create();
    return std::make_unique<GenericAggregate>(aggregateType);
}

Result<StateAt> TimeTravel::stateAtRevision(const QString& streamId, qint64 revision)
{
    if (revision < 1)
        return Error::invalidArgument(u"Revisions start at 1; %1 is not one."_s.arg(revision));
    auto info = m_store.stream(streamId);
    if (!info)
        return info.error();
    if (!info->has_value())
        return streamNotFound(streamId);
    const StreamInfo& stream = **info;
    if (revision > stream.revision)
        return Error::notFound(u"RevisionNotFound"_s,
            u"Stream %1 has %2 revisions; there is no revision %3."_s.arg(
                streamId, QString::number(stream.revision), QString::number(revision)),
            {{u"stream_id"_s, streamId}, {u"head_revision"_s, stream.revision}});

    auto loaded = loadAggregate(m_store, m_catalog, stream.aggregateType, streamId, revision);
    if (!loaded)
        return loaded.error();
    StateAt result;
    result.streamId = streamId;
    result.aggregateType = stream.aggregateType;
    result.revision = loaded->aggregate->revision();
    result.headRevision = stream.revision;
    result.state = loaded->aggregate->state();
    result.generic = !m_catalog.aggregate(stream.aggregateType);
    result.eventsFolded = loaded->eventsFolded;
    result.snapshotRevision = loaded->snapshotRevision;
    result.occurredAt = loaded->lastOccurredAt;
    if (loaded->eventsFolded == 0) {
        // Restored from a snapshot at exactly this revision: ask the event for its time.
        auto event = m_store.readStream(streamId, {revision, revision, 1, ReadDirection::Forward});
        if (!event)
            return event.error();
        if (!event->isEmpty())
            result.occurredAt = event->constFirst().occurredAt;
    }
    return result;
}

Result<StateAt> TimeTravel::stateAtInstant(const QString& streamId, Timestamp instant)
{
    auto info = m_store.stream(streamId);
    if (!info)
        return info.error();
    if (!info->has_value())
        return streamNotFound(streamId);
    // The last event that occurred at or before the instant; the state is everything up to its revision.
    ReadAllOptions last;
    last.direction = ReadDirection::Backward;
    last.limit = 1;
    last.filter.streamId = streamId;
    last.filter.until = instant.addMicros(1);
    auto found = m_store.readAll(last);
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(u"NotYetCreated"_s,
            u"Stream %1 had no events yet at %2."_s.arg(streamId, instant.toIso()), {{u"stream_id"_s, streamId}});
    return stateAtRevision(streamId, found->constFirst().revision);
}

Result<QList<JsonChange>> TimeTravel::diff(const QString& streamId, qint64 from, qint64 to)
{
    auto before = stateAtRevision(streamId, from);
    if (!before)
        return before.error();
    auto after = stateAtRevision(streamId, to);
    if (!after)
        return after.error();
    return diffJson(before->state, after->state);
}

Result<QList<FieldChange>> TimeTravel::fieldHistory(const QString& streamId, const QString& path)
{
    auto histories = fieldHistories(streamId, {path});
    if (!histories)
        return histories.error();
    return histories->constFirst();
}

Result<QList<QList<FieldChange>>> TimeTravel::fieldHistories(const QString& streamId, const QStringList& paths)
{
    auto loaded = load(streamId);
    if (!loaded)
        return loaded.error();
    auto aggregate = aggregateFor(loaded->info.aggregateType);
    aggregate->setId(streamId);
    QList<QList<FieldChange>> histories(paths.size());
    QList<QJsonValue> previous(paths.size(), QJsonValue(QJsonValue::Undefined));
    for (const RecordedEvent& event : std::as_const(loaded->events)) {
        aggregate->replay(DecodedEvent::decode(event, m_catalog.upcasters()));
        const QJsonObject state = aggregate->state();
        for (qsizetype i = 0; i < paths.size(); ++i) {
            const QJsonValue current = valueAtPath(state, paths.at(i));
            if (current == previous.at(i))
                continue;
            const EventMetadata metadata = event.metadataObject();
            histories[i].append({event.revision, event.position, event.occurredAt, event.type, metadata.actor,
                metadata.reason, previous.at(i), current});
            previous[i] = current;
        }
    }
    return histories;
}

} // namespace flashback
