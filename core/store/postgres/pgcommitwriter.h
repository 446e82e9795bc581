#pragma once

#include "store/unitofwork.h"
#include "util/result.h"

namespace flashback::postgres {

class PgCommitPlan;
class PgConnection;

/// Writes a unit of work to a PostgreSQL store in one transaction.
///
/// Every commit first takes the store's transaction-scoped advisory lock, then reads the head and gives its events
/// the positions head + 1, head + 2, ... The lock is released only after the commit is visible, so the next
/// writer's head already includes it: commit order is position order, positions have no gaps (a rolled-back
/// commit used none), and a reader that has seen position N can never later find an event below N appear.
/// The price is one writer at a time per store, which is also what the per-stream revision checks need.
///
/// Under the lock it reads what the unit's checks need (its streams, command ids, event ids, reservations), plans
/// the unit in memory (PgCommitPlan) and writes the outcome with one set-based statement per table, so an import
/// of thousands of commands costs about ten round trips, not thousands.
class PgCommitWriter {
public:
    explicit PgCommitWriter(PgConnection& connection)
        : m_connection(connection)
    { }

    Result<CommitResult> commit(const UnitOfWork& work);

private:
    Result<CommitResult> commitLocked(const UnitOfWork& work);
    Status readFacts(const UnitOfWork& work, PgCommitPlan& plan);
    Status writeStreams(const PgCommitPlan& plan);
    Status writeEvents(const PgCommitPlan& plan);
    Status writeCommands(const PgCommitPlan& plan);
    Status writeReservations(const PgCommitPlan& plan);
    Status writeOutbox(const QList<OutboxMessage>& messages, Timestamp now);
    Status writeSnapshots(const QList<Snapshot>& snapshots);

    PgConnection& m_connection;
};

} // namespace flashback::postgres
