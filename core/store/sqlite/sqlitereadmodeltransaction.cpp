// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitereadmodeltransaction.h"
#include "sqliteconnection.h"
#include "sqlitereadmodels.h"
#include "util/logging.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flashback {

SqliteReadModelTransaction::SqliteReadModelTransaction(
    SqliteReadModels& owner, ReadModelSchema schema, qint64 generation)
    : SqlReadModelTransaction(std::move(schema), generation, owner.sql())
    , m_owner(owner)
{ }

SqliteReadModelTransaction::~SqliteReadModelTransaction()
{
    if (isOpen()) {
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
    transaction->setOpen(true);
    if (auto status = owner.ensureCheckpoint(schema.projection); !status)
        return status.error();
    auto checkpoint = owner.readCheckpoint(schema.projection);
    if (!checkpoint)
        return checkpoint.error();
    if (auto status = transaction->startFrom(*checkpoint); !status)
        return status.error(); // the destructor rolls back
    return std::unique_ptr<ReadModelTransaction>(std::move(transaction));
}

Status SqliteReadModelTransaction::createTable(const ReadModelTable& table, const QString& physical)
{
    // The generated statements say IF NOT EXISTS.
    auto statements = m_owner.sql().create(table, physical);
    if (!statements)
        return statements.error();
    for (const auto& statement : std::as_const(*statements)) {
        if (auto status = m_owner.connection().exec(statement, u"creating the read model "_s + schema().projection);
            !status)
            return status;
    }
    return {};
}

Result<std::optional<ReadModelRow>> SqliteReadModelTransaction::selectRow(
    const ReadModelTable& table, const ReadModelSql::Statement& statement, const QString& doing)
{
    auto& connection = m_owner.connection();
    QSqlQuery& query = connection.statement(statement.sql);
    for (int i = 0; i < statement.values.size(); ++i)
        query.bindValue(i, statement.values.at(i));
    if (!query.exec())
        return connection.failure(query, doing);
    std::optional<ReadModelRow> row;
    if (query.next()) {
        ReadModelRow found;
        for (int i = 0; i < table.columns.size(); ++i)
            found.insert(table.columns[i].name, ReadModelSql::fromSql(table.columns[i].type, query.value(i)));
        row = found;
    }
    query.finish();
    return row;
}

Status SqliteReadModelTransaction::execute(const ReadModelSql::Statement& statement, const QString& doing)
{
    return m_owner.execute(statement, doing);
}

Result<ProjectionCheckpoint> SqliteReadModelTransaction::currentCheckpoint()
{
    return m_owner.readCheckpoint(schema().projection);
}

Status SqliteReadModelTransaction::commitTransaction()
{
    if (auto status = m_owner.connection().exec(u"COMMIT"_s, u"committing a projection batch"_s); !status)
        return status; // the destructor rolls back
    setOpen(false);
    return {};
}

} // namespace flashback
