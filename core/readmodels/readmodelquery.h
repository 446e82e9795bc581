#pragma once

#include "readmodeltable.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace flashback {

/// A query over one read-model table, pushed down to the backend (SQL WHERE/ORDER BY/LIMIT).
struct ReadModelQuery {
    struct Condition {
        enum class Op { Equals, NotEquals, Less, LessOrEqual, Greater, GreaterOrEqual, Contains };
        QString column;
        Op op = Op::Equals;
        QVariant value; ///< Contains: a literal substring, ASCII case-insensitive.
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
