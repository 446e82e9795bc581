// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatorauditlog.h"

#include <QVariantList>

#include <functional>

namespace flashback {

/// The operator_audit table's SQL, shared by the SQLite and PostgreSQL backends: only the placeholders differ
/// ("?" or "$n"). Every value is bound, never spliced into the text.
namespace OperatorAuditSql {

/// Placeholder for the n-th (1-based) value.
using Placeholder = std::function<QString(int)>;

inline constexpr int ColumnCount = 10;

struct Statement {
    QString sql;
    QVariantList values;
};

/// INSERT of one row (without RETURNING: the caller adds what its backend needs).
QString insert(const Placeholder& placeholder);
/// The values insert() binds, in order: `at` (now when unset), actor, host, tool, action, target, detail, result,
/// message.
QVariantList insertValues(const OperatorAction& action);
/// SELECT of the rows `query` asks for, newest first, with ColumnCount columns for fromRow().
Statement select(const OperatorAuditQuery& query, const Placeholder& placeholder);
/// A row of select(), its values in column order.
OperatorAction fromRow(const QVariantList& row);

} // namespace OperatorAuditSql

} // namespace flashback
