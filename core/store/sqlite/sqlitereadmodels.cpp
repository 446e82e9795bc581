// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitereadmodels.h"
#include "sqliteconnection.h"
#include "sqlitereadmodeltransaction.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

const QString CheckpointColumns
    = u"name, position, generation, paused, failed_position, last_error, events_processed, updated_at, moved_at, "
      u"rebuild_generation, rebuild_position, throughput, lease_holder, lease_until, lease_since"_s;

ProjectionCheckpoint checkpointFromRow(const QSqlQuery& query)
{
    ProjectionCheckpoint checkpoint;
    checkpoint.name = query.value(0).toString();
    checkpoint.position = query.value(1).toLongLong();
    checkpoint.generation = query.value(2).toLongLong();
    checkpoint.paused = query.value(3).toBool();
    if (!query.value(4).isNull())
        checkpoint.failedPosition = query.value(4).toLongLong();
    checkpoint.lastError = query.value(5).toString();
    checkpoint.eventsProcessed = query.value(6).toLongLong();
    checkpoint.updatedAt = Timestamp::fromMicros(query.value(7).toLongLong());
    checkpoint.movedAt = Timestamp::fromMicros(query.value(8).toLongLong());
    if (!query.value(9).isNull())
        checkpoint.rebuildGeneration = query.value(9).toLongLong();
    checkpoint.rebuildPosition = query.value(10).toLongLong();
    checkpoint.throughput = query.value(11).toDouble();
    checkpoint.leaseHolder = query.value(12).toString();
    checkpoint.leaseUntil = Timestamp::fromMicros(query.value(13).toLongLong());
    checkpoint.leaseSince = Timestamp::fromMicros(query.value(14).toLongLong());
    return checkpoint;
}

Error badName(const QString& name)
{
    return Error::invalidArgument(u"'%1' is not a valid projection or table name (lower_snake_case)."_s.arg(name));
}

Status checkSchema(const ReadModelSchema& schema)
{
    if (schema.projection.isEmpty() && schema.tables.isEmpty())
        return {}; // controls such as pause need no schema
    if (!ReadModelSql::isIdentifier(schema.projection))
        return badName(schema.projection);
    for (const auto& table : schema.tables) {
        if (!ReadModelSql::isIdentifier(table.name))
            return badName(table.name);
        for (const auto& column : table.columns) {
            if (!ReadModelSql::isIdentifier(column.name))
                return badName(column.name);
        }
    }
    return {};
}

} // namespace

SqliteReadModels::SqliteReadModels(sqlite::SqliteConnection& connection)
    : m_connection(connection)
{ }

Status SqliteReadModels::execute(const ReadModelSql::Statement& statement, const QString& doing)
{
    QSqlQuery& query = m_connection.statement(statement.sql);
    for (int i = 0; i < statement.values.size(); ++i)
        query.bindValue(i, statement.values.at(i));
    if (!query.exec())
        return m_connection.failure(query, doing);
    query.finish();
    return {};
}

Result<ProjectionCheckpoint> SqliteReadModels::readCheckpoint(const QString& name)
{
    QSqlQuery& query
        = m_connection.statement(u"SELECT "_s + CheckpointColumns + u" FROM projection_checkpoints WHERE name = ?"_s);
    query.bindValue(0, name);
    if (!query.exec())
        return m_connection.failure(query, u"reading the checkpoint of "_s + name);
    ProjectionCheckpoint checkpoint;
    checkpoint.name = name;
    if (query.next())
        checkpoint = checkpointFromRow(query);
    query.finish();
    return checkpoint;
}

Status SqliteReadModels::ensureCheckpoint(const QString& name)
{
    const qint64 now = Timestamp::now().micros();
    return execute({u"INSERT INTO projection_checkpoints (name, updated_at, moved_at) VALUES (?, ?, ?) "
                    u"ON CONFLICT (name) DO NOTHING"_s,
                       {name, now, now}},
        u"creating the checkpoint of "_s + name);
}

Result<ProjectionCheckpoint> SqliteReadModels::checkpoint(const QString& name)
{
    return readCheckpoint(name);
}

Result<QList<ProjectionCheckpoint>> SqliteReadModels::checkpoints()
{
    QSqlQuery& query
        = m_connection.statement(u"SELECT "_s + CheckpointColumns + u" FROM projection_checkpoints ORDER BY name"_s);
    if (!query.exec())
        return m_connection.failure(query, u"reading checkpoints"_s);
    QList<ProjectionCheckpoint> all;
    while (query.next())
        all.append(checkpointFromRow(query));
    query.finish();
    return all;
}

