// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "freshreadmodel.h"
#include "readmodels/projectioncheckpoint.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace flashback {

class DomainCatalog;
class EventStore;

/// One read-model row that a stream's events produce, beside what replaying them gives.
struct StreamRowComparison {
    QString table;
    QString key; ///< describeKey()
    ReadModelRow keyValues;
    std::optional<ReadModelRow> stored; ///< The row readers see now.
    /// The row a replay of the stream's events up to the projection's checkpoint gives: what `stored` must equal.
    std::optional<ReadModelRow> atCheckpoint;
    std::optional<ReadModelRow> atHead; ///< The row a replay of every event of the stream gives.
    QList<ColumnDifference> drift; ///< stored against atCheckpoint: wrong, whatever the lag.
    QList<ColumnDifference> pending; ///< stored against atHead: what the events not yet projected will change.
};

/// A stream's rows in one projection's read model against the aggregate's replayed events (ARCHITECTURE.md
/// section 6, projection drift), telling lag (events after the checkpoint) from drift (a row that is not what its
/// events give).
struct StreamReadModelComparison {
    QString projection;
    QString streamId;
    ProjectionCheckpoint checkpoint; ///< As it was while the rows were read.
    qint64 streamRevision = 0; ///< The stream's last revision.
    qint64 revisionAtCheckpoint = 0; ///< The stream's last revision at or before the checkpoint.
    qint64 eventsBehind = 0; ///< Events of the stream after the checkpoint.
    std::optional<Timestamp> oldestPendingAt; ///< When the first of them was recorded.
    bool handlesStream = false; ///< The projection handles at least one event of the stream.
    QList<StreamRowComparison> rows; ///< In table order, then key order; at most maxRows per table.
    qint64 rowsNotCompared = 0; ///< Rows past maxRows.
    /// False when the checkpoint moved in every attempt to read the rows: compare again.
    bool settled = true;

    bool drifted() const;
};

struct StreamComparisonOptions {
    qint64 maxRows = 200; ///< Per table (a projection with a row per event has one per revision).
    qint64 batchSize = 1000;
    int attempts = 3; ///< Reads of the stored rows until the checkpoint holds still across one.
    const std::atomic<bool>* cancel = nullptr;
};

/// Replays `streamId`'s events into fresh copies of `projection`'s read model, up to the checkpoint and to the
/// stream's head, and reads the stored rows with the same keys. Only rows this stream's events produce are
/// compared: a projection whose rows fold several streams shows its other streams' part as drift. Reads only.
Result<StreamReadModelComparison> compareStreamWithReadModel(EventStore& store, std::shared_ptr<Projection> projection,
    const QString& streamId, const DomainCatalog& catalog, const StreamComparisonOptions& options = {});

} // namespace flashback
