#include "readmodelsql.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString sqlType(ColumnType type, SqlDialect dialect)
{
    const bool postgres = dialect == SqlDialect::Postgres;
    switch (type) {
    case ColumnType::Text:
        return u"TEXT"_s;
    case ColumnType::Integer:
        return postgres ? u"BIGINT"_s : u"INTEGER"_s;
    case ColumnType::Real:
        return postgres ? u"DOUBLE PRECISION"_s : u"REAL"_s;
    case ColumnType::Boolean:
        return postgres ? u"BOOLEAN"_s : u"INTEGER"_s;
    case ColumnType::Json:
        return postgres ? u"JSONB"_s : u"TEXT"_s;
    }
    return u"TEXT"_s;
}

QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

Error unknownColumn(const ReadModelTable& table, const QString& column)
{
    return Error::invalidArgument(u"The read model table %1 has no column '%2'."_s.arg(table.name, column));
}

} // namespace

ReadModelSql::ReadModelSql(SqlDialect dialect)
    : m_dialect(dialect)
{ }

bool ReadModelSql::isIdentifier(const QString& name)
{
    static const QRegularExpression pattern(u"^[a-z][a-z0-9_]{0,40}$"_s);
    return pattern.match(name).hasMatch();
}

QString ReadModelSql::physicalName(const QString& projection, const QString& table, qint64 generation)
{
    return u"rm_"_s + projection + u"__"_s + table + u"__g"_s + QString::number(generation);
}

QString ReadModelSql::placeholder(int index) const
{
    return m_dialect == SqlDialect::Postgres ? u"$"_s + QString::number(index + 1) : u"?"_s;
}

QStringList ReadModelSql::create(const ReadModelTable& table, const QString& physical) const
{
    QStringList columns;
    for (const auto& column : table.columns)
        columns.append(column.name + u' ' + sqlType(column.type, m_dialect));
    QStringList statements {u"CREATE TABLE IF NOT EXISTS "_s + physical + u" ("_s + columns.join(u", "_s)
        + u", PRIMARY KEY ("_s + table.primaryKey.join(u", "_s) + u"))"_s};
    for (const auto& index : table.indexes) {
        statements.append(u"CREATE INDEX IF NOT EXISTS "_s + physical + u"__"_s + index.join(u'_') + u" ON "_s
            + physical + u" ("_s + index.join(u", "_s) + u')');
    }
    return statements;
}

QString ReadModelSql::drop(const QString& physical) const
{
    return u"DROP TABLE IF EXISTS "_s + physical;
}

QVariant ReadModelSql::toSql(ColumnType type, const QVariant& value) const
{
    if (value.isNull() || !value.isValid())
        return QVariant();
    switch (type) {
    case ColumnType::Boolean:
        return m_dialect == SqlDialect::Sqlite ? QVariant(value.toBool() ? 1 : 0) : QVariant(value.toBool());
    case ColumnType::Integer:
        return value.toLongLong();
    case ColumnType::Real:
        return value.toDouble();
    case ColumnType::Text:
    case ColumnType::Json:
        return value.toString();
    }
    return value;
}

QVariant ReadModelSql::fromSql(ColumnType type, const QVariant& value)
{
    if (value.isNull() || !value.isValid())
        return QVariant();
    switch (type) {
    case ColumnType::Boolean:
        return value.toBool();
    case ColumnType::Integer:
        return value.toLongLong();
    case ColumnType::Real:
        return value.toDouble();
    case ColumnType::Text:
    case ColumnType::Json:
        return value.toString();
    }
    return value;
}

Result<ReadModelSql::Statement> ReadModelSql::upsert(
    const ReadModelTable& table, const QString& physical, const ReadModelRow& row) const
{
    auto values = upsertValues(table, row);
    if (!values)
        return values.error();
    return Statement {upsertSql(table, physical), std::move(values).value()};
}

QString ReadModelSql::upsertSql(const ReadModelTable& table, const QString& physical) const
{
    QStringList names, marks, updates;
    for (const auto& column : table.columns) {
        marks.append(placeholder(int(names.size())));
        names.append(column.name);
        if (!table.primaryKey.contains(column.name))
            updates.append(column.name + u" = excluded."_s + column.name);
    }
    return u"INSERT INTO "_s + physical + u" ("_s + names.join(u", "_s) + u") VALUES ("_s + marks.join(u", "_s)
        + u") ON CONFLICT ("_s + table.primaryKey.join(u", "_s) + u") DO "_s
        + (updates.isEmpty() ? u"NOTHING"_s : u"UPDATE SET "_s + updates.join(u", "_s));
}

Result<QVariantList> ReadModelSql::upsertValues(const ReadModelTable& table, const ReadModelRow& row) const
{
    for (auto it = row.begin(); it != row.end(); ++it) {
        if (!table.column(it.key()))
            return unknownColumn(table, it.key());
    }
    QVariantList values;
    values.reserve(table.columns.size());
    for (const auto& column : table.columns)
        values.append(toSql(column.type, row.value(column.name)));
    return values;
}

