// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The events bench_append writes, in a file of its own so that bench_append.cpp holds only the measurement.

#include "events/newevent.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace flashback {
class EventStore;
}

namespace flashback::bench {

class Stopwatch;

/// One append: events for one stream.
struct Batch {
    int stream = 0;
    QList<NewEvent> events;
};

/// The events of a run, generated deterministically batch by batch, so both sides write identical rows and a run
/// never needs all of them in memory at once.
class AppendWorkload {
public:
    /// Batches generated per chunk, outside the clock.
    static constexpr qint64 ChunkBatches = 500;

    AppendWorkload(qint64 events, int streams, int batch);

    qint64 batchCount() const { return (m_events + m_batch - 1) / m_batch; }
    const QString& streamId(int stream) const { return m_streamIds.at(stream); }

    /// Batches [first, first + count); the same arguments always give the same events.
    QList<Batch> batches(qint64 first, qint64 count) const;

    /// The store side of the append benchmarks: every batch as one UnitOfWork through EventStore::commit, chunk
    /// after chunk, with only the commits on `clock`. Returns the events the store reports written; fails the
    /// program on any error.
    qint64 appendThrough(EventStore& store, Stopwatch& clock) const;

private:
    qint64 m_events = 0;
    int m_streams = 0;
    int m_batch = 0;
    QStringList m_streamIds;
};

} // namespace flashback::bench
