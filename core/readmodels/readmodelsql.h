#pragma once

#include "readmodelquery.h"
#include "readmodeltable.h"
#include "util/result.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

namespace flashback {

enum class SqlDialect { Sqlite, Postgres };

/// The SQL of read-model tables, generated from their declarations, for SQLite and PostgreSQL alike. Table and
/// column names come from code (checked to be lower_snake_case), values always go in as parameters.
class ReadModelSql {
public:
    struct Statement {
        QString sql;
        QVariantList values;
    };

    explicit ReadModelSql(SqlDialect dialect);

    /// "rm_<projection>__<table>__g<generation>": every generation is a separate set of tables, so a rebuild
    /// writes beside the live copy and the swap is a change of the generation number.
    static QString physicalName(const QString& projection, const QString& table, qint64 generation);
    /// True for names safe to splice into SQL.
    static bool isIdentifier(const QString& name);

    QStringList create(const ReadModelTable& table, const QString& physical) const;
    QString drop(const QString& physical) const;
    /// Insert or replace by primary key; values in column order (toSql applied).
    Result<Statement> upsert(const ReadModelTable& table, const QString& physical, const ReadModelRow& row) const;
    /// The two halves of upsert(): the SQL depends only on the table, so a backend writing many rows can build
    /// it once and pair it with upsertValues() for each row.
    QString upsertSql(const ReadModelTable& table, const QString& physical) const;
    Result<QVariantList> upsertValues(const ReadModelTable& table, const ReadModelRow& row) const;
    Result<Statement> selectByKey(const ReadModelTable& table, const QString& physical, const ReadModelRow& key) const;
    Result<Statement> removeByKey(const ReadModelTable& table, const QString& physical, const ReadModelRow& key) const;
    Result<Statement> query(const ReadModelTable& table, const QString& physical, const ReadModelQuery& query) const;

    /// Column values as stored and as read back (booleans are integers in SQLite, JSON is text).
    QVariant toSql(ColumnType type, const QVariant& value) const;
    static QVariant fromSql(ColumnType type, const QVariant& value);
    /// The dialect's mark for parameter `index` (0-based): "?" or "$<index + 1>".
    QString placeholder(int index) const;

private:
    Result<Statement> keyCondition(const ReadModelTable& table, const ReadModelRow& key, int firstIndex) const;

    SqlDialect m_dialect;
};

} // namespace flashback
