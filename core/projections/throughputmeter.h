// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <utility>

namespace flashback {

/// Events per second over a projection's last batches, and when the figure is worth writing down: each write
/// is a transaction of its own, so the runner records it about once a second and at the end of a run.
class ThroughputMeter {
public:
    static constexpr qsizetype Window = 10; ///< Batches the figure is measured over.
    static constexpr qint64 RecordEveryMicros = 1000000;

    /// One batch: `events` read in `micros` of work.
    void add(qint64 events, qint64 micros);
    /// Events per second over the window (0 before the first batch).
    double eventsPerSecond() const;
    /// Whether there is a new figure to record: when `force`d, any; else only after RecordEveryMicros of work.
    bool due(bool force) const;
    /// The figure to record now; due() is false until the next batch.
    double take();

private:
    QList<std::pair<qint64, qint64>> m_samples; ///< (events, microseconds)
    qint64 m_sinceTakenMicros = 0;
    bool m_fresh = false;
};

} // namespace flashback
