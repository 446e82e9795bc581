// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodeltable.h"
#include "search/textquery.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace flashback {

/// A query over one read-model table, pushed down to the backend (SQL WHERE/ORDER BY/LIMIT).
struct ReadModelQuery {
    struct Condition {
        enum class Op { Equals, NotEquals, Less, LessOrEqual, Greater, GreaterOrEqual, Contains, In, Matches };

        Condition(QString column = {}, Op op = Op::Equals, QVariant value = {}, TextQuery text = {})
            : column(std::move(column))
            , op(op)
            , value(std::move(value))
            , text(std::move(text))
        { }
        static Condition matches(QString column, TextQuery text)
        {
            return Condition(std::move(column), Op::Matches, {}, std::move(text));
        }

        QString column;
        Op op = Op::Equals;
        /// Contains: a literal substring, ASCII case-insensitive. In: a QVariantList, one of which must equal.
        QVariant value;
        TextQuery text; ///< Matches: the table's textColumn holds a document this query matches.
    };
    struct Order {
        QString column;
        bool descending = false;
    };

    QString projection;
    QString table;
    QList<Condition> where; ///< All must hold.
    QList<Condition> anyOf; ///< If not empty, at least one must hold (e.g. a search over several columns).
    QList<Order> orderBy; ///< For keyset paging, end with a unique column; all in one direction.
    qint64 limit = 100;
    /// Keyset cursor: the orderBy values of the last row of the previous page.
    std::optional<QVariantList> after;
};

} // namespace flashback
