#include "timetravel.h"
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

Result<StateAt> TimeTravel::replayUpTo(
    const QString& streamId, const std::function<bool(const RecordedEvent&)>& include)
{
    auto loaded = load(streamId);
    if (!loaded)
        return loaded.error();

    StateAt result;
    result.streamId = streamId;
    result.aggregateType = loaded->info.aggregateType;
    result.headRevision = loaded->info.revision;
    auto aggregate = aggregateFor(result.aggregateType);
    aggregate->setId(streamId);
    result.generic = !m_catalog.aggregate(result.aggregateType);
    for (const RecordedEvent& event : std::as_const(loaded->events)) {
        if (!include(event))
            break;
        aggregate->replay(DecodedEvent::decode(event, m_catalog.upcasters()));
        result.revision = event.revision;
        result.occurredAt = event.occurredAt;
        ++result.eventsFolded;
    }
    result.state = aggregate->state();
    return result;
}

Result<StateAt> TimeTravel::stateAtRevision(const QString& streamId, qint64 revision)
{
    if (revision < 1)
        return Error::invalidArgument(u"Revisions start at 1; %1 is not one."_s.arg(revision));
    auto state = replayUpTo(streamId, [revision](const RecordedEvent& event) { return event.revision <= revision; });
    if (state && state->revision < revision)
        return Error::notFound(u"RevisionNotFound"_s,
            u"Stream %1 has %2 revisions; there is no revision %3."_s.arg(
                streamId, QString::number(state->headRevision), QString::number(revision)),
            {{u"stream_id"_s, streamId}, {u"head_revision"_s, state->headRevision}});
    return state;
}

Result<StateAt> TimeTravel::stateAtInstant(const QString& streamId, Timestamp instant)
{
    auto state = replayUpTo(streamId, [instant](const RecordedEvent& event) { return !(instant < event.occurredAt); });
    if (state && state->revision == 0)
        return Error::notFound(u"NotYetCreated"_s,
            u"Stream %1 had no events yet at %2."_s.arg(streamId, instant.toIso()), {{u"stream_id"_s, streamId}});
    return state;
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
    auto loaded = load(streamId);
    if (!loaded)
        return loaded.error();
    auto aggregate = aggregateFor(loaded->info.aggregateType);
    aggregate->setId(streamId);
    QList<FieldChange> changes;
    QJsonValue previous(QJsonValue::Undefined);
    for (const RecordedEvent& event : std::as_const(loaded->events)) {
        aggregate->replay(DecodedEvent::decode(event, m_catalog.upcasters()));
        const QJsonValue current = valueAtPath(aggregate->state(), path);
        if (current == previous)
            continue;
        const EventMetadata metadata = event.metadataObject();
        changes.append({event.revision, event.position, event.occurredAt, event.type, metadata.actor, metadata.reason,
            previous, current});
        previous = current;
    }
    return changes;
}

} // namespace flashback
