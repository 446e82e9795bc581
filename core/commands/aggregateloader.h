// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/aggregate.h"
#include "util/result.h"

#include <limits>
#include <memory>
#include <optional>

namespace flashback {

class DomainCatalog;
class EventStore;

/// An aggregate rebuilt from its stream, and how: from which snapshot, with how many events folded.
struct LoadedAggregate {
    std::unique_ptr<Aggregate> aggregate;
    std::optional<qint64> snapshotRevision; ///< The snapshot it started from, if any was usable.
    qint64 eventsFolded = 0;
    Timestamp lastOccurredAt; ///< Of the last event folded (or the snapshot's revision's event when none).
};

/// Rebuilds an aggregate up to `upToRevision`: the newest usable snapshot at or below it (same snapshot version
/// as the aggregate; others are ignored, never misread), then the tail of the stream. Known aggregate types fold
/// with their real apply(); unknown ones with GenericAggregate. A missing stream gives a fresh aggregate at
/// revision 0.
Result<LoadedAggregate> loadAggregate(EventStore& store, const DomainCatalog& catalog, const QString& aggregateType,
    const QString& streamId, qint64 upToRevision = std::numeric_limits<qint64>::max(), bool useSnapshots = true);

} // namespace flashback
