// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outbox/outboxstore.h"

namespace flashback {

namespace postgres {
class PgConnection;
}

/// The outbox table of a PostgreSQL store. Claims pick due rows with FOR UPDATE SKIP LOCKED and lease them in the
/// same statement, so dispatchers on many machines never share a row; every other change is one UPDATE that only
/// the lease holder (or, for retry/discard, the row's state) allows.
class PostgresOutbox final : public OutboxStore {
public:
    explicit PostgresOutbox(postgres::PgConnection& connection);

    Result<QList<OutboxEntry>> claimOutbox(const OutboxClaim& claim) override;
    Result<bool> completeOutbox(qint64 id, const QString& worker) override;
    Result<bool> failOutbox(
        qint64 id, const QString& worker, const QString& error, std::optional<Timestamp> retryAt) override;
    Result<bool> retryOutbox(qint64 id) override;
    Result<bool> discardOutbox(qint64 id) override;
    Result<QList<OutboxEntry>> listOutbox(const OutboxQuery& query) override;
    Result<std::optional<OutboxEntry>> outboxEntry(qint64 id) override;
    Result<QHash<OutboxStatus, qint64>> outboxCounts() override;

private:
    /// Runs one UPDATE; true when it changed a row.
    Result<bool> updateOne(const QString& sql, const QVariantList& values, const QString& doing);

    postgres::PgConnection& m_connection;
};

} // namespace flashback
