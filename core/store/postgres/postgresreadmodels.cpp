// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresreadmodels.h"
#include "pgconnection.h"
#include "postgresreadmodeltransaction.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

using postgres::PgResult;

namespace {

/// A lease whose session has ended (see acquireLease) is shown as free: it is, to every other worker.
const QString SelectCheckpoints
    = u"SELECT name, position, generation, paused, failed_position, last_error, events_processed, updated_at, "
      u"moved_at, rebuild_generation, rebuild_position, throughput, "
      u"CASE WHEN lease_alive THEN lease_holder END, CASE WHEN lease_alive THEN lease_until END, "
      u"CASE WHEN lease_alive THEN lease_since END "
      u"FROM projection_checkpoints CROSS JOIN LATERAL (SELECT lease_pid IS NULL "
      u"OR EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = lease_pid) AS lease_alive) alive"_s;

ProjectionCheckpoint checkpointFromRow(const PgResult& result, int row)
{
    ProjectionCheckpoint checkpoint;
    checkpoint.name = result.text(row, 0);
    checkpoint.position = result.integer(row, 1);
    checkpoint.generation = result.integer(row, 2);
    checkpoint.paused = result.boolean(row, 3);
    if (!result.isNull(row, 4))
        checkpoint.failedPosition = result.integer(row, 4);
    checkpoint.lastError = result.text(row, 5);
    checkpoint.eventsProcessed = result.integer(row, 6);
    checkpoint.updatedAt = Timestamp::fromMicros(result.integer(row, 7));
    checkpoint.movedAt = Timestamp::fromMicros(result.integer(row, 8));
    if (!result.isNull(row, 9))
        checkpoint.rebuildGeneration = result.integer(row, 9);
    checkpoint.rebuildPosition = result.integer(row, 10);
    checkpoint.throughput = result.real(row, 11);
    checkpoint.leaseHolder = result.text(row, 12);
    checkpoint.leaseUntil = Timestamp::fromMicros(result.integer(row, 13));
    checkpoint.leaseSince = Timestamp::fromMicros(result.integer(row, 14));
    return checkpoint;
}

Error badName(const QString& name)
{
    return Error::invalidArgument(u"'%1' is not a valid projection or table name (lower_snake_case)."_s.arg(name));
}

} // namespace

PostgresReadModels::PostgresReadModels(postgres::PgConnection& connection)
    : m_connection(connection)
{ }

Status PostgresReadModels::checkSchema(const ReadModelSchema& schema)
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

ReadModelRow PostgresReadModels::rowFrom(const ReadModelTable& table, const PgResult& result, int row)
{
    ReadModelRow out;
    for (int i = 0; i < table.columns.size(); ++i) {
        const ColumnSpec& column = table.columns[i];
        QVariant value;
        if (!result.isNull(row, i)) {
            switch (column.type) {
            case ColumnType::Integer:
                value = result.integer(row, i);
                break;
            case ColumnType::Real:
                value = result.real(row, i);
                break;
            case ColumnType::Boolean:
                value = result.boolean(row, i);
                break;
            case ColumnType::Text:
            case ColumnType::Json:
                value = result.text(row, i);
                break;
            }
        }
        out.insert(column.name, value);
    }
    return out;
}

Status PostgresReadModels::writable() const
{
    if (!m_connection.isReadOnly())
        return {};
    return Error::make(ErrorKind::StoreReadOnly,
        u"The store %1 is open read-only, so projections cannot write to it."_s.arg(m_connection.display()), {},
        {{u"address"_s, m_connection.display()}});
}

Result<PgResult> PostgresReadModels::execute(const ReadModelSql::Statement& statement, const QString& doing)
{
    // Prepared once per connection: a table dropped and created again under the same name (a reset) is found
    // again by name when the statement is re-planned.
    return m_connection.execPrepared(statement.sql, statement.values, doing);
}

Status PostgresReadModels::update(const QString& sql, const QVariantList& values, const QString& doing)
{
    auto result = m_connection.execPrepared(sql, values, doing);
    return result ? Status() : Status(result.error());
}

Result<ProjectionCheckpoint> PostgresReadModels::readCheckpoint(const QString& name, bool lock)
{
    auto result = m_connection.execPrepared(
        SelectCheckpoints + u" WHERE name = $1"_s + (lock ? u" FOR UPDATE OF projection_checkpoints"_s : QString()),
        {name}, u"reading the checkpoint of "_s + name);
    if (!result)
        return result.error();
    ProjectionCheckpoint checkpoint;
    checkpoint.name = name;
    if (result->rows() > 0)
        checkpoint = checkpointFromRow(*result, 0);
    return checkpoint;
}

Status PostgresReadModels::ensureCheckpoint(const QString& name)
{
    const qint64 now = Timestamp::now().micros();
    return update(u"INSERT INTO projection_checkpoints (name, updated_at, moved_at) VALUES ($1, $2, $2) "
                  u"ON CONFLICT (name) DO NOTHING"_s,
        {name, now}, u"creating the checkpoint of "_s + name);
}

Result<ProjectionCheckpoint> PostgresReadModels::checkpoint(const QString& name)
{
    return readCheckpoint(name, false);
}

