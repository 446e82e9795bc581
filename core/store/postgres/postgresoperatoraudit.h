// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatorauditlog.h"

#include <optional>

namespace flashback {

namespace postgres {
class PgConnection;
}

/// The operator_audit table of a PostgreSQL store (schema version 5); each row is one INSERT of its own.
class PostgresOperatorAudit final : public OperatorAuditLog {
public:
    explicit PostgresOperatorAudit(postgres::PgConnection& connection);
    Result<qint64> recordOperatorAction(const OperatorAction& action) override;
    Result<QList<OperatorAction>> listOperatorActions(const OperatorAuditQuery& query) override;

private:
    /// False for a store of an older schema read without upgrading.
    Result<bool> hasTable();
    postgres::PgConnection& m_connection;
    std::optional<bool> m_hasTable;
};

} // namespace flashback
