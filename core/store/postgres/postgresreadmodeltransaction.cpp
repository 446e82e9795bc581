#include "postgresreadmodeltransaction.h"
#include "pgconnection.h"
#include "postgresreadmodels.h"

using namespace Qt::StringLiterals;

namespace flashback {

PostgresReadModelTransaction::PostgresReadModelTransaction(
    PostgresReadModels& owner, ReadModelSchema schema, qint64 generation)
    : m_owner(owner)
    , m_schema(std::move(schema))
    , m_generation(generation)
{ }

PostgresReadModelTransaction::~PostgresReadModelTransaction()
{
    if (m_open)
        m_owner.connection().rollback();
}

Result<std::unique_ptr<ReadModelTransaction>> PostgresReadModelTransaction::begin(
    PostgresReadModels& owner, const ReadModelSchema& schema, qint64 generation)
{
    std::unique_ptr<PostgresReadModelTransaction> transaction(
        new PostgresReadModelTransaction(owner, schema, generation));
    if (auto status = transaction->start(); !status)
        return status.error(); // the destructor rolls back
    return std::unique_ptr<ReadModelTransaction>(std::move(transaction));
}

Status PostgresReadModelTransaction::start()
{
    const QString& name = m_schema.projection;
    if (auto status = m_owner.connection().begin(u"starting a projection batch"_s); !status)
        return status;
    m_open = true;
    if (auto status = m_owner.ensureCheckpoint(name); !status)
        return status;
    // Held until commit or rollback: batches, control actions and leases of this projection wait for it.
    auto checkpoint = m_owner.readCheckpoint(name, true);
    if (!checkpoint)
        return checkpoint.error();
    if (m_generation == checkpoint->generation) {
        m_startPosition = checkpoint->position;
    } else if (checkpoint->rebuildGeneration && m_generation == *checkpoint->rebuildGeneration) {
        m_rebuild = true;
        m_startPosition = checkpoint->rebuildPosition;
    } else {
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"Generation %1 of projection %2 is neither live nor being rebuilt."_s.arg(
                QString::number(m_generation), name));
    }
    return createMissingTables();
}

Status PostgresReadModelTransaction::createMissingTables()
{
    auto& connection = m_owner.connection();
    const QString doing = u"creating the read model "_s + m_schema.projection;
    for (const auto& table : m_schema.tables) {
        const QString name = physical(table);
        auto exists = connection.exec(u"SELECT to_regclass($1) IS NOT NULL"_s, {name}, doing);
        if (!exists)
            return exists.error();
        if (exists->boolean(0, 0))
            continue;
        for (const auto& statement : m_owner.sql().create(table, name)) {
            if (auto created = connection.exec(statement, {}, doing); !created)
                return created.error();
        }
    }
    return {};
}

Result<const ReadModelTable*> PostgresReadModelTransaction::table(const QString& name) const
{
    return m_schema.requireTable(name);
}

QString PostgresReadModelTransaction::physical(const ReadModelTable& table) const
{
    return ReadModelSql::physicalName(m_schema.projection, table.name, m_generation);
}

Result<std::optional<ReadModelRow>> PostgresReadModelTransaction::get(const QString& tableName, const ReadModelRow& key)
{
    auto spec = table(tableName);
    if (!spec)
        return spec.error();
    auto statement = m_owner.sql().selectByKey(**spec, physical(**spec), key);
    if (!statement)
        return statement.error();
    auto result = m_owner.execute(*statement, u"reading the read model "_s + m_schema.projection);
    if (!result)
        return result.error();
    std::optional<ReadModelRow> row;
    if (result->rows() > 0)
        row = PostgresReadModels::rowFrom(**spec, *result, 0);
    return row;
}

Status PostgresReadModelTransaction::put(const QString& tableName, const ReadModelRow& row)
{
    auto spec = table(tableName);
    if (!spec)
        return spec.error();
    auto statement = m_owner.sql().upsert(**spec, physical(**spec), row);
    if (!statement)
        return statement.error();
    auto result = m_owner.execute(*statement, u"writing the read model "_s + m_schema.projection);
    return result ? Status() : Status(result.error());
}

Status PostgresReadModelTransaction::remove(const QString& tableName, const ReadModelRow& key)
{
    auto spec = table(tableName);
    if (!spec)
        return spec.error();
    auto statement = m_owner.sql().removeByKey(**spec, physical(**spec), key);
    if (!statement)
        return statement.error();
    auto result = m_owner.execute(*statement, u"writing the read model "_s + m_schema.projection);
    return result ? Status() : Status(result.error());
}

Status PostgresReadModelTransaction::finish()
{
    m_open = false; // committed or not, the transaction is over
    return m_owner.connection().commit(u"committing a projection batch"_s);
}

Status PostgresReadModelTransaction::commit(qint64 position, qint64 eventsHandled)
{
    if (!m_open)
        return Error::internal(u"A projection batch was committed twice."_s);
    // The row lock taken at the start means nobody can have moved the checkpoint; the check still guards against
    // a caller mixing up generations.
    auto current = m_owner.readCheckpoint(m_schema.projection, false);
    if (!current)
        return current.error();
    const qint64 atStart = m_rebuild ? current->rebuildPosition : current->position;
    if (atStart != m_startPosition)
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"The checkpoint of %1 moved while this batch ran."_s.arg(m_schema.projection));
    const qint64 now = Timestamp::now().micros();
    const QString sql = m_rebuild
        ? u"UPDATE projection_checkpoints SET rebuild_position = $1, events_processed = events_processed + $2, "
          u"updated_at = $3 WHERE name = $4"_s
        : u"UPDATE projection_checkpoints SET position = $1, events_processed = events_processed + $2, "
          u"updated_at = $3, moved_at = CASE WHEN $1 > position THEN $3 ELSE moved_at END WHERE name = $4"_s;
    auto updated = m_owner.connection().execPrepared(sql, {position, eventsHandled, now, m_schema.projection},
        u"advancing the checkpoint of "_s + m_schema.projection);
    if (!updated)
        return updated.error();
    return finish();
}

Status PostgresReadModelTransaction::commitWithoutCheckpoint()
{
    if (!m_open)
        return Error::internal(u"A read-model transaction was committed twice."_s);
    return finish();
}

} // namespace flashback
