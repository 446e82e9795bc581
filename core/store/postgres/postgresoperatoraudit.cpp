// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresoperatoraudit.h"

#include "pgconnection.h"
#include "pgresult.h"
#include "store/operatorauditsql.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString dollar(int n)
{
    return u"$"_s + QString::number(n);
}

} // namespace

PostgresOperatorAudit::PostgresOperatorAudit(postgres::PgConnection& connection)
    : m_connection(connection)
{ }

Result<qint64> PostgresOperatorAudit::recordOperatorAction(const OperatorAction& action)
{
    if (auto status = action.checkRecordable(); !status)
        return status.error();
    if (m_connection.isReadOnly())
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is open read-only, so nothing can be added to its operator audit."_s.arg(
                m_connection.display()),
            {}, {{u"address"_s, m_connection.display()}});
    auto result = m_connection.execPrepared(OperatorAuditSql::insert(dollar) + u" RETURNING id"_s,
        OperatorAuditSql::insertValues(action), u"recording an operator action"_s);
    if (!result)
        return result.error();
    return result->integer(0, 0);
}

Result<bool> PostgresOperatorAudit::hasTable()
{
    if (m_hasTable)
        return *m_hasTable;
    auto result = m_connection.execPrepared(
        u"SELECT to_regclass('operator_audit') IS NOT NULL"_s, {}, u"reading the operator audit"_s);
    if (!result)
        return result.error();
    const bool found = result->rows() > 0 && result->text(0, 0) == u"t"_s;
    if (found) // a store is never downgraded: once seen, it stays
        m_hasTable = true;
    return found;
}

Result<QList<OperatorAction>> PostgresOperatorAudit::listOperatorActions(const OperatorAuditQuery& query)
{
    auto has = hasTable();
    if (!has)
        return has.error();
    if (!*has)
        return QList<OperatorAction>();
    const auto select = OperatorAuditSql::select(query, dollar);
    // Unnamed (PQexecParams): the filters vary, and a generic plan of a prepared statement would ignore them.
    auto result = m_connection.exec(select.sql, select.values, u"reading the operator audit"_s);
    if (!result)
        return result.error();
    QList<OperatorAction> actions;
    for (int row = 0; row < result->rows(); ++row) {
        QVariantList values;
        for (int column = 0; column < OperatorAuditSql::ColumnCount; ++column)
            values.append(result->isNull(row, column) ? QVariant() : QVariant(result->text(row, column)));
        actions.append(OperatorAuditSql::fromRow(values));
    }
    return actions;
}

} // namespace flashback
