// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodelquery.h"
#include "readmodeltable.h"
#include "util/result.h"

#include <QString>
#include <QStringList>
#include <QVariantList>

namespace flashback {

enum class SqlDialect { Sqlite, Postgres };

/// How a table's textColumn is indexed (ReadModelTable::textColumn).
enum class TextIndexKind {
    Scan, ///< No index: every row's text is tested (LIKE).
    Fts5, ///< SQLite: an external-content FTS5 table kept in step by triggers.
    /// PostgreSQL, tables made by earlier development builds: a pg_trgm GIN index answering the LIKE patterns. Still
    /// read (a query asks which index the live table has); never created, as it is slow for whole terms.
    Trigram,
    TsVector, ///< PostgreSQL: a GIN index over the terms as a tsvector, LIKE for phrases.
};

/// "scan", "fts5", "trigram", "tsvector": how `init`, `info` and `search` name it.
QString textIndexName(TextIndexKind kind);

/// The SQL of read-model tables, generated from their declarations, for SQLite and PostgreSQL alike. Table and
/// column names come from code (checked to be lower_snake_case), values always go in as parameters.
class ReadModelSql {
public:
    struct Statement {
        QString sql;
        QVariantList values;
    };

    /// `textIndex`: how tables with a textColumn are indexed (the SQLite default FTS5, PostgreSQL's set by the store).
    explicit ReadModelSql(SqlDialect dialect);
    ReadModelSql(SqlDialect dialect, TextIndexKind textIndex);

    TextIndexKind textIndex() const { return m_textIndex; }
    void setTextIndex(TextIndexKind kind) { m_textIndex = kind; }

    /// "rm_<projection>__<table>__g<generation>": every generation is a separate set of tables, so a rebuild
    /// writes beside the live copy and the swap is a change of the generation number.
    static QString physicalName(const QString& projection, const QString& table, qint64 generation);
    /// True for names safe to splice into SQL.
    static bool isIdentifier(const QString& name);

    /// The table, its indexes and, for a textColumn, its text index. Fails for a textColumn on a table without a
    /// single Integer primary key.
    Result<QStringList> create(const ReadModelTable& table, const QString& physical) const;
    /// The table and whatever create() made beside it.
    QStringList drop(const ReadModelTable& table, const QString& physical) const;
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

    /// `keyAs`, when set, is what the key column is called in the query (the FTS table's rowid, so that FTS5
    /// gets the bounds and walks only the matches inside them).
    Result<QString> conditionSql(const ReadModelTable& table, const QString& physical,
        const ReadModelQuery::Condition& condition, QVariantList& values, const QString& keyAs = {}) const;

    SqlDialect m_dialect;
    TextIndexKind m_textIndex = TextIndexKind::Scan;
};

} // namespace flashback
