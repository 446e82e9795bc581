// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/decodedevent.h"
#include "events/recordedevent.h"
#include "readmodels/readmodeltable.h"
#include "util/result.h"

#include <QString>

namespace flashback {

class ReadModelTransaction;

/// Turns events into a read model. A runner feeds it from its checkpoint, in position order, inside
/// ReadModelTransactions: whatever handle() writes commits together with the checkpoint advance, so each event
/// takes effect exactly once. Rows must carry event times, never processing time: a rebuild gives equal rows.
class Projection {
public:
    virtual ~Projection() = default;

    /// lower_snake_case; also the name of its checkpoint.
    virtual QString name() const = 0;
    virtual ReadModelSchema schema() const = 0;
    /// Events it skips still advance its checkpoint.
    virtual bool handles(const RecordedEvent& event) const = 0;
    /// An error stops the batch; the runner retries the event with backoff, then marks the projection failed at
    /// that event. It never skips an event silently.
    virtual Status handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer) = 0;
    /// Whether its read model is background work that readers can do without for a while (the search index:
    /// searches scan the events after its checkpoint). A following runner lets writers go first: while they
    /// outrun it, it rests between batches (ProjectionRunnerOptions::backgroundRest). Hosts run such projections
    /// on a runner of their own, so its rests never hold up the others.
    virtual bool background() const { return false; }
};

} // namespace flashback
