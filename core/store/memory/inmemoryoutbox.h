// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outbox/outboxstore.h"

#include <memory>

namespace flashback {

struct MemoryBackend;

/// The outbox of an in-memory store, under the backend's lock.
class InMemoryOutbox final : public OutboxStore {
public:
    InMemoryOutbox(std::shared_ptr<MemoryBackend> backend, bool readOnly);

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
    Status writable() const;
    std::shared_ptr<MemoryBackend> m_backend;
    bool m_readOnly;
};

} // namespace flashback
