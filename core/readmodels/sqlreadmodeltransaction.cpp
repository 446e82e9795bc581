// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlreadmodeltransaction.h"
#include "util/timestamp.h"

using namespace Qt::StringLiterals;

namespace flashback {

SqlReadModelTransaction::SqlReadModelTransaction(ReadModelSchema schema, qint64 generation, const ReadModelSql& sql)
    : m_schema(std::move(schema))
    , m_generation(generation)
    , m_sql(sql)
    , m_writing(u"writing the read model "_s + m_schema.projection)
{ }

Status SqlReadModelTransaction::startFrom(const ProjectionCheckpoint& checkpoint)
{
    if (m_generation == checkpoint.generation) {
        m_startPosition = checkpoint.position;
    } else if (checkpoint.rebuildGeneration && m_generation == *checkpoint.rebuildGeneration) {
        m_rebuild = true;
        m_startPosition = checkpoint.rebuildPosition;
    } else {
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"Generation %1 of projection %2 is neither live nor being rebuilt."_s.arg(
                QString::number(m_generation), m_schema.projection));
    }
    for (const auto& table : m_schema.tables) {
        if (auto status = createTable(table, physical(table)); !status)
            return status;
    }
    return {};
}

QString SqlReadModelTransaction::physical(const ReadModelTable& table) const
{
    return ReadModelSql::physicalName(m_schema.projection, table.name, m_generation);
}

Result<std::optional<ReadModelRow>> SqlReadModelTransaction::get(const QString& tableName, const ReadModelRow& key)
{
    auto table = m_schema.requireTable(tableName);
    if (!table)
        return table.error();
    auto statement = m_sql.selectByKey(**table, physical(**table), key);
    if (!statement)
        return statement.error();
    return selectRow(**table, *statement, u"reading the read model "_s + m_schema.projection);
}

Status SqlReadModelTransaction::put(const QString& tableName, const ReadModelRow& row)
{
    auto table = m_schema.requireTable(tableName);
    if (!table)
        return table.error();
    auto values = m_sql.upsertValues(**table, row);
    if (!values)
        return values.error();
    auto sql = m_upsertSql.constFind(tableName);
    if (sql == m_upsertSql.cend())
        sql = m_upsertSql.insert(tableName, m_sql.upsertSql(**table, physical(**table)));
    return execute({*sql, std::move(values).value()}, m_writing);
}

Status SqlReadModelTransaction::remove(const QString& tableName, const ReadModelRow& key)
{
    auto table = m_schema.requireTable(tableName);
    if (!table)
        return table.error();
    auto statement = m_sql.removeByKey(**table, physical(**table), key);
    if (!statement)
        return statement.error();
    return execute(*statement, m_writing);
}

Status SqlReadModelTransaction::commit(qint64 position, qint64 eventsHandled)
{
    if (!m_open)
        return Error::internal(u"A projection batch was committed twice."_s);
    // The backend's lock since the start means nobody can have moved the checkpoint; the check still guards
    // against a caller mixing up generations.
    auto current = currentCheckpoint();
    if (!current)
        return current.error();
    const qint64 atStart = m_rebuild ? current->rebuildPosition : current->position;
    if (atStart != m_startPosition)
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"The checkpoint of %1 moved while this batch ran."_s.arg(m_schema.projection));
    const qint64 now = Timestamp::now().micros();
    QStringList marks;
    for (int i = 0; i < 6; ++i)
        marks.append(m_sql.placeholder(i));
    const ReadModelSql::Statement advance = m_rebuild
        ? ReadModelSql::Statement {u"UPDATE projection_checkpoints SET rebuild_position = %1, events_processed = "
                                   u"events_processed + %2, updated_at = %3 WHERE name = %4"_s.arg(
                                       marks[0], marks[1], marks[2], marks[3]),
            {position, eventsHandled, now, m_schema.projection}}
        : ReadModelSql::Statement {u"UPDATE projection_checkpoints SET position = %1, events_processed = "
                                   u"events_processed + %2, updated_at = %3, moved_at = CASE WHEN %4 > position "
                                   u"THEN %5 ELSE moved_at END WHERE name = %6"_s.arg(
                                       marks[0], marks[1], marks[2], marks[3], marks[4], marks[5]),
            {position, eventsHandled, now, position, now, m_schema.projection}};
    if (auto status = execute(advance, u"advancing the checkpoint of "_s + m_schema.projection); !status)
        return status;
    return commitWithoutCheckpoint();
}

Status SqlReadModelTransaction::commitWithoutCheckpoint()
{
    if (!m_open)
        return Error::internal(u"A read-model transaction was committed twice."_s);
    return commitTransaction();
}

} // namespace flashback
