// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace flashback {

/// A read-model row: column name to value (QString, qint64, double, bool, or null). Json columns hold the
/// compact JSON text.
using ReadModelRow = QVariantMap;

enum class ColumnType { Text, Integer, Real, Boolean, Json };

struct ColumnSpec {
    QString name; ///< lower_snake_case
    ColumnType type = ColumnType::Text;
};

/// A table of a projection's read model, declared as data so every backend can create it (SQL tables in
/// SQLite and PostgreSQL, maps in memory) and the runner can rebuild it into a shadow copy.
struct ReadModelTable {
    // A constructor rather than an aggregate: tables declared as {name, columns, key, indexes} stay valid as
    // fields are added.
    ReadModelTable(QString name = {}, QList<ColumnSpec> columns = {}, QStringList primaryKey = {},
        QList<QStringList> indexes = {}, QString textColumn = {})
        : name(std::move(name))
        , columns(std::move(columns))
        , primaryKey(std::move(primaryKey))
        , indexes(std::move(indexes))
        , textColumn(std::move(textColumn))
    { }

    QString name; ///< lower_snake_case, unique within its projection.
    QList<ColumnSpec> columns;
    QStringList primaryKey;
    QList<QStringList> indexes; ///< Secondary indexes (column lists) for the queries the read model serves.
    /// A Text column holding SearchTerms::storedForm() text, indexed for TextQuery matches (FTS5 on SQLite, a
    /// trigram or tsvector index on PostgreSQL); empty for none. Needs a single Integer primary key.
    QString textColumn;

    const ColumnSpec* column(const QString& columnName) const
    {
        for (const auto& spec : columns) {
            if (spec.name == columnName)
                return &spec;
        }
        return nullptr;
    }
};

/// The read model a projection owns.
struct ReadModelSchema {
    QString projection; ///< lower_snake_case projection name.
    QList<ReadModelTable> tables;

    const ReadModelTable* table(const QString& tableName) const
    {
        for (const auto& spec : tables) {
            if (spec.name == tableName)
                return &spec;
        }
        return nullptr;
    }

    /// The table, or InvalidArgument naming the read model and the table asked for.
    Result<const ReadModelTable*> requireTable(const QString& tableName) const
    {
        if (const ReadModelTable* found = table(tableName))
            return found;
        return Error::invalidArgument(
            QStringLiteral("The read model %1 has no table '%2'.").arg(projection, tableName));
    }
};

} // namespace flashback
