// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodelsql.h"
#include "readmodelstore.h"

#include <QHash>

namespace flashback {

/// What a projection batch does on any SQL backend, whatever its connection API: find the generation it writes
/// (live or being rebuilt) and where it starts, turn get/put/remove into ReadModelSql statements, and move the
/// checkpoint of that generation in the same transaction, refusing if it moved meanwhile. A backend opens the
/// transaction (holding whatever lock serialises batches of one projection), calls startFrom(), and supplies the
/// four primitives below; destroyed while open, it rolls back.
class SqlReadModelTransaction : public ReadModelTransaction {
public:
    qint64 startPosition() const override { return m_startPosition; }
    Result<std::optional<ReadModelRow>> get(const QString& table, const ReadModelRow& key) override;
    Status put(const QString& table, const ReadModelRow& row) override;
    Status remove(const QString& table, const ReadModelRow& key) override;
    Status commit(qint64 position, qint64 eventsHandled) override;
    Status commitWithoutCheckpoint() override;

protected:
    SqlReadModelTransaction(ReadModelSchema schema, qint64 generation, const ReadModelSql& sql);

    /// Picks the generation's start position from its checkpoint (read inside the transaction), and creates the
    /// generation's tables where they are missing; ConcurrencyConflict if the generation is neither live nor
    /// being rebuilt.
    Status startFrom(const ProjectionCheckpoint& checkpoint);
    QString physical(const ReadModelTable& table) const;
    const ReadModelSchema& schema() const { return m_schema; }
    bool isOpen() const { return m_open; }
    void setOpen(bool open) { m_open = open; }

    /// Creates `table` under `physical` unless it exists.
    virtual Status createTable(const ReadModelTable& table, const QString& physical) = 0;
    /// The one row `statement` selects (columns in `table`'s order), if any.
    virtual Result<std::optional<ReadModelRow>> selectRow(
        const ReadModelTable& table, const ReadModelSql::Statement& statement, const QString& doing)
        = 0;
    virtual Status execute(const ReadModelSql::Statement& statement, const QString& doing) = 0;
    /// The projection's checkpoint as this transaction sees it now.
    virtual Result<ProjectionCheckpoint> currentCheckpoint() = 0;
    /// COMMIT; the transaction is over afterwards whether it worked or not (a failed commit rolls back).
    virtual Status commitTransaction() = 0;

private:
    ReadModelSchema m_schema;
    qint64 m_generation;
    const ReadModelSql& m_sql;
    bool m_rebuild = false;
    qint64 m_startPosition = 0;
    bool m_open = false;
    QString m_writing; ///< What a failed write was doing, built once rather than for every row.
    QHash<QString, QString> m_upsertSql; ///< By table name: projections write row after row into the same tables.
};

} // namespace flashback
