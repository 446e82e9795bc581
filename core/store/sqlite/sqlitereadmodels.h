// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/readmodelsql.h"
#include "readmodels/readmodelstore.h"

namespace flashback {

namespace sqlite {
class SqliteConnection;
}

/// Read models and projection checkpoints of a SQLite store. A projection batch is one BEGIN IMMEDIATE
/// transaction holding the read-model writes and the checkpoint advance.
class SqliteReadModels final : public ReadModelStore {
public:
    explicit SqliteReadModels(sqlite::SqliteConnection& connection);

    Result<ProjectionCheckpoint> checkpoint(const QString& name) override;
    Result<QList<ProjectionCheckpoint>> checkpoints() override;
    Status controlProjection(
        const QString& name, const ProjectionControl& control, const ReadModelSchema& schema) override;
    Status recordThroughput(const QString& name, double eventsPerSecond) override;
    Result<bool> acquireLease(const QString& name, const QString& worker, std::chrono::milliseconds lease) override;
    Status releaseLease(const QString& name, const QString& worker) override;
    Result<std::unique_ptr<ReadModelTransaction>> beginReadModelTransaction(
        const ReadModelSchema& schema, qint64 generation) override;
    Result<QList<ReadModelRow>> queryReadModel(const ReadModelSchema& schema, const ReadModelQuery& query) override;

    /// Shared with the transaction class: the checkpoint row, read inside the caller's transaction.
    Result<ProjectionCheckpoint> readCheckpoint(const QString& name);
    Status ensureCheckpoint(const QString& name);
    Status execute(const ReadModelSql::Statement& statement, const QString& doing);

    sqlite::SqliteConnection& connection() { return m_connection; }
    const ReadModelSql& sql() const { return m_sql; }
    TextIndexKind textIndex() const override { return m_sql.textIndex(); }
    QString textIndexNote() const override
    {
        return QStringLiteral("fts5: SQLite's full-text index holds the terms; words, prefixes and phrases are "
                              "looked up.");
    }

private:
    Status dropGeneration(const ReadModelSchema& schema, qint64 generation);

    sqlite::SqliteConnection& m_connection;
    ReadModelSql m_sql {SqlDialect::Sqlite};
};

} // namespace flashback