Status SqliteReadModels::dropGeneration(const ReadModelSchema& schema, qint64 generation)
{
    for (const auto& table : schema.tables) {
        const QString physical = ReadModelSql::physicalName(schema.projection, table.name, generation);
        for (const QString& statement : m_sql.drop(table, physical)) {
            if (auto status = m_connection.exec(statement, u"dropping "_s + physical); !status)
                return status;
        }
    }
    return {};
}

Status SqliteReadModels::controlProjection(
    const QString& name, const ProjectionControl& control, const ReadModelSchema& schema)
{
    if (auto status = checkSchema(schema); !status)
        return status;
    return m_connection.writeTransaction(u"changing projection "_s + name, [&]() -> Status {
        if (auto status = ensureCheckpoint(name); !status)
            return status;
        auto current = readCheckpoint(name);
        if (!current)
            return current.error();
        const qint64 now = Timestamp::now().micros();
        using Action = ProjectionControl::Action;
        switch (control.action) {
        case Action::Pause:
            return execute(
                {u"UPDATE projection_checkpoints SET paused = 1, updated_at = ? WHERE name = ?"_s, {now, name}},
                u"pausing "_s + name);
        case Action::Resume:
            return execute({u"UPDATE projection_checkpoints SET paused = 0, failed_position = NULL, "
                            u"last_error = NULL, updated_at = ? WHERE name = ?"_s,
                               {now, name}},
                u"resuming "_s + name);
        case Action::MarkFailed:
            return execute({u"UPDATE projection_checkpoints SET failed_position = ?, last_error = ?, updated_at = ? "
                            u"WHERE name = ?"_s,
                               {control.position, control.error, now, name}},
                u"recording the failure of "_s + name);
        case Action::StartRebuild: {
            const qint64 next = std::max(current->generation, current->rebuildGeneration.value_or(0)) + 1;
            if (current->rebuildGeneration) {
                if (auto status = dropGeneration(schema, *current->rebuildGeneration); !status)
                    return status;
            }
            if (auto status = dropGeneration(schema, next); !status)
                return status;
            return execute({u"UPDATE projection_checkpoints SET rebuild_generation = ?, rebuild_position = 0, "
                            u"updated_at = ? WHERE name = ?"_s,
                               {next, now, name}},
                u"starting a rebuild of "_s + name);
        }
        case Action::FinishRebuild: {
            if (!current->rebuildGeneration)
                return Error::invalidArgument(u"Projection %1 is not being rebuilt."_s.arg(name));
            if (auto status = execute({u"UPDATE projection_checkpoints SET generation = rebuild_generation, "
                                       u"position = rebuild_position, rebuild_generation = NULL, "
                                       u"rebuild_position = 0, failed_position = NULL, last_error = NULL, "
                                       u"moved_at = ?, updated_at = ? WHERE name = ?"_s,
                                          {now, now, name}},
                    u"swapping in the rebuilt "_s + name);
                !status)
                return status;
            return dropGeneration(schema, current->generation);
        }
        case Action::CancelRebuild:
            if (!current->rebuildGeneration)
                return Error::invalidArgument(u"Projection %1 is not being rebuilt."_s.arg(name));
            if (auto status = dropGeneration(schema, *current->rebuildGeneration); !status)
                return status;
            return execute({u"UPDATE projection_checkpoints SET rebuild_generation = NULL, rebuild_position = 0, "
                            u"updated_at = ? WHERE name = ?"_s,
                               {now, name}},
                u"cancelling the rebuild of "_s + name);
        case Action::Reset:
            if (current->rebuildGeneration) {
                if (auto status = dropGeneration(schema, *current->rebuildGeneration); !status)
                    return status;
            }
            if (auto status = dropGeneration(schema, current->generation); !status)
                return status;
            return execute({u"UPDATE projection_checkpoints SET position = 0, generation = generation + 1, "
                            u"rebuild_generation = NULL, rebuild_position = 0, failed_position = NULL, "
                            u"last_error = NULL, events_processed = 0, moved_at = ?, updated_at = ? "
                            u"WHERE name = ?"_s,
                               {now, now, name}},
                u"resetting "_s + name);
        }
        return {};
    });
}

