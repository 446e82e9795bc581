// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatorauditlog.h"

namespace flashback {

namespace sqlite {
class SqliteConnection;
}

/// The operator_audit table of a SQLite store (schema version 5); each row is one BEGIN IMMEDIATE transaction.
class SqliteOperatorAudit final : public OperatorAuditLog {
public:
    explicit SqliteOperatorAudit(sqlite::SqliteConnection& connection);
    Result<qint64> recordOperatorAction(const OperatorAction& action) override;
    Result<QList<OperatorAction>> listOperatorActions(const OperatorAuditQuery& query) override;

private:
    /// False for a store of an older schema read without upgrading.
    Result<bool> hasTable();
    sqlite::SqliteConnection& m_connection;
    std::optional<bool> m_hasTable;
};

} // namespace flashback
