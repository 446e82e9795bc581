// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/sqlreadmodeltransaction.h"

namespace flashback {

class SqliteReadModels;

/// One projection batch on SQLite: BEGIN IMMEDIATE (the write lock serialises batches), the writes, the
/// checkpoint advance, COMMIT. Destroyed without commit, it rolls back.
class SqliteReadModelTransaction final : public SqlReadModelTransaction {
public:
    static Result<std::unique_ptr<ReadModelTransaction>> begin(
        SqliteReadModels& owner, const ReadModelSchema& schema, qint64 generation);
    ~SqliteReadModelTransaction() override;

private:
    SqliteReadModelTransaction(SqliteReadModels& owner, ReadModelSchema schema, qint64 generation);
    Status createTable(const ReadModelTable& table, const QString& physical) override;
    Result<std::optional<ReadModelRow>> selectRow(
        const ReadModelTable& table, const ReadModelSql::Statement& statement, const QString& doing) override;
    Status execute(const ReadModelSql::Statement& statement, const QString& doing) override;
    Result<ProjectionCheckpoint> currentCheckpoint() override;
    Status commitTransaction() override;

    SqliteReadModels& m_owner;
};

} // namespace flashback
