// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "builtinprojections.h"
#include "util/result.h"
#include "util/timestamp.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace flashback {

class EventStore;

/// How a projection is doing, as the lag table shows it.
enum class ProjectionState { Running, CaughtUp, Stalled, Failed, Paused, Rebuilding };

/// Stable lowercase names: "running", "caught up", "stalled", "failed", "paused", "rebuilding".
QString projectionStateName(ProjectionState state);

/// One projection's distance from the head of the log (ARCHITECTURE.md section 5, "Lag").
struct ProjectionLag {
    QString name;
    ProjectionState state = ProjectionState::Running;
    qint64 headPosition = 0;
    qint64 checkpointPosition = 0; ///< Of the copy readers see.
    qint64 generation = 1; ///< Which copy readers see: a rebuild swapped in moves it on.
    Timestamp measuredAt; ///< The `now` it was measured at.
    /// head - checkpoint. Exact on SQLite and in memory, whose positions have no gaps; a store whose positions
    /// may have gaps (PostgreSQL sequences) over-counts by the gaps, which is a bound, never an under-count.
    qint64 lagEvents = 0;
    /// Age of the oldest event after the checkpoint (now - its recorded_at); zero when caught up.
    std::chrono::microseconds lagTime {0};
    double throughput = 0.0; ///< Events per second over the runner's last batches.
    qint64 eventsProcessed = 0;
    Timestamp movedAt; ///< Last time the checkpoint advanced (zero: never).
    QString lastError;
    std::optional<qint64> failedPosition;
    /// The shadow copy's progress while a rebuild runs.
    std::optional<qint64> rebuildPosition;
    /// While a rebuild runs: the age of the oldest event the shadow copy has not taken in yet (zero when it has
    /// reached the head), the copy's own lag in time.
    std::chrono::microseconds rebuildLagTime {0};
    /// The worker holding an unexpired lease (empty when none), since when and until when.
    QString leaseHolder;
    Timestamp leaseSince;
    Timestamp leaseUntil;
};

/// The state a projection is in. Precedence: paused > failed > rebuilding > caught up (checkpoint >= head) >
/// stalled > running. Stalled: events wait and neither the checkpoint moved nor a new event became waiting
/// within `stalledAfter`, i.e. now - max(movedAt, recorded_at of the oldest waiting event) >= stalledAfter. A
/// projection that never ran while events exist is stalled once its oldest event is that old. So a checkpoint
/// that does not move while events wait is reported, never shown as healthy, and a burst of fresh events is
/// "running" rather than a false alarm.
ProjectionState classifyProjection(bool paused, bool failed, bool rebuilding, qint64 checkpoint, qint64 head,
    Timestamp movedAt, std::optional<Timestamp> oldestWaitingRecordedAt, Timestamp now,
    std::chrono::milliseconds stalledAfter);

/// The lag of every projection in `projections`, measured at `now` (pass a fake time in tests).
Result<QList<ProjectionLag>> computeLag(EventStore& store, const ProjectionList& projections, Timestamp now,
    std::chrono::milliseconds stalledAfter = std::chrono::seconds(10));
/// The same by projection name (e.g. every checkpoint the store knows, for a tool without the projections).
Result<QList<ProjectionLag>> computeLag(EventStore& store, const QStringList& names, Timestamp now,
    std::chrono::milliseconds stalledAfter = std::chrono::seconds(10));

} // namespace flashback