Result<QList<ProjectionCheckpoint>> PostgresReadModels::checkpoints()
{
    auto result = m_connection.execPrepared(SelectCheckpoints + u" ORDER BY name"_s, {}, u"reading checkpoints"_s);
    if (!result)
        return result.error();
    QList<ProjectionCheckpoint> all;
    for (int row = 0; row < result->rows(); ++row)
        all.append(checkpointFromRow(*result, row));
    return all;
}

Status PostgresReadModels::dropGeneration(const ReadModelSchema& schema, qint64 generation)
{
    for (const auto& table : schema.tables) {
        const QString physical = ReadModelSql::physicalName(schema.projection, table.name, generation);
        for (const QString& statement : m_sql.drop(table, physical)) {
            if (auto dropped = m_connection.exec(statement, {}, u"dropping "_s + physical); !dropped)
                return dropped.error();
        }
    }
    return {};
}

Status PostgresReadModels::controlProjection(
    const QString& name, const ProjectionControl& control, const ReadModelSchema& schema)
{
    if (auto status = checkSchema(schema); !status)
        return status;
    if (auto status = writable(); !status)
        return status;
    return m_connection.transaction(
        u"changing projection "_s + name, [&]() -> Status { return applyControl(name, control, schema); });
}

Status PostgresReadModels::applyControl(
    const QString& name, const ProjectionControl& control, const ReadModelSchema& schema)
{
    if (auto status = ensureCheckpoint(name); !status)
        return status;
    auto current = readCheckpoint(name, true);
    if (!current)
        return current.error();
    const qint64 now = Timestamp::now().micros();
    using Action = ProjectionControl::Action;
    switch (control.action) {
    case Action::Pause:
        return update(u"UPDATE projection_checkpoints SET paused = true, updated_at = $1 WHERE name = $2"_s,
            {now, name}, u"pausing "_s + name);
    case Action::Resume:
        return update(u"UPDATE projection_checkpoints SET paused = false, failed_position = NULL, last_error = NULL, "
                      u"updated_at = $1 WHERE name = $2"_s,
            {now, name}, u"resuming "_s + name);
    case Action::MarkFailed:
        return update(u"UPDATE projection_checkpoints SET failed_position = $1, last_error = $2, updated_at = $3 "
                      u"WHERE name = $4"_s,
            {control.position, control.error, now, name}, u"recording the failure of "_s + name);
    case Action::StartRebuild: {
        const qint64 next = std::max(current->generation, current->rebuildGeneration.value_or(0)) + 1;
        if (current->rebuildGeneration) {
            if (auto status = dropGeneration(schema, *current->rebuildGeneration); !status)
                return status;
        }
        if (auto status = dropGeneration(schema, next); !status)
            return status;
        return update(u"UPDATE projection_checkpoints SET rebuild_generation = $1, rebuild_position = 0, "
                      u"updated_at = $2 WHERE name = $3"_s,
            {next, now, name}, u"starting a rebuild of "_s + name);
    }
    case Action::FinishRebuild: {
        if (!current->rebuildGeneration)
            return Error::invalidArgument(u"Projection %1 is not being rebuilt."_s.arg(name));
        if (auto status = update(u"UPDATE projection_checkpoints SET generation = rebuild_generation, "
                                 u"position = rebuild_position, rebuild_generation = NULL, rebuild_position = 0, "
                                 u"failed_position = NULL, last_error = NULL, moved_at = $1, updated_at = $1 "
                                 u"WHERE name = $2"_s,
                {now, name}, u"swapping in the rebuilt "_s + name);
            !status)
            return status;
        return dropGeneration(schema, current->generation);
    }
    case Action::CancelRebuild:
        if (!current->rebuildGeneration)
            return Error::invalidArgument(u"Projection %1 is not being rebuilt."_s.arg(name));
        if (auto status = dropGeneration(schema, *current->rebuildGeneration); !status)
            return status;
        return update(u"UPDATE projection_checkpoints SET rebuild_generation = NULL, rebuild_position = 0, "
                      u"updated_at = $1 WHERE name = $2"_s,
            {now, name}, u"cancelling the rebuild of "_s + name);
    case Action::Reset:
        if (current->rebuildGeneration) {
            if (auto status = dropGeneration(schema, *current->rebuildGeneration); !status)
                return status;
        }
        if (auto status = dropGeneration(schema, current->generation); !status)
            return status;
        return update(u"UPDATE projection_checkpoints SET position = 0, generation = generation + 1, "
                      u"rebuild_generation = NULL, rebuild_position = 0, failed_position = NULL, last_error = NULL, "
                      u"events_processed = 0, moved_at = $1, updated_at = $1 WHERE name = $2"_s,
            {now, name}, u"resetting "_s + name);
    }
    return {};
}

Status PostgresReadModels::recordThroughput(const QString& name, double eventsPerSecond)
{
    if (auto status = writable(); !status)
        return status;
    return update(u"UPDATE projection_checkpoints SET throughput = $1 WHERE name = $2"_s, {eventsPerSecond, name},
        u"recording throughput of "_s + name);
}

