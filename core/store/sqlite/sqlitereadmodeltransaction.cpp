#include "sqlitereadmodeltransaction.h"
#include "sqliteconnection.h"
#include "sqlitereadmodels.h"
#include "util/logging.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flashback {

SqliteReadModelTransaction::SqliteReadModelTransaction(
    SqliteReadModels& owner, ReadModelSchema schema, qint64 generation)
    : m_owner(owner)
    , m_schema(std::move(schema))
    , m_generation(generation)
    , m_writing(u"writing the read model "_s + m_schema.projection)
{ }

SqliteReadModelTransaction::~SqliteReadModelTransaction()
{
    if (m_open) {
        if (auto status = m_owner.connection().exec(u"ROLLBACK"_s, u"abandoning a projection batch"_s); !status)
            qCWarning(lcSqlite) << "rollback failed:" << status.error().toString();
    }
}

Result<std::unique_ptr<ReadModelTransaction>> SqliteReadModelTransaction::begin(
    SqliteReadModels& owner, const ReadModelSchema& schema, qint64 generation)
{
    auto& connection = owner.connection();
    if (connection.isReadOnly())
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is open read-only, so projections cannot write to it."_s.arg(connection.path()));
    std::unique_ptr<SqliteReadModelTransaction> transaction(new SqliteReadModelTransaction(owner, schema, generation));
    if (auto status = connection.exec(u"BEGIN IMMEDIATE"_s, u"starting a projection batch"_s); !status)
        return status.error();
    transaction->m_open = true;
    if (auto status = owner.ensureCheckpoint(schema.projection); !status)
        return status.error();
    auto checkpoint = owner.readCheckpoint(schema.projection);
    if (!checkpoint)
        return checkpoint.error();
    if (generation == checkpoint->generation) {
        transaction->m_startPosition = checkpoint->position;
    } else if (checkpoint->rebuildGeneration && generation == *checkpoint->rebuildGeneration) {
        transaction->m_rebuild = true;
        transaction->m_startPosition = checkpoint->rebuildPosition;
    } else {
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"Generation %1 of projection %2 is neither live nor being rebuilt."_s.arg(
                QString::number(generation), schema.projection));
    }
    for (const auto& table : schema.tables) {
        for (const auto& statement : owner.sql().create(table, transaction->physical(table))) {
            if (auto status = connection.exec(statement, u"creating the read model "_s + schema.projection); !status)
                return status.error();
        }
    }
    return std::unique_ptr<ReadModelTransaction>(std::move(transaction));
}

Result<const ReadModelTable*> SqliteReadModelTransaction::table(const QString& name) const
{
    return m_schema.requireTable(name);
}

QString SqliteReadModelTransaction::physical(const ReadModelTable& table) const
{
    return ReadModelSql::physicalName(m_schema.projection, table.name, m_generation);
}

Result<std::optional<ReadModelRow>> SqliteReadModelTransaction::get(const QString& tableName, const ReadModelRow& key)
{
    auto spec = table(tableName);
    if (!spec)
        return spec.error();
    auto statement = m_owner.sql().selectByKey(**spec, physical(**spec), key);
    if (!statement)
        return statement.error();
    auto& connection = m_owner.connection();
    QSqlQuery& query = connection.statement(statement->sql);
    for (int i = 0; i < statement->values.size(); ++i)
        query.bindValue(i, statement->values.at(i));
    if (!query.exec())
        return connection.failure(query, u"reading the read model "_s + m_schema.projection);
    std::optional<ReadModelRow> row;
    if (query.next()) {
        ReadModelRow found;
        const auto& columns = (*spec)->columns;
        for (int i = 0; i < columns.size(); ++i)
            found.insert(columns[i].name, ReadModelSql::fromSql(columns[i].type, query.value(i)));
        row = found;
    }
    query.finish();
    return row;
}

Status SqliteReadModelTransaction::put(const QString& tableName, const ReadModelRow& row)
{
    auto spec = table(tableName);
    if (!spec)
        return spec.error();
    auto values = m_owner.sql().upsertValues(**spec, row);
    if (!values)
        return values.error();
    // Projections write row after row into the same tables: build each table's statement once per batch.
    auto sql = m_upsertSql.constFind(tableName);
    if (sql == m_upsertSql.cend())
        sql = m_upsertSql.insert(tableName, m_owner.sql().upsertSql(**spec, physical(**spec)));
    return m_owner.execute({*sql, std::move(values).value()}, m_writing);
}

Status SqliteReadModelTransaction::remove(const QString& tableName, const ReadModelRow& key)
{
    auto spec = table(tableName);
    if (!spec)
        return spec.error();
    auto statement = m_owner.sql().removeByKey(**spec, physical(**spec), key);
    if (!statement)
        return statement.error();
    return m_owner.execute(*statement, m_writing);
}

Status SqliteReadModelTransaction::finish()
{
    auto& connection = m_owner.connection();
    if (auto status = connection.exec(u"COMMIT"_s, u"committing a projection batch"_s); !status)
        return status; // the destructor rolls back
    m_open = false;
    return {};
}

Status SqliteReadModelTransaction::commit(qint64 position, qint64 eventsHandled)
{
    if (!m_open)
        return Error::internal(u"A projection batch was committed twice."_s);
    // BEGIN IMMEDIATE held the write lock since the start, so nobody can have moved the checkpoint meanwhile;
    // the check still guards against a caller mixing up generations.
    auto current = m_owner.readCheckpoint(m_schema.projection);
    if (!current)
        return current.error();
    const qint64 now = current->position >= 0 ? Timestamp::now().micros() : 0;
    const qint64 atStart = m_rebuild ? current->rebuildPosition : current->position;
    if (atStart != m_startPosition)
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"The checkpoint of %1 moved while this batch ran."_s.arg(m_schema.projection));
    const QString sql = m_rebuild
        ? u"UPDATE projection_checkpoints SET rebuild_position = ?, events_processed = events_processed + ?, "
          u"updated_at = ? WHERE name = ?"_s
        : u"UPDATE projection_checkpoints SET position = ?, events_processed = events_processed + ?, "
          u"updated_at = ?, moved_at = CASE WHEN ? > position THEN ? ELSE moved_at END WHERE name = ?"_s;
    const QVariantList values = m_rebuild
        ? QVariantList {position, eventsHandled, now, m_schema.projection}
        : QVariantList {position, eventsHandled, now, position, now, m_schema.projection};
    if (auto status = m_owner.execute({sql, values}, u"advancing the checkpoint of "_s + m_schema.projection); !status)
        return status;
    return finish();
}

Status SqliteReadModelTransaction::commitWithoutCheckpoint()
{
    if (!m_open)
        return Error::internal(u"A read-model transaction was committed twice."_s);
    return finish();
}

} // namespace flashback
