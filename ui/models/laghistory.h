// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projections/projectionlag.h"
#include "util/timestamp.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <chrono>
#include <deque>
#include <optional>

namespace flashback {

/// One projection's lag at one sample.
struct LagSample {
    Timestamp at;
    qint64 lagEvents = 0;
    std::chrono::microseconds lagTime {0};
    qint64 checkpoint = 0;
    qint64 head = 0;
    qint64 rebuildPosition = -1; ///< The shadow copy's position while a rebuild runs, else -1.
    std::chrono::microseconds rebuildLagTime {0}; ///< The shadow copy's own lag in time while a rebuild runs.

    bool rebuilding() const { return rebuildPosition >= 0; }
    /// How far the shadow copy is behind the head (0 when no rebuild runs).
    qint64 rebuildLagEvents() const { return rebuilding() ? std::max<qint64>(0, head - rebuildPosition) : 0; }
};

/// Consecutive samples of one rebuild: [first, first + count) of a projection's samples.
struct RebuildRun {
    qsizetype first = 0;
    qsizetype count = 0;
};

/// Whether a projection's lag is growing, shrinking or holding over the last few samples.
enum class LagTrend { Unknown, Rising, Falling, Steady };
QString lagTrendName(LagTrend trend);

/// The lag of every projection over the last minutes, sampled by the Projections pane (about once a second):
/// what the lag chart draws, and the trend and observed rate the table shows. Samples older than the window are
/// dropped as new ones arrive, so memory stays bounded (300 a projection at one a second over 5 minutes).
class LagHistory {
public:
    explicit LagHistory(std::chrono::seconds window = std::chrono::minutes(5));

    /// Adds one sample of every projection in `lags`, taken at `at` (samples must come in time order).
    void add(Timestamp at, const QList<ProjectionLag>& lags);
    void clear();

    std::chrono::seconds window() const { return m_window; }
    /// Names in the order they were first seen.
    const QStringList& names() const { return m_names; }
    /// Oldest first; empty for a name never sampled.
    const std::deque<LagSample>& samples(const QString& name) const;
    std::optional<Timestamp> latest() const;

    /// Rising or falling when the lag moved by more than `tolerance` events (and more than 10 %) between the
    /// latest sample and the one `span` before it; Unknown with fewer than two samples in that span.
    LagTrend trend(
        const QString& name, std::chrono::seconds span = std::chrono::seconds(10), qint64 tolerance = 0) const;
    /// Events the checkpoint moved per second between the latest sample and the one `span` before it (the rate
    /// seen from outside, whoever runs the projection); nullopt with fewer than two samples in that span.
    std::optional<double> observedRate(const QString& name, std::chrono::seconds span = std::chrono::seconds(10)) const;

    /// The same for the shadow copy of the rebuild in progress (both samples of that same rebuild).
    std::optional<double> rebuildRate(const QString& name, std::chrono::seconds span = std::chrono::seconds(10)) const;
    /// Each rebuild the samples saw, oldest first: a run of samples with a shadow copy, ended by a sample without
    /// one or by a position that went back (a rebuild cancelled and started again between two samples).
    QList<RebuildRun> rebuildRuns(const QString& name) const;

private:
    /// The sample at or just after `latest.at - span`, or null when it is the latest one itself.
    const LagSample* sampleBefore(const std::deque<LagSample>& samples, std::chrono::seconds span) const;

    std::chrono::seconds m_window;
    QStringList m_names;
    QHash<QString, std::deque<LagSample>> m_samples;
    std::optional<Timestamp> m_latest;
};

} // namespace flashback
