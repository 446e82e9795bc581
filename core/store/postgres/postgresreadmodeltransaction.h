// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/sqlreadmodeltransaction.h"

namespace flashback {

class PostgresReadModels;

/// One projection batch on PostgreSQL: BEGIN, the checkpoint row locked with SELECT ... FOR UPDATE (a second
/// batch of the same projection waits here, then starts from what the first committed), the read-model writes,
/// the checkpoint advance, COMMIT. Destroyed without commit, it rolls back.
class PostgresReadModelTransaction final : public SqlReadModelTransaction {
public:
    static Result<std::unique_ptr<ReadModelTransaction>> begin(
        PostgresReadModels& owner, const ReadModelSchema& schema, qint64 generation);
    ~PostgresReadModelTransaction() override;

private:
    PostgresReadModelTransaction(PostgresReadModels& owner, ReadModelSchema schema, qint64 generation);
    Status start();
    Status createTable(const ReadModelTable& table, const QString& physical) override;
    Result<std::optional<ReadModelRow>> selectRow(
        const ReadModelTable& table, const ReadModelSql::Statement& statement, const QString& doing) override;
    Status execute(const ReadModelSql::Statement& statement, const QString& doing) override;
    Result<ProjectionCheckpoint> currentCheckpoint() override;
    Status commitTransaction() override;

    PostgresReadModels& m_owner;
};

} // namespace flashback
