#include "decision.h"
#include "domain/domaincatalog.h"
#include "events/upcasterchain.h"

#include <QJsonDocument>

namespace flashback {

Result<Decision> decide(const Aggregate& aggregate, const Command& command, DecisionContext& context, IdGenerator& ids,
    const UpcasterChain& upcasters)
{
    auto proposed = aggregate.decide(command, context);
    if (!proposed)
        return proposed.error();

    Decision decision;
    decision.append.streamId = aggregate.id();
    decision.append.aggregateType = aggregate.type();
    decision.append.expected = command.expectedRevision.value_or(ExpectedRevision::exact(aggregate.revision()));
    qint64 revision = aggregate.revision();
    for (const auto& event : std::as_const(*proposed)) {
        NewEvent newEvent {ids.newV7(context.now), event.type, upcasters.currentVersion(event.type), context.now,
            NewEvent::encode(event.data), command.metadata};
        DecodedEvent decoded = DecodedEvent::decode(newEvent, upcasters);
        decoded.revision = ++revision;
        decision.events.append(std::move(decoded));
        decision.append.events.append(std::move(newEvent));
    }
    decision.reservations = aggregate.reservations(decision.events);
    return decision;
}

void applyPolicies(Decision& decision, Aggregate& aggregate, const AggregateDefinition& definition, Timestamp now)
{
    const qint64 before = aggregate.revision();
    for (const auto& event : std::as_const(decision.events))
        aggregate.replay(event);
    if (definition.sideEffects)
        decision.outbox += definition.sideEffects(aggregate.id(), decision.append.events);
    const qint64 every = definition.snapshotEvery;
    if (every > 0 && aggregate.snapshotVersion() > 0 && aggregate.revision() / every > before / every) {
        decision.snapshot = Snapshot {aggregate.id(), aggregate.type(), aggregate.revision(),
            aggregate.snapshotVersion(), QJsonDocument(aggregate.state()).toJson(QJsonDocument::Compact), now};
    }
}

} // namespace flashback
