// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/readmodelsql.h"
#include "readmodels/readmodelstore.h"

namespace flashback {

namespace postgres {
class PgConnection;
class PgResult;
} // namespace postgres

/// Read models and projection checkpoints of a PostgreSQL store. Every change to a checkpoint row (a batch, a
/// control action, a lease) first locks the row with SELECT ... FOR UPDATE, so they serialise per projection
/// across processes and machines, and a batch that waited starts from the position the previous one committed.
class PostgresReadModels final : public ReadModelStore {
public:
    explicit PostgresReadModels(postgres::PgConnection& connection);

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

    /// Shared with the transaction class. `lock`: SELECT ... FOR UPDATE (inside the caller's transaction).
    Result<ProjectionCheckpoint> readCheckpoint(const QString& name, bool lock);
    Status ensureCheckpoint(const QString& name);
    Result<postgres::PgResult> execute(const ReadModelSql::Statement& statement, const QString& doing);
    /// A row of `table` from columns 0..n of `result`, typed as the table declares.
    static ReadModelRow rowFrom(const ReadModelTable& table, const postgres::PgResult& result, int row);
    static Status checkSchema(const ReadModelSchema& schema);

    postgres::PgConnection& connection() { return m_connection; }
    const ReadModelSql& sql() const { return m_sql; }
    TextIndexKind textIndex() const override { return m_sql.textIndex(); }
    /// Set by the store when it opens (PostgresEventStore::open says why it is TsVector).
    void setTextIndex(TextIndexKind kind, QString why)
    {
        m_sql.setTextIndex(kind);
        m_textIndexNote = std::move(why);
    }
    QString textIndexNote() const override { return m_textIndexNote; }

private:
    Status dropGeneration(const ReadModelSchema& schema, qint64 generation);
    Status applyControl(const QString& name, const ProjectionControl& control, const ReadModelSchema& schema);
    Status update(const QString& sql, const QVariantList& values, const QString& doing);
    Status writable() const;

    postgres::PgConnection& m_connection;
    ReadModelSql m_sql {SqlDialect::Postgres};
    QString m_textIndexNote;
};

} // namespace flashback
