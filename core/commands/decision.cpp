#include "decision.h"
#include "events/upcasterchain.h"

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

} // namespace flashback