Result<bool> PostgresReadModels::acquireLease(
    const QString& name, const QString& worker, std::chrono::milliseconds lease)
{
    if (auto status = writable(); !status)
        return status.error();
    const QString doing = u"taking the lease on "_s + name;
    if (auto ensured = ensureCheckpoint(name); !ensured)
        return ensured.error();
    // One statement, on the server's clock (workers on several machines never agree on theirs): the lease is
    // free when nobody holds it, it is this worker's, it has expired, or the session that took it is gone
    // (a killed worker; a server restart ends every session). The row lock of the UPDATE serialises takers.
    auto taken = m_connection.execPrepared(
        u"WITH now AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS micros) "
        u"UPDATE projection_checkpoints SET lease_holder = $1, lease_pid = pg_backend_pid(), "
        u"lease_since = CASE WHEN lease_holder = $1 THEN lease_since ELSE (SELECT micros FROM now) END, "
        u"lease_until = (SELECT micros FROM now) + $2 "
        u"WHERE name = $3 AND (lease_holder IS NULL OR lease_holder = $1 OR lease_until < (SELECT micros FROM now) "
        u"OR NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = lease_pid)) RETURNING 1"_s,
        {worker, qint64(lease.count()) * 1000, name}, doing);
    if (!taken)
        return taken.error();
    return taken->rows() > 0;
}

Status PostgresReadModels::releaseLease(const QString& name, const QString& worker)
{
    if (auto status = writable(); !status)
        return status;
    return update(u"UPDATE projection_checkpoints SET lease_holder = NULL, lease_until = NULL, lease_since = NULL, "
                  u"lease_pid = NULL WHERE name = $1 AND lease_holder = $2"_s,
        {name, worker}, u"releasing the lease on "_s + name);
}

Result<std::unique_ptr<ReadModelTransaction>> PostgresReadModels::beginReadModelTransaction(
    const ReadModelSchema& schema, qint64 generation)
{
    if (auto status = checkSchema(schema); !status)
        return status.error();
    if (auto status = writable(); !status)
        return status.error();
    return PostgresReadModelTransaction::begin(*this, schema, generation);
}

Result<QList<ReadModelRow>> PostgresReadModels::queryReadModel(
    const ReadModelSchema& schema, const ReadModelQuery& query)
{
    if (auto status = checkSchema(schema); !status)
        return status.error();
    const ReadModelTable* table = schema.table(query.table);
    if (!table)
        return Error::invalidArgument(u"The read model %1 has no table '%2'."_s.arg(schema.projection, query.table));
    const QString doing = u"reading the read model "_s + schema.projection;
    // A rebuild may swap generations (and drop the old tables) between reading the checkpoint and the query:
    // then the query finds no table, and is asked again of the new generation.
    for (int attempt = 0;; ++attempt) {
        auto current = readCheckpoint(schema.projection, false);
        if (!current)
            return current.error();
        const QString physical = ReadModelSql::physicalName(schema.projection, table->name, current->generation);
        // A generation keeps the text index it was created with (pg_trgm may have come or gone since), so the
        // query asks what this table has, not what the store would create today.
        const QString textIndex = physical + u"__"_s + table->textColumn;
        auto exists = m_connection.exec(
            u"SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL, to_regclass($3) IS NOT NULL"_s,
            QVariantList {physical, QString(textIndex + u"_trgm"_s), QString(textIndex + u"_tsv"_s)}, doing);
        if (!exists)
            return exists.error();
        if (!exists->boolean(0, 0))
            return QList<ReadModelRow> {}; // the projection has not written anything yet
        ReadModelSql sql = m_sql;
        if (!table->textColumn.isEmpty()) {
            sql.setTextIndex(exists->boolean(0, 1) ? TextIndexKind::Trigram
                    : exists->boolean(0, 2)        ? TextIndexKind::TsVector
                                                   : TextIndexKind::Scan);
        }
        auto statement = sql.query(*table, physical, query);
        if (!statement)
            return statement.error();
        // A text search is planned with its words every time (an unnamed statement): after five runs a prepared
        // statement gets a generic plan, which cannot know that a word is rare and walks the position index
        // instead of the text index (at 10,000,000 documents: 6 s instead of 2 ms for an email's first page).
        const auto isTextMatch = [](const ReadModelQuery::Condition& condition) {
            return condition.op == ReadModelQuery::Condition::Op::Matches;
        };
        const bool textSearch = std::any_of(query.where.cbegin(), query.where.cend(), isTextMatch)
            || std::any_of(query.anyOf.cbegin(), query.anyOf.cend(), isTextMatch);
        auto result
            = textSearch ? m_connection.exec(statement->sql, statement->values, doing) : execute(*statement, doing);
        if (!result) {
            const bool vanished = result.error().context.value(u"sqlstate"_s).toString() == u"42P01"_s;
            if (vanished && attempt < 3 && m_connection.transactionDepth() == 0)
                continue;
            return result.error();
        }
        QList<ReadModelRow> rows;
        for (int row = 0; row < result->rows(); ++row)
            rows.append(rowFrom(*table, *result, row));
        return rows;
    }
}

} // namespace flashback
