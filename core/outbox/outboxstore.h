// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outboxmessage.h"
#include "util/result.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <chrono>
#include <optional>

namespace flashback {

/// What a dispatcher asks for: up to `maxCount` rows of these topics that are due, leased to `worker` until
/// `now + lease`. Rows whose lease expired (their worker died) are due again.
struct OutboxClaim {
    QString worker;
    QStringList topics; ///< Empty: every topic.
    int maxCount = 10;
    std::chrono::milliseconds lease {30000};
    Timestamp now;
};

struct OutboxQuery {
    std::optional<OutboxStatus> status;
    qint64 limit = 100;
    std::optional<qint64> afterId; ///< Cursor: rows with a larger id.
};

/// The transactional outbox of a store. Rows are written by EventStore::commit with the events that call for
/// them; these calls move them through their life. Each call is its own transaction, safe with several
/// dispatchers on one store: a row is processed by one worker at a time, and a completed row is never handed
/// out again.
class OutboxStore {
public:
    virtual ~OutboxStore() = default;

    /// Marks the claimed rows processing (attempts + 1) and returns them, oldest first.
    virtual Result<QList<OutboxEntry>> claimOutbox(const OutboxClaim& claim) = 0;
    /// Completed, if `worker` still holds the row. False when the lease was lost (another worker took it).
    virtual Result<bool> completeOutbox(qint64 id, const QString& worker) = 0;
    /// Back to pending for another attempt at `retryAt`, or parked as failed when `retryAt` is empty; records
    /// the error. False when `worker` no longer holds the row.
    virtual Result<bool> failOutbox(
        qint64 id, const QString& worker, const QString& error, std::optional<Timestamp> retryAt)
        = 0;
    /// A failed or discarded row becomes pending again, due now, with its attempts reset. False otherwise.
    virtual Result<bool> retryOutbox(qint64 id) = 0;
    /// A failed row is discarded (kept for the record, never delivered). False otherwise.
    virtual Result<bool> discardOutbox(qint64 id) = 0;

    virtual Result<QList<OutboxEntry>> listOutbox(const OutboxQuery& query) = 0;
    virtual Result<std::optional<OutboxEntry>> outboxEntry(qint64 id) = 0;
    virtual Result<QHash<OutboxStatus, qint64>> outboxCounts() = 0;
};

} // namespace flashback
