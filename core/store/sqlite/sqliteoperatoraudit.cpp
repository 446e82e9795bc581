// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteoperatoraudit.h"

#include "sqliteconnection.h"
#include "store/operatorauditsql.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flashback {

SqliteOperatorAudit::SqliteOperatorAudit(sqlite::SqliteConnection& connection)
    : m_connection(connection)
{ }

Result<qint64> SqliteOperatorAudit::recordOperatorAction(const OperatorAction& action)
{
    if (auto status = action.checkRecordable(); !status)
        return status.error();
    const QString doing = u"recording an operator action"_s;
    const QVariantList values = OperatorAuditSql::insertValues(action);
    qint64 id = 0;
    auto status = m_connection.writeTransaction(doing, [&]() -> Status {
        QSqlQuery& insert = m_connection.statement(OperatorAuditSql::insert([](int) { return u"?"_s; }));
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i, values.at(i));
        if (!insert.exec())
            return m_connection.failure(insert, doing);
        id = insert.lastInsertId().toLongLong();
        insert.finish();
        return {};
    });
    if (!status)
        return status.error();
    return id;
}

Result<bool> SqliteOperatorAudit::hasTable()
{
    if (m_hasTable)
        return *m_hasTable;
    QSqlQuery& select = m_connection.statement(
        u"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'operator_audit'"_s);
    if (!select.exec())
        return m_connection.failure(select, u"reading the operator audit"_s);
    const bool found = select.next() && select.value(0).toLongLong() > 0;
    select.finish();
    // Only a store at schema 5 has it, and a store is never downgraded: once seen, it stays.
    if (found)
        m_hasTable = true;
    return found;
}

Result<QList<OperatorAction>> SqliteOperatorAudit::listOperatorActions(const OperatorAuditQuery& query)
{
    auto has = hasTable();
    if (!has)
        return has.error();
    if (!*has)
        return QList<OperatorAction>();
    const auto select = OperatorAuditSql::select(query, [](int) { return u"?"_s; });
    QSqlQuery& statement = m_connection.statement(select.sql);
    for (int i = 0; i < select.values.size(); ++i)
        statement.bindValue(i, select.values.at(i));
    if (!statement.exec())
        return m_connection.failure(statement, u"reading the operator audit"_s);
    QList<OperatorAction> actions;
    while (statement.next()) {
        QVariantList row;
        for (int i = 0; i < OperatorAuditSql::ColumnCount; ++i)
            row.append(statement.value(i));
        actions.append(OperatorAuditSql::fromRow(row));
    }
    statement.finish();
    return actions;
}

} // namespace flashback
