// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/aggregate.h"
#include "store/unitofwork.h"
#include "util/result.h"
#include "util/uuid.h"

#include <QList>

#include <optional>

namespace flashback {

class DomainCatalog;
class UpcasterChain;
struct AggregateDefinition;
struct CommandSpec;

/// A command checked against its description and completed, with what it targets.
struct PreparedCommand {
    Command command; ///< The spec's spelling of the name, fields validated with defaults filled in.
    const CommandSpec* spec = nullptr;
    const AggregateDefinition* definition = nullptr;
};

/// Finds the command's CommandSpec and aggregate type, checks and completes its fields, and lets one "reason"
/// serve both the payload field and the metadata when only one of them is given. InvalidArgument for an unknown
/// command or bad fields. Shared by the command handler and the test kit (AggregateScenario).
Result<PreparedCommand> prepareCommand(const DomainCatalog& catalog, Command command);

/// An aggregate's decision made ready to commit: the append (ids, time, metadata and schema versions filled in),
/// the same events decoded (to fold into the aggregate afterwards) and the reservations they claim or free.
struct Decision {
    StreamAppend append;
    QList<DecodedEvent> events;
    QList<ReservationChange> reservations;
    QList<OutboxMessage> outbox; ///< Filled by applyPolicies().
    std::optional<Snapshot> snapshot; ///< Filled by applyPolicies() when one is due.
};

/// Runs `aggregate.decide(command)` and materialises the result. The stream's expected revision is the
/// command's explicit one, or exactly the revision the aggregate was loaded at. Shared by the command handler
/// and by anything that drives aggregates in bulk (the demo generator), so both record events the same way.
Result<Decision> decide(const Aggregate& aggregate, const Command& command, DecisionContext& context, IdGenerator& ids,
    const UpcasterChain& upcasters);

/// Folds the decision's events into `aggregate` (so it reflects the new revision) and adds what the aggregate
/// type's policies call for: the outbox messages of its side effects, and a snapshot when the events cross a
/// multiple of `snapshotEvery`.
void applyPolicies(Decision& decision, Aggregate& aggregate, const AggregateDefinition& definition, Timestamp now);

} // namespace flashback
