// SPDX-License-Identifier: GPL-3.0-or-later
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

QString textIndexName(TextIndexKind kind)
{
    switch (kind) {
    case TextIndexKind::Scan:
        return u"scan"_s;
    case TextIndexKind::Fts5:
        return u"fts5"_s;
    case TextIndexKind::Trigram:
        return u"trigram"_s;
    case TextIndexKind::TsVector:
        return u"tsvector"_s;
    }
    return u"scan"_s;
}

ReadModelSql::ReadModelSql(SqlDialect dialect)
    : ReadModelSql(dialect, dialect == SqlDialect::Sqlite ? TextIndexKind::Fts5 : TextIndexKind::Scan)
{ }

ReadModelSql::ReadModelSql(SqlDialect dialect, TextIndexKind textIndex)
    : m_dialect(dialect)
    , m_textIndex(textIndex)
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

Result<QStringList> ReadModelSql::create(const ReadModelTable& table, const QString& physical) const
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
    if (table.textColumn.isEmpty())
        return statements;
    const ColumnSpec* text = table.column(table.textColumn);
    const ColumnSpec* key = table.primaryKey.size() == 1 ? table.column(table.primaryKey.constFirst()) : nullptr;
    if (!text || text->type != ColumnType::Text || !key || key->type != ColumnType::Integer)
        return Error::invalidArgument(u"The read model table %1 indexes text in '%2': that needs a Text column and "
                                      u"a single Integer primary key."_s.arg(table.name, table.textColumn));
    const QString& col = text->name;
    const QString& pk = key->name;
    switch (m_textIndex) {
    case TextIndexKind::Scan:
        break;
    case TextIndexKind::Fts5: {
        // External content: the terms are stored once, in the table; the FTS index follows it through triggers,
        // so the generic upsert and delete keep it in step inside the batch's transaction. The tokenizer keeps
        // the joiners inside words exactly as SearchTerms does, so its tokens are the stored terms.
        const QString fts = physical + u"__fts"_s;
        statements.append(u"CREATE VIRTUAL TABLE IF NOT EXISTS %1 USING fts5(%2, content='%3', content_rowid='%4', "
                          u"tokenize=\"unicode61 remove_diacritics 2 tokenchars '.@-_:+'\", detail=full)"_s.arg(
                              fts, col, physical, pk));
        const QString insert = u"INSERT INTO %1(rowid, %2) VALUES (new.%3, new.%2);"_s.arg(fts, col, pk);
        const QString remove = u"INSERT INTO %1(%1, rowid, %2) VALUES ('delete', old.%3, old.%2);"_s.arg(fts, col, pk);
        statements.append(
            u"CREATE TRIGGER IF NOT EXISTS %1__ai AFTER INSERT ON %2 BEGIN %3 END"_s.arg(fts, physical, insert));
        statements.append(
            u"CREATE TRIGGER IF NOT EXISTS %1__ad AFTER DELETE ON %2 BEGIN %3 END"_s.arg(fts, physical, remove));
        statements.append(u"CREATE TRIGGER IF NOT EXISTS %1__au AFTER UPDATE ON %2 BEGIN %3 %4 END"_s.arg(
            fts, physical, remove, insert));
        break;
    }
    case TextIndexKind::Trigram: // read, never made (the enum's note)
        break;
    case TextIndexKind::TsVector:
        statements.append(
            u"CREATE INDEX IF NOT EXISTS %1__%2_tsv ON %1 USING gin (array_to_tsvector(string_to_array(btrim(%2), ' ')))"_s
                .arg(physical, col));
        break;
    }
    return statements;
}

