// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "freshreadmodel.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace flashback {

class DomainCatalog;
class EventStore;

/// A row of the stored read model that is not what replaying the events gives.
struct RowDrift {
    enum class Kind {
        Missing, ///< A fresh build has the row; the store does not.
        Unexpected, ///< The store has a row no event accounts for.
        Different, ///< Both have it; `columns` says where they differ.
    };
    Kind kind = Kind::Different;
    QString table;
    QString key; ///< describeKey()
    ReadModelRow keyValues;
    /// Different: the differing columns. Missing and Unexpected: every column of the side that has the row.
    QList<ColumnDifference> columns;
};
/// "missing", "unexpected" or "different".
QString rowDriftKindName(RowDrift::Kind kind);

struct ReadModelCheckProgress {
    enum class Phase {
        Replaying, ///< `done` of `total` positions replayed into the fresh copy.
        Comparing, ///< `done` rows compared; `total` unknown (0).
        Settling, ///< The projection moved during the check; `done` of `total` suspects read again.
    };
    Phase phase = Phase::Replaying;
    qint64 done = 0;
    qint64 total = 0;
};

struct ReadModelCheckOptions {
    qint64 batchSize = 1000; ///< Events or rows read at a time.
    qsizetype maxExamples = 20;
    /// Rounds of reading differing rows again while the projection moves on under the check.
    int settleRounds = 5;
    /// Called on the checking thread every batch.
    std::function<void(const ReadModelCheckProgress&)> onProgress;
    const std::atomic<bool>* cancel = nullptr; ///< Set: the check ends with ErrorKind::Cancelled.
};

/// What checkReadModel() found.
struct ReadModelCheck {
    QString projection;
    qint64 generation = 1; ///< The copy readers see, which was checked.
    qint64 position = 0; ///< The checkpoint the comparison holds at: both sides reflect the events up to it.
    qint64 eventsReplayed = 0; ///< Events read for the fresh copy (handled or not).
    qint64 rowsCompared = 0; ///< Stored rows plus rows only the fresh copy has.
    qint64 missing = 0;
    qint64 unexpected = 0;
    qint64 different = 0;
    /// False when the projection kept moving through every settling round: some drift counted may be lag.
    bool settled = true;
    QList<RowDrift> examples; ///< The first maxExamples rows that drifted, in table and key order.

    qint64 drifted() const { return missing + unexpected + different; }
};

/// Compares every row of `projection`'s stored read model (the generation readers see) with a fresh copy built in
/// memory from the events up to the projection's checkpoint, so lag (events after the checkpoint) is never
/// mistaken for drift. The projection may keep running meanwhile: rows that differ are read again, with the fresh
/// copy moved on to the new checkpoint, until the checkpoint holds still while they are read (at most settleRounds).
/// A rebuild swapped in during the check ends it with ConcurrencyConflict. Reads only; writes nothing.
Result<ReadModelCheck> checkReadModel(EventStore& store, std::shared_ptr<Projection> projection,
    const DomainCatalog& catalog, const ReadModelCheckOptions& options = {});

} // namespace flashback
