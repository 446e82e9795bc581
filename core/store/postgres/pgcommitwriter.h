// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgconnection.h"
#include "store/unitofwork.h"
#include "util/result.h"

namespace flashback::postgres {

class PgCommitPlan;

/// Writes a unit of work to a PostgreSQL store in one transaction.
///
/// Every commit first takes the store's transaction-scoped advisory lock, then reads the head and gives its events
/// the positions head + 1, head + 2, ... The lock is released only after the commit is visible, so the next
/// writer's head already includes it: commit order is position order, positions have no gaps (a rolled-back
/// commit used none), and a reader that has seen position N can never later find an event below N appear.
/// The price is one writer at a time per store, which is also what the per-stream revision checks need.
///
/// A commit is two round trips (libpq pipelines): BEGIN, the lock, the head and what the unit's checks need
/// (its streams, command ids, event ids, reservations); then, after the unit is planned in memory (PgCommitPlan), one
/// set-based statement per table, the notification and COMMIT. An import of thousands of commands costs the same
/// two round trips as one command.
class PgCommitWriter {
public:
    explicit PgCommitWriter(PgConnection& connection)
        : m_connection(connection)
    { }

    Result<CommitResult> commit(const UnitOfWork& work);

private:
    enum class Fact;
    Result<CommitResult> write(const UnitOfWork& work, bool nested);
    /// Adds the queries for the facts the unit's checks need to `reads`; returns which came in which order.
    static QList<Fact> factQueries(const UnitOfWork& work, QList<PgStatement>& reads);
    static void learn(Fact fact, const PgResult& found, PgCommitPlan& plan);
    static PgStatement eventsStatement(const PgCommitPlan& plan);
    static void addStreamUpdates(const PgCommitPlan& plan, QList<PgStatement>& writes);
    static void addCommands(const PgCommitPlan& plan, QList<PgStatement>& writes);
    static void addReservations(const PgCommitPlan& plan, QList<PgStatement>& writes);
    static void addOutbox(const QList<OutboxMessage>& messages, Timestamp now, QList<PgStatement>& writes);
    static void addSnapshots(const QList<Snapshot>& snapshots, QList<PgStatement>& writes);
    /// Tells a repeated event id or command from other failures of the writing round trip.
    static Error writeError(const Error& error);

    PgConnection& m_connection;
};

} // namespace flashback::postgres
