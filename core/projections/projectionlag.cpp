// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectionlag.h"
#include "store/eventstore.h"

using namespace Qt::StringLiterals;

namespace flashback {

QString projectionStateName(ProjectionState state)
{
    switch (state) {
    case ProjectionState::Running:
        return u"running"_s;
    case ProjectionState::CaughtUp:
        return u"caught up"_s;
    case ProjectionState::Stalled:
        return u"stalled"_s;
    case ProjectionState::Failed:
        return u"failed"_s;
    case ProjectionState::Paused:
        return u"paused"_s;
    case ProjectionState::Rebuilding:
        return u"rebuilding"_s;
    }
    return u"running"_s;
}

ProjectionState classifyProjection(bool paused, bool failed, bool rebuilding, qint64 checkpoint, qint64 head,
    Timestamp movedAt, std::optional<Timestamp> oldestWaitingRecordedAt, Timestamp now,
    std::chrono::milliseconds stalledAfter)
{
    if (paused)
        return ProjectionState::Paused;
    if (failed)
        return ProjectionState::Failed;
    if (rebuilding)
        return ProjectionState::Rebuilding;
    if (checkpoint >= head)
        return ProjectionState::CaughtUp;
    // Waiting since the later of "the checkpoint last moved" and "the oldest waiting event arrived": a runner
    // idle for an hour that just got a new event is not stalled yet, one that sits on it is.
    Timestamp waitingSince = movedAt;
    if (oldestWaitingRecordedAt && *oldestWaitingRecordedAt > waitingSince)
        waitingSince = *oldestWaitingRecordedAt;
    const qint64 waitedMicros = now.micros() - waitingSince.micros();
    if (waitedMicros >= qint64(stalledAfter.count()) * 1000)
        return ProjectionState::Stalled;
    return ProjectionState::Running;
}

namespace {

/// When the oldest event after `position` was recorded (one indexed row), or nullopt when there is none.
Result<std::optional<Timestamp>> recordedAfter(EventStore& store, qint64 position)
{
    ReadAllOptions next;
    next.cursor = position;
    next.limit = 1;
    auto waiting = store.readAll(next);
    if (!waiting)
        return waiting.error();
    if (waiting->isEmpty())
        return std::optional<Timestamp>();
    return std::optional<Timestamp>(waiting->constFirst().recordedAt);
}

std::chrono::microseconds ageAt(Timestamp now, Timestamp recordedAt)
{
    return std::chrono::microseconds(std::max<qint64>(0, now.micros() - recordedAt.micros()));
}

} // namespace

Result<QList<ProjectionLag>> computeLag(
    EventStore& store, const ProjectionList& projections, Timestamp now, std::chrono::milliseconds stalledAfter)
{
    QStringList names;
    for (const auto& projection : projections) {
        if (projection)
            names.append(projection->name());
    }
    return computeLag(store, names, now, stalledAfter);
}

Result<QList<ProjectionLag>> computeLag(
    EventStore& store, const QStringList& names, Timestamp now, std::chrono::milliseconds stalledAfter)
{
    auto head = store.headPosition();
    if (!head)
        return head.error();
    QList<ProjectionLag> lags;
    for (const QString& name : names) {
        auto checkpoint = store.readModels().checkpoint(name);
        if (!checkpoint)
            return checkpoint.error();
        ProjectionLag lag;
        lag.name = name;
        lag.headPosition = *head;
        lag.checkpointPosition = checkpoint->position;
        lag.generation = checkpoint->generation;
        lag.measuredAt = now;
        lag.lagEvents = std::max<qint64>(0, *head - checkpoint->position);
        lag.throughput = checkpoint->throughput;
        lag.eventsProcessed = checkpoint->eventsProcessed;
        lag.movedAt = checkpoint->movedAt;
        lag.lastError = checkpoint->lastError;
        lag.failedPosition = checkpoint->failedPosition;
        if (checkpoint->rebuildGeneration)
            lag.rebuildPosition = checkpoint->rebuildPosition;
        if (!checkpoint->leaseHolder.isEmpty() && checkpoint->leaseUntil > now) {
            lag.leaseHolder = checkpoint->leaseHolder;
            lag.leaseSince = checkpoint->leaseSince;
            lag.leaseUntil = checkpoint->leaseUntil;
        }
        std::optional<Timestamp> oldestWaiting;
        if (lag.lagEvents > 0) {
            auto waiting = recordedAfter(store, checkpoint->position);
            if (!waiting)
                return waiting.error();
            oldestWaiting = *waiting;
            if (oldestWaiting)
                lag.lagTime = ageAt(now, *oldestWaiting);
        }
        if (lag.rebuildPosition && *lag.rebuildPosition < *head) {
            auto waiting = recordedAfter(store, *lag.rebuildPosition);
            if (!waiting)
                return waiting.error();
            if (*waiting)
                lag.rebuildLagTime = ageAt(now, **waiting);
        }
        lag.state = classifyProjection(checkpoint->paused, checkpoint->failedPosition.has_value(),
            checkpoint->rebuildGeneration.has_value(), checkpoint->position, *head, checkpoint->movedAt, oldestWaiting,
            now, stalledAfter);
        lags.append(lag);
    }
    return lags;
}

} // namespace flashback
