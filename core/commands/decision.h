#pragma once

#include "domain/aggregate.h"
#include "store/unitofwork.h"
#include "util/result.h"
#include "util/uuid.h"

#include <QList>

namespace flashback {

class UpcasterChain;

/// An aggregate's decision made ready to commit: the append (ids, time, metadata and schema versions filled in),
/// the same events decoded (to fold into the aggregate afterwards) and the reservations they claim or free.
struct Decision {
    StreamAppend append;
    QList<DecodedEvent> events;
    QList<ReservationChange> reservations;
};

/// Runs `aggregate.decide(command)` and materialises the result. The stream's expected revision is the
/// command's explicit one, or exactly the revision the aggregate was loaded at. Shared by the command handler
/// and by anything that drives aggregates in bulk (the demo generator), so both record events the same way.
Result<Decision> decide(const Aggregate& aggregate, const Command& command, DecisionContext& context, IdGenerator& ids,
    const UpcasterChain& upcasters);

} // namespace flashback