Status SqliteReadModels::recordThroughput(const QString& name, double eventsPerSecond)
{
    return m_connection.writeTransaction(u"recording throughput"_s, [&]() -> Status {
        return execute({u"UPDATE projection_checkpoints SET throughput = ? WHERE name = ?"_s, {eventsPerSecond, name}},
            u"recording throughput of "_s + name);
    });
}

Result<bool> SqliteReadModels::acquireLease(const QString& name, const QString& worker, std::chrono::milliseconds lease)
{
    bool acquired = false;
    auto status = m_connection.writeTransaction(u"taking the lease on "_s + name, [&]() -> Status {
        if (auto ensured = ensureCheckpoint(name); !ensured)
            return ensured;
        auto current = readCheckpoint(name);
        if (!current)
            return current.error();
        const Timestamp now = Timestamp::now();
        const bool mine = current->leaseHolder == worker;
        if (!current->leaseHolder.isEmpty() && !mine && now < current->leaseUntil)
            return {};
        acquired = true;
        const qint64 since = mine ? current->leaseSince.micros() : now.micros();
        return execute({u"UPDATE projection_checkpoints SET lease_holder = ?, lease_until = ?, lease_since = ? "
                        u"WHERE name = ?"_s,
                           {worker, now.micros() + qint64(lease.count()) * 1000, since, name}},
            u"taking the lease on "_s + name);
    });
    if (!status)
        return status.error();
    return acquired;
}

Status SqliteReadModels::releaseLease(const QString& name, const QString& worker)
{
    return m_connection.writeTransaction(u"releasing the lease on "_s + name, [&]() -> Status {
        return execute({u"UPDATE projection_checkpoints SET lease_holder = NULL, lease_until = NULL, "
                        u"lease_since = NULL WHERE name = ? AND lease_holder = ?"_s,
                           {name, worker}},
            u"releasing the lease on "_s + name);
    });
}

Result<std::unique_ptr<ReadModelTransaction>> SqliteReadModels::beginReadModelTransaction(
    const ReadModelSchema& schema, qint64 generation)
{
    if (auto status = checkSchema(schema); !status)
        return status.error();
    return SqliteReadModelTransaction::begin(*this, schema, generation);
}

Result<QList<ReadModelRow>> SqliteReadModels::queryReadModel(const ReadModelSchema& schema, const ReadModelQuery& query)
{
    if (auto status = checkSchema(schema); !status)
        return status.error();
    const ReadModelTable* table = schema.table(query.table);
    if (!table)
        return Error::invalidArgument(u"The read model %1 has no table '%2'."_s.arg(schema.projection, query.table));
    // One read transaction, so a rebuild swapping generations in between cannot pull the table away.
    if (auto status = m_connection.exec(u"BEGIN"_s, u"reading a read model"_s); !status)
        return status.error();
    auto finish = [this] {
        if (auto status = m_connection.exec(u"COMMIT"_s, u"reading a read model"_s); !status)
            qWarning("finishing a read failed: %s", qPrintable(status.error().toString()));
    };
    auto current = readCheckpoint(schema.projection);
    if (!current) {
        finish();
        return current.error();
    }
    const QString physical = ReadModelSql::physicalName(schema.projection, table->name, current->generation);
    QSqlQuery& exists = m_connection.statement(u"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?"_s);
    exists.bindValue(0, physical);
    if (!exists.exec()) {
        finish();
        return m_connection.failure(exists, u"reading a read model"_s);
    }
    const bool present = exists.next();
    exists.finish();
    QList<ReadModelRow> rows;
    if (!present) {
        finish();
        return rows; // the projection has not written anything yet
    }
    auto statement = m_sql.query(*table, physical, query);
    if (!statement) {
        finish();
        return statement.error();
    }
    QSqlQuery& select = m_connection.statement(statement->sql);
    for (int i = 0; i < statement->values.size(); ++i)
        select.bindValue(i, statement->values.at(i));
    if (!select.exec()) {
        finish();
        return m_connection.failure(select, u"reading the read model "_s + schema.projection);
    }
    while (select.next()) {
        ReadModelRow row;
        for (int i = 0; i < table->columns.size(); ++i)
            row.insert(table->columns[i].name, ReadModelSql::fromSql(table->columns[i].type, select.value(i)));
        rows.append(row);
    }
    select.finish();
    finish();
    return rows;
}

} // namespace flashback
