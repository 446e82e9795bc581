// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresreadmodeltransaction.h"
#include "pgconnection.h"
#include "postgresreadmodels.h"

using namespace Qt::StringLiterals;

namespace flashback {

PostgresReadModelTransaction::PostgresReadModelTransaction(
    PostgresReadModels& owner, ReadModelSchema schema, qint64 generation)
    : SqlReadModelTransaction(std::move(schema), generation, owner.sql())
    , m_owner(owner)
{ }

PostgresReadModelTransaction::~PostgresReadModelTransaction()
{
    if (isOpen())
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
    const QString& name = schema().projection;
    if (auto status = m_owner.connection().begin(u"starting a projection batch"_s); !status)
        return status;
    setOpen(true);
    if (auto status = m_owner.ensureCheckpoint(name); !status)
        return status;
    // Held until commit or rollback: batches, control actions and leases of this projection wait for it.
    auto checkpoint = m_owner.readCheckpoint(name, true);
    if (!checkpoint)
        return checkpoint.error();
    return startFrom(*checkpoint);
}

Status PostgresReadModelTransaction::createTable(const ReadModelTable& table, const QString& physical)
{
    auto& connection = m_owner.connection();
    const QString doing = u"creating the read model "_s + schema().projection;
    auto exists = connection.exec(u"SELECT to_regclass($1) IS NOT NULL"_s, {physical}, doing);
    if (!exists)
        return exists.error();
    if (exists->boolean(0, 0))
        return {};
    auto statements = m_owner.sql().create(table, physical);
    if (!statements)
        return statements.error();
    for (const auto& statement : std::as_const(*statements)) {
        if (auto created = connection.exec(statement, {}, doing); !created)
            return created.error();
    }
    return {};
}

Result<std::optional<ReadModelRow>> PostgresReadModelTransaction::selectRow(
    const ReadModelTable& table, const ReadModelSql::Statement& statement, const QString& doing)
{
    auto result = m_owner.execute(statement, doing);
    if (!result)
        return result.error();
    std::optional<ReadModelRow> row;
    if (result->rows() > 0)
        row = PostgresReadModels::rowFrom(table, *result, 0);
    return row;
}

Status PostgresReadModelTransaction::execute(const ReadModelSql::Statement& statement, const QString& doing)
{
    auto result = m_owner.execute(statement, doing);
    return result ? Status() : Status(result.error());
}

Result<ProjectionCheckpoint> PostgresReadModelTransaction::currentCheckpoint()
{
    return m_owner.readCheckpoint(schema().projection, false);
}

Status PostgresReadModelTransaction::commitTransaction()
{
    setOpen(false); // committed or not, the transaction is over
    return m_owner.connection().commit(u"committing a projection batch"_s);
}

} // namespace flashback
