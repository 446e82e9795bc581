#pragma once

#include "readmodels/readmodelstore.h"

#include <QHash>

namespace flashback {

class SqliteReadModels;

/// One projection batch on SQLite: BEGIN IMMEDIATE, the writes, the checkpoint advance, COMMIT.
class SqliteReadModelTransaction final : public ReadModelTransaction {
public:
    static Result<std::unique_ptr<ReadModelTransaction>> begin(
        SqliteReadModels& owner, const ReadModelSchema& schema, qint64 generation);
    ~SqliteReadModelTransaction() override;

    qint64 startPosition() const override { return m_startPosition; }
    Result<std::optional<ReadModelRow>> get(const QString& table, const ReadModelRow& key) override;
    Status put(const QString& table, const ReadModelRow& row) override;
    Status remove(const QString& table, const ReadModelRow& key) override;
    Status commit(qint64 position, qint64 eventsHandled) override;
    Status commitWithoutCheckpoint() override;

private:
    SqliteReadModelTransaction(SqliteReadModels& owner, ReadModelSchema schema, qint64 generation);
    Result<const ReadModelTable*> table(const QString& name) const;
    QString physical(const ReadModelTable& table) const;
    Status finish();

    SqliteReadModels& m_owner;
    ReadModelSchema m_schema;
    qint64 m_generation;
    bool m_rebuild = false;
    qint64 m_startPosition = 0;
    bool m_open = false;
    QString m_writing; ///< What a failed write was doing, built once rather than for every row.
    QHash<QString, QString> m_upsertSql; ///< By table name.
};

} // namespace flashback