Result<ReadModelSql::Statement> ReadModelSql::keyCondition(
    const ReadModelTable& table, const ReadModelRow& key, int firstIndex) const
{
    Statement condition;
    QStringList parts;
    for (const auto& name : table.primaryKey) {
        if (!key.contains(name))
            return Error::invalidArgument(u"A key of %1 needs the column '%2'."_s.arg(table.name, name));
        parts.append(name + u" = "_s + placeholder(firstIndex + int(condition.values.size())));
        condition.values.append(toSql(table.column(name)->type, key.value(name)));
    }
    condition.sql = parts.join(u" AND "_s);
    return condition;
}

Result<ReadModelSql::Statement> ReadModelSql::selectByKey(
    const ReadModelTable& table, const QString& physical, const ReadModelRow& key) const
{
    auto condition = keyCondition(table, key, 0);
    if (!condition)
        return condition.error();
    QStringList names;
    for (const auto& column : table.columns)
        names.append(column.name);
    return Statement {
        u"SELECT "_s + names.join(u", "_s) + u" FROM "_s + physical + u" WHERE "_s + condition->sql, condition->values};
}

Result<ReadModelSql::Statement> ReadModelSql::removeByKey(
    const ReadModelTable& table, const QString& physical, const ReadModelRow& key) const
{
    auto condition = keyCondition(table, key, 0);
    if (!condition)
        return condition.error();
    return Statement {u"DELETE FROM "_s + physical + u" WHERE "_s + condition->sql, condition->values};
}

Result<ReadModelSql::Statement> ReadModelSql::query(
    const ReadModelTable& table, const QString& physical, const ReadModelQuery& query) const
{
    Statement statement;
    QStringList names;
    for (const auto& column : table.columns)
        names.append(column.name);
    auto conditionSql = [&](const ReadModelQuery::Condition& condition) -> Result<QString> {
        const ColumnSpec* column = table.column(condition.column);
        if (!column)
            return unknownColumn(table, condition.column);
        const QString mark = placeholder(int(statement.values.size()));
        using Op = ReadModelQuery::Condition::Op;
        if (condition.op == Op::Contains) {
            statement.values.append(likePattern(condition.value.toString()));
            const QString target
                = column->type == ColumnType::Text ? column->name : u"CAST("_s + column->name + u" AS TEXT)"_s;
            return QString(
                target + (m_dialect == SqlDialect::Postgres ? u" ILIKE "_s : u" LIKE "_s) + mark + u" ESCAPE '\\'"_s);
        }
        statement.values.append(toSql(column->type, condition.value));
        static const QHash<Op, QString> operators {{Op::Equals, u"="_s}, {Op::NotEquals, u"<>"_s}, {Op::Less, u"<"_s},
            {Op::LessOrEqual, u"<="_s}, {Op::Greater, u">"_s}, {Op::GreaterOrEqual, u">="_s}};
        return QString(column->name + u' ' + operators.value(condition.op) + u' ' + mark);
    };

    QStringList where;
    for (const auto& condition : query.where) {
        auto sql = conditionSql(condition);
        if (!sql)
            return sql.error();
        where.append(*sql);
    }
    if (!query.anyOf.isEmpty()) {
        QStringList any;
        for (const auto& condition : query.anyOf) {
            auto sql = conditionSql(condition);
            if (!sql)
                return sql.error();
            any.append(*sql);
        }
        where.append(u'(' + any.join(u" OR "_s) + u')');
    }
    QStringList order;
    bool descending = false;
    for (const auto& entry : query.orderBy) {
        if (!table.column(entry.column))
            return unknownColumn(table, entry.column);
        order.append(entry.column + (entry.descending ? u" DESC"_s : u" ASC"_s));
        descending = entry.descending;
    }
    if (query.after) {
        if (query.after->size() != query.orderBy.size() || query.orderBy.isEmpty())
            return Error::invalidArgument(u"A page cursor needs one value per sort column."_s);
        QStringList columns, marks;
        for (qsizetype i = 0; i < query.orderBy.size(); ++i) {
            if (query.orderBy[i].descending != descending)
                return Error::invalidArgument(u"Paging needs every sort column in the same direction."_s);
            columns.append(query.orderBy[i].column);
            marks.append(placeholder(int(statement.values.size())));
            statement.values.append(toSql(table.column(query.orderBy[i].column)->type, query.after->at(i)));
        }
        where.append(
            u'(' + columns.join(u", "_s) + (descending ? u") < ("_s : u") > ("_s) + marks.join(u", "_s) + u')');
    }
    statement.sql = u"SELECT "_s + names.join(u", "_s) + u" FROM "_s + physical;
    if (!where.isEmpty())
        statement.sql += u" WHERE "_s + where.join(u" AND "_s);
    if (!order.isEmpty())
        statement.sql += u" ORDER BY "_s + order.join(u", "_s);
    statement.sql += u" LIMIT "_s + placeholder(int(statement.values.size()));
    statement.values.append(query.limit);
    return statement;
}

} // namespace flashback
