#pragma once

#include "readmodels/readmodelstore.h"

namespace flashback {

class PostgresReadModels;

/// One projection batch on PostgreSQL: BEGIN, the checkpoint row locked with SELECT ... FOR UPDATE (a second
/// batch of the same projection waits here, then starts from what the first committed), the read-model writes,
/// the checkpoint advance, COMMIT. Destroyed without commit, it rolls back.
class PostgresReadModelTransaction final : public ReadModelTransaction {
public:
    static Result<std::unique_ptr<ReadModelTransaction>> begin(
        PostgresReadModels& owner, const ReadModelSchema& schema, qint64 generation);
    ~PostgresReadModelTransaction() override;

    qint64 startPosition() const override { return m_startPosition; }
    Result<std::optional<ReadModelRow>> get(const QString& table, const ReadModelRow& key) override;
    Status put(const QString& table, const ReadModelRow& row) override;
    Status remove(const QString& table, const ReadModelRow& key) override;
    Status commit(qint64 position, qint64 eventsHandled) override;
    Status commitWithoutCheckpoint() override;

private:
    PostgresReadModelTransaction(PostgresReadModels& owner, ReadModelSchema schema, qint64 generation);
    Status start();
    Status createMissingTables();
    Result<const ReadModelTable*> table(const QString& name) const;
    QString physical(const ReadModelTable& table) const;
    Status finish();

    PostgresReadModels& m_owner;
    ReadModelSchema m_schema;
    qint64 m_generation;
    bool m_rebuild = false;
    qint64 m_startPosition = 0;
    bool m_open = false;
};

} // namespace flashback
