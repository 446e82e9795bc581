// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/timestamp.h"

#include <QByteArray>
#include <QString>
#include <QUuid>

#include <optional>

namespace flashback {

/// A side effect to perform after a commit (e.g. the welcome mail), written in the same transaction as the
/// events that call for it. Delivery is at least once; `idempotencyKey` lets the receiver drop repeats.
struct OutboxMessage {
    QString idempotencyKey; ///< Unique per effect: "<topic>:<event id>".
    QString topic; ///< Which dispatcher handles it, e.g. "welcome_email".
    QString streamId;
    QUuid eventId;
    QByteArray payload; ///< Compact JSON object.
};

/// The life of an outbox row: pending -> processing -> completed, or back to pending with a later attempt time,
/// or parked as failed after the last attempt; a failed row can be retried (pending again) or discarded.
enum class OutboxStatus { Pending, Processing, Completed, Failed, Discarded };

QString outboxStatusName(OutboxStatus status);
std::optional<OutboxStatus> outboxStatusFromName(const QString& name);

/// An outbox row as stored.
struct OutboxEntry {
    qint64 id = 0;
    OutboxMessage message;
    OutboxStatus status = OutboxStatus::Pending;
    int attempts = 0; ///< Deliveries started so far.
    Timestamp nextAttemptAt;
    QString lastError;
    QString claimedBy; ///< The worker holding it while processing.
    Timestamp claimedUntil; ///< Its lease: after this another worker may take the row over.
    Timestamp createdAt;
    Timestamp updatedAt;
};

} // namespace flashback
