// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorauditsql.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback::OperatorAuditSql {

namespace {

const QString Columns = u"id, at, actor, host, tool, action, target, detail, result, message"_s;

} // namespace

QString insert(const Placeholder& placeholder)
{
    QStringList values;
    for (int i = 1; i <= ColumnCount - 1; ++i)
        values.append(placeholder(i));
    return u"INSERT INTO operator_audit (at, actor, host, tool, action, target, detail, result, message) VALUES (%1)"_s
        .arg(values.join(u", "_s));
}

QVariantList insertValues(const OperatorAction& action)
{
    const Timestamp at = action.at.micros() == 0 ? Timestamp::now() : action.at;
    // A null QString binds as NULL; the columns hold '' for "nothing to say".
    const auto text = [](const QString& value) { return value.isNull() ? QString(u""_s) : value; };
    return {at.micros(), text(action.actor), text(action.host), text(action.tool), text(action.action),
        text(action.target), QString::fromUtf8(QJsonDocument(action.detail).toJson(QJsonDocument::Compact)),
        text(action.result), text(action.message)};
}

Statement select(const OperatorAuditQuery& query, const Placeholder& placeholder)
{
    Statement statement;
    QStringList where;
    const auto bind = [&](const QVariant& value) {
        statement.values.append(value);
        return placeholder(int(statement.values.size()));
    };
    if (query.since)
        where.append(u"at >= "_s + bind(query.since->micros()));
    if (query.until)
        where.append(u"at < "_s + bind(query.until->micros()));
    if (!query.actor.isEmpty())
        where.append(u"actor = "_s + bind(query.actor));
    if (!query.actions.isEmpty()) {
        QStringList any;
        for (const QString& action : query.actions)
            any.append(bind(action));
        where.append(u"action IN (%1)"_s.arg(any.join(u", "_s)));
    }
    if (!query.result.isEmpty())
        where.append(u"result = "_s + bind(query.result));
    if (query.beforeId)
        where.append(u"id < "_s + bind(*query.beforeId));
    statement.sql = u"SELECT "_s + Columns + u" FROM operator_audit"_s;
    if (!where.isEmpty())
        statement.sql += u" WHERE "_s + where.join(u" AND "_s);
    statement.sql += u" ORDER BY id DESC LIMIT "_s + bind(std::max<qint64>(0, query.limit));
    return statement;
}

OperatorAction fromRow(const QVariantList& row)
{
    OperatorAction action;
    action.id = row.value(0).toLongLong();
    action.at = Timestamp::fromMicros(row.value(1).toLongLong());
    action.actor = row.value(2).toString();
    action.host = row.value(3).toString();
    action.tool = row.value(4).toString();
    action.action = row.value(5).toString();
    action.target = row.value(6).toString();
    action.detail = QJsonDocument::fromJson(row.value(7).toString().toUtf8()).object();
    action.result = row.value(8).toString();
    action.message = row.value(9).toString();
    return action;
}

} // namespace flashback::OperatorAuditSql