QStringList ReadModelSql::drop(const ReadModelTable& table, const QString& physical) const
{
    QStringList statements;
    // The FTS table may exist whatever the current mode (a store indexed before): dropped if there.
    if (!table.textColumn.isEmpty() && m_dialect == SqlDialect::Sqlite)
        statements.append(u"DROP TABLE IF EXISTS "_s + physical + u"__fts"_s);
    statements.append(u"DROP TABLE IF EXISTS "_s + physical);
    return statements;
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

Result<QString> ReadModelSql::conditionSql(const ReadModelTable& table, const QString& physical,
    const ReadModelQuery::Condition& condition, QVariantList& values, const QString& keyAs) const
{
    const ColumnSpec* column = table.column(condition.column);
    if (!column)
        return unknownColumn(table, condition.column);
    const bool isKey = table.primaryKey.size() == 1 && table.primaryKey.constFirst() == column->name;
    const QString name = !keyAs.isEmpty() && isKey ? keyAs : physical + u'.' + column->name;
    using Op = ReadModelQuery::Condition::Op;
    switch (condition.op) {
    case Op::Contains: {
        const QString mark = placeholder(int(values.size()));
        values.append(likePattern(condition.value.toString()));
        const QString target = column->type == ColumnType::Text ? name : u"CAST("_s + name + u" AS TEXT)"_s;
        return QString(
            target + (m_dialect == SqlDialect::Postgres ? u" ILIKE "_s : u" LIKE "_s) + mark + u" ESCAPE '\\'"_s);
    }
    case Op::In: {
        const QVariantList options = condition.value.toList();
        if (options.isEmpty())
            return u"1 = 0"_s;
        QStringList marks;
        for (const QVariant& option : options) {
            marks.append(placeholder(int(values.size())));
            values.append(toSql(column->type, option));
        }
        return QString(name + u" IN ("_s + marks.join(u", "_s) + u')');
    }
    case Op::Matches: {
        if (column->name != table.textColumn)
            return Error::invalidArgument(
                u"The read model table %1 has no text index on '%2'."_s.arg(table.name, column->name));
        if (condition.text.isEmpty())
            return u"1 = 1"_s;
        QStringList parts;
        if (m_textIndex == TextIndexKind::Fts5) {
            const QString fts = physical + u"__fts"_s;
            parts.append(fts + u" MATCH "_s + placeholder(int(values.size())));
            values.append(condition.text.fts5Expression());
            // FTS5 finds the candidates; the patterns below keep only what TextQuery::matches() accepts, as FTS5's
            // own Unicode tables may split or fold a character differently from SearchTerms.
        }
        if (m_textIndex == TextIndexKind::TsVector) {
            parts.append(u"array_to_tsvector(string_to_array(btrim(%1), ' ')) @@ %2::tsquery"_s.arg(
                name, placeholder(int(values.size()))));
            values.append(condition.text.tsquery());
        }
        // Exact on every other path: the patterns are the definition (TextQuery::matches). Case-sensitive LIKE,
        // as stored terms and query terms are both lower case.
        for (const QString& pattern : condition.text.likePatterns()) {
            parts.append(name + u" LIKE "_s + placeholder(int(values.size())) + u" ESCAPE '\\'"_s);
            values.append(pattern);
        }
        return parts.join(u" AND "_s);
    }
    case Op::Equals:
    case Op::NotEquals:
    case Op::Less:
    case Op::LessOrEqual:
    case Op::Greater:
    case Op::GreaterOrEqual:
        break;
    }
    const QString mark = placeholder(int(values.size()));
    values.append(toSql(column->type, condition.value));
    static const QHash<Op, QString> operators {{Op::Equals, u"="_s}, {Op::NotEquals, u"<>"_s}, {Op::Less, u"<"_s},
        {Op::LessOrEqual, u"<="_s}, {Op::Greater, u">"_s}, {Op::GreaterOrEqual, u">="_s}};
    return QString(name + u' ' + operators.value(condition.op) + u' ' + mark);
}

Result<ReadModelSql::Statement> ReadModelSql::query(
    const ReadModelTable& table, const QString& physical, const ReadModelQuery& query) const
{
    Statement statement;
    QStringList names;
    for (const auto& column : table.columns)
        names.append(physical + u'.' + column.name);

    // A text match on SQLite reads through the FTS table, joined to the rows: FTS5 walks its matches in rowid
    // order and the key's order and cursor go to that rowid, so a page stops at its limit instead of collecting
    // every match of a common word first.
    bool throughFts = false;
    for (const auto& condition : query.where)
        throughFts = throughFts
            || (condition.op == ReadModelQuery::Condition::Op::Matches && m_textIndex == TextIndexKind::Fts5
                && !condition.text.isEmpty());
    const QString fts = physical + u"__fts"_s;
    const QString key = table.primaryKey.size() == 1 ? table.primaryKey.constFirst() : QString();
    auto orderTarget = [&](const QString& column) {
        return throughFts && column == key ? QString(fts + u".rowid"_s) : QString(physical + u'.' + column);
    };

    QStringList where;
    for (const auto& condition : query.where) {
        auto sql
            = conditionSql(table, physical, condition, statement.values, throughFts ? fts + u".rowid"_s : QString());
        if (!sql)
            return sql.error();
        where.append(*sql);
    }
    if (!query.anyOf.isEmpty()) {
        QStringList any;
        for (const auto& condition : query.anyOf) {
            if (condition.op == ReadModelQuery::Condition::Op::Matches && m_textIndex == TextIndexKind::Fts5)
                return Error::invalidArgument(u"A text match must hold, not be one of several choices."_s);
            auto sql = conditionSql(table, physical, condition, statement.values);
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
        order.append(orderTarget(entry.column) + (entry.descending ? u" DESC"_s : u" ASC"_s));
        descending = entry.descending;
    }
    if (query.after) {
        if (query.after->size() != query.orderBy.size() || query.orderBy.isEmpty())
            return Error::invalidArgument(u"A page cursor needs one value per sort column."_s);
        QStringList columns, marks;
        for (qsizetype i = 0; i < query.orderBy.size(); ++i) {
            if (query.orderBy[i].descending != descending)
                return Error::invalidArgument(u"Paging needs every sort column in the same direction."_s);
            columns.append(orderTarget(query.orderBy[i].column));
            marks.append(placeholder(int(statement.values.size())));
            statement.values.append(toSql(table.column(query.orderBy[i].column)->type, query.after->at(i)));
        }
        const QString op = descending ? u" < "_s : u" > "_s;
        where.append(columns.size() == 1
                ? QString(columns.constFirst() + op + marks.constFirst())
                : QString(u'(' + columns.join(u", "_s) + u')' + op + u'(' + marks.join(u", "_s) + u')'));
    }
    const QString from = throughFts
        ? QString(fts + u" JOIN "_s + physical + u" ON "_s + physical + u'.' + key + u" = "_s + fts + u".rowid"_s)
        : physical;
    statement.sql = u"SELECT "_s + names.join(u", "_s) + u" FROM "_s + from;
    if (!where.isEmpty())
        statement.sql += u" WHERE "_s + where.join(u" AND "_s);
    if (!order.isEmpty())
        statement.sql += u" ORDER BY "_s + order.join(u", "_s);
    statement.sql += u" LIMIT "_s + placeholder(int(statement.values.size()));
    statement.values.append(query.limit);
    return statement;
}

} // namespace flashback
