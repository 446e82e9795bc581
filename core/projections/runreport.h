// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace flashback {

/// One committed batch, as ProjectionRunnerOptions::onBatch sees it.
struct BatchReport {
    QString projection;
    qint64 generation = 1;
    bool rebuild = false; ///< Written to the shadow copy of a rebuild.
    qint64 fromPosition = 0; ///< The checkpoint before the batch.
    qint64 toPosition = 0; ///< The checkpoint after it.
    qint64 scanned = 0; ///< Events read (handled or skipped).
    qint64 handled = 0;
};

/// Why a runner stopped working on a projection.
enum class ProjectionOutcome {
    CaughtUp, ///< Reached the head it saw when it started (and finished a pending rebuild).
    Paused,
    Failed, ///< An event kept failing; the projection is marked failed at it.
    LeaseHeldElsewhere, ///< Another worker holds the projection's lease.
    Stopped, ///< follow() was asked to stop.
};

/// "caught up", "paused", "failed", "lease held elsewhere", "stopped".
QString projectionOutcomeName(ProjectionOutcome outcome);

/// What one run did to one projection.
struct ProjectionRunReport {
    QString name;
    ProjectionOutcome outcome = ProjectionOutcome::CaughtUp;
    qint64 position = 0; ///< The live checkpoint when the run ended.
    qint64 eventsScanned = 0;
    qint64 eventsHandled = 0;
    qint64 batches = 0;
    qint64 retries = 0; ///< Attempts beyond the first at failing events.
    bool rebuildFinished = false; ///< A rebuild was swapped in during this run.
    std::optional<qint64> failedPosition;
    QString error; ///< Why it failed (Failed), or who holds the lease (LeaseHeldElsewhere).
};

/// What one catchUp() did, projection by projection.
struct RunReport {
    QList<ProjectionRunReport> projections;

    const ProjectionRunReport* find(const QString& name) const;
    qint64 eventsHandled() const;
};

} // namespace flashback
