// SPDX-License-Identifier: GPL-3.0-or-later
#include "decision.h"
#include "domain/domaincatalog.h"
#include "events/upcasterchain.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback {

Result<PreparedCommand> prepareCommand(const DomainCatalog& catalog, Command command)
{
    const CommandSpec* spec = catalog.command(command.name);
    if (!spec) {
        QStringList names;
        for (const auto& known : catalog.commands())
            names.append(known.name);
        return Error::invalidArgument(
            u"There is no command '%1' (known commands: %2)."_s.arg(command.name, names.join(u", "_s)), {},
            {{u"command"_s, command.name}});
    }
    command.name = spec->name;
    const AggregateDefinition* definition = catalog.aggregate(spec->aggregateType);
    if (!definition)
        return Error::internal(
            u"Command %1 targets the unknown aggregate type %2."_s.arg(spec->name, spec->aggregateType));

    auto fields = spec->validate(command.fields);
    if (!fields)
        return fields.error();
    command.fields = std::move(fields).value();
    // One "reason" serves both the payload field and the metadata when only one of them is given.
    if (spec->field(u"reason"_s)) {
        if (!command.has(u"reason"_s) && !command.metadata.reason.isEmpty())
            command.fields.insert(u"reason"_s, command.metadata.reason);
        else if (command.metadata.reason.isEmpty())
            command.metadata.reason = command.string(u"reason"_s);
    }

    return PreparedCommand {std::move(command), spec, definition};
}

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
