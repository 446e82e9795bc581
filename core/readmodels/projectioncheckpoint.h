// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/timestamp.h"

#include <QString>

#include <optional>

namespace flashback {

/// How far a projection got, and what it is allowed to do. One row per projection, in the same database as
/// its read model, advanced in the same transaction as the read-model writes.
struct ProjectionCheckpoint {
    QString name;
    qint64 position = 0; ///< The last global position whose effect is in the read model.
    qint64 generation = 1; ///< Which copy of the read model readers see.
    bool paused = false;
    /// Set when an event kept failing: the projection stops there until resumed.
    std::optional<qint64> failedPosition;
    QString lastError;
    qint64 eventsProcessed = 0;
    Timestamp updatedAt; ///< Last write to this row.
    Timestamp movedAt; ///< Last time `position` advanced.
    /// A rebuild in progress writes generation `rebuildGeneration` up to `rebuildPosition`, then swaps.
    std::optional<qint64> rebuildGeneration;
    qint64 rebuildPosition = 0;
    /// Events per second over the last batches, as measured by the runner.
    double throughput = 0.0;
    /// The worker holding the projection's lease, and until when.
    QString leaseHolder;
    Timestamp leaseUntil;
    Timestamp leaseSince;
};

} // namespace flashback
