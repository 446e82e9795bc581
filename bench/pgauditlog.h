// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The audit_log projection done by hand over libpq: the raw baseline of bench_pg_latency and bench_pg_rebuild.

#include "pgbenchsupport.h"

#include <QString>
#include <QStringList>

namespace flashback::bench {

/// One committed batch: the checkpoint before and after it.
struct RawBatchDone {
    qint64 from = 0;
    qint64 to = 0;
    qint64 count() const { return to - from; }
};

/// Writes the rows AuditLogProjection writes, into a table of its own with the columns and indexes the store
/// generates for audit_log (ReadModelSql, PostgreSQL dialect), with nothing but libpq in between. Each batch is one
/// transaction: SELECT the next events in position order joined with their streams (the columns the store reads),
/// parse data and metadata with QJsonDocument, compute the row (ISO times with the same Timestamp::toIso(), actor,
/// reason, the summary from the same eventSummary()), INSERT it with the store's own upsert statement, one
/// statement per row as the store sends them, move a checkpoint row in projection_checkpoints, COMMIT. This is the
/// floor for the work a projection batch does, not a competing design.
class RawAuditLog {
public:
    /// `db` must be connected to a Flashback store; `table` is the physical table to write, `checkpoint` the name
    /// of the checkpoint row to move.
    RawAuditLog(RawPg& db, QString table, QString checkpoint);

    /// Creates the table (dropping an older one of that name) and the checkpoint row at 0.
    void create();
    /// One batch of up to `limit` events after `cursor`, committed; `to == from` when there was nothing new.
    RawBatchDone runBatch(qint64 cursor, qint64 limit);
    /// Drops the table and the checkpoint row.
    void drop();

    const QString& table() const { return m_table; }

private:
    RawPg& m_db;
    QString m_table;
    QString m_checkpoint;
    QStringList m_maskedKeys;
    bool m_prepared = false;
};

/// Fails unless the two tables (same columns) hold exactly the same rows; returns the number of rows.
qint64 requireEqualTables(RawPg& db, const QString& first, const QString& second);

} // namespace flashback::bench
