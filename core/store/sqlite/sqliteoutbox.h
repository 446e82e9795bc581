// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outbox/outboxstore.h"

namespace flashback {

namespace sqlite {
class SqliteConnection;
}

/// The outbox table of a SQLite store; every state change is one BEGIN IMMEDIATE transaction.
class SqliteOutbox final : public OutboxStore {
public:
    explicit SqliteOutbox(sqlite::SqliteConnection& connection);

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
    /// Runs one UPDATE with `values` in a write transaction; true when it changed a row.
    Result<bool> updateOne(const QString& sql, const QVariantList& values, const QString& doing);

    sqlite::SqliteConnection& m_connection;
};

} // namespace flashback
