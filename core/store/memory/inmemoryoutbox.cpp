// SPDX-License-Identifier: GPL-3.0-or-later
#include "inmemoryoutbox.h"
#include "memorybackend.h"

using namespace Qt::StringLiterals;

namespace flashback {

InMemoryOutbox::InMemoryOutbox(std::shared_ptr<MemoryBackend> backend, bool readOnly)
    : m_backend(std::move(backend))
    , m_readOnly(readOnly)
{ }

Status InMemoryOutbox::writable() const
{
    if (m_readOnly)
        return Error::make(ErrorKind::StoreReadOnly, u"The in-memory store is open read-only."_s);
    return {};
}

Result<QList<OutboxEntry>> InMemoryOutbox::claimOutbox(const OutboxClaim& claim)
{
    if (auto status = writable(); !status)
        return status.error();
    std::lock_guard lock(m_backend->mutex);
    QList<OutboxEntry> claimed;
    for (auto& [id, entry] : m_backend->outbox) {
        if (claimed.size() >= claim.maxCount)
            break;
        const bool due = (entry.status == OutboxStatus::Pending && !(claim.now < entry.nextAttemptAt))
            || (entry.status == OutboxStatus::Processing && entry.claimedUntil < claim.now);
        if (!due || (!claim.topics.isEmpty() && !claim.topics.contains(entry.message.topic)))
            continue;
        entry.status = OutboxStatus::Processing;
        entry.attempts += 1;
        entry.claimedBy = claim.worker;
        entry.claimedUntil = claim.now.addMicros(qint64(claim.lease.count()) * 1000);
        entry.updatedAt = claim.now;
        claimed.append(entry);
    }
    return claimed;
}

Result<bool> InMemoryOutbox::completeOutbox(qint64 id, const QString& worker)
{
    if (auto status = writable(); !status)
        return status.error();
    std::lock_guard lock(m_backend->mutex);
    auto it = m_backend->outbox.find(id);
    if (it == m_backend->outbox.end() || it->second.status != OutboxStatus::Processing
        || it->second.claimedBy != worker)
        return false;
    it->second.status = OutboxStatus::Completed;
    it->second.claimedBy.clear();
    it->second.claimedUntil = {};
    it->second.lastError.clear();
    it->second.updatedAt = Timestamp::now();
    return true;
}

Result<bool> InMemoryOutbox::failOutbox(
    qint64 id, const QString& worker, const QString& error, std::optional<Timestamp> retryAt)
{
    if (auto status = writable(); !status)
        return status.error();
    std::lock_guard lock(m_backend->mutex);
    auto it = m_backend->outbox.find(id);
    if (it == m_backend->outbox.end() || it->second.status != OutboxStatus::Processing
        || it->second.claimedBy != worker)
        return false;
    const Timestamp now = Timestamp::now();
    it->second.status = retryAt ? OutboxStatus::Pending : OutboxStatus::Failed;
    it->second.nextAttemptAt = retryAt.value_or(now);
    it->second.lastError = error;
    it->second.claimedBy.clear();
    it->second.claimedUntil = {};
    it->second.updatedAt = now;
    return true;
}

Result<bool> InMemoryOutbox::retryOutbox(qint64 id)
{
    if (auto status = writable(); !status)
        return status.error();
    std::lock_guard lock(m_backend->mutex);
    auto it = m_backend->outbox.find(id);
    if (it == m_backend->outbox.end()
        || (it->second.status != OutboxStatus::Failed && it->second.status != OutboxStatus::Discarded))
        return false;
    const Timestamp now = Timestamp::now();
    it->second.status = OutboxStatus::Pending;
    it->second.attempts = 0;
    it->second.nextAttemptAt = now;
    it->second.updatedAt = now;
    return true;
}

Result<bool> InMemoryOutbox::discardOutbox(qint64 id)
{
    if (auto status = writable(); !status)
        return status.error();
    std::lock_guard lock(m_backend->mutex);
    auto it = m_backend->outbox.find(id);
    if (it == m_backend->outbox.end() || it->second.status != OutboxStatus::Failed)
        return false;
    it->second.status = OutboxStatus::Discarded;
    it->second.updatedAt = Timestamp::now();
    return true;
}

Result<QList<OutboxEntry>> InMemoryOutbox::listOutbox(const OutboxQuery& query)
{
    std::lock_guard lock(m_backend->mutex);
    QList<OutboxEntry> entries;
    for (auto it = m_backend->outbox.upper_bound(query.afterId.value_or(0));
         it != m_backend->outbox.end() && entries.size() < query.limit; ++it) {
        if (!query.status || it->second.status == *query.status)
            entries.append(it->second);
    }
    return entries;
}

Result<std::optional<OutboxEntry>> InMemoryOutbox::outboxEntry(qint64 id)
{
    std::lock_guard lock(m_backend->mutex);
    const auto it = m_backend->outbox.find(id);
    if (it == m_backend->outbox.end())
        return std::optional<OutboxEntry> {};
    return std::optional<OutboxEntry>(it->second);
}

Result<QHash<OutboxStatus, qint64>> InMemoryOutbox::outboxCounts()
{
    std::lock_guard lock(m_backend->mutex);
    QHash<OutboxStatus, qint64> counts;
    for (const auto& [id, entry] : m_backend->outbox)
        counts[entry.status] += 1;
    return counts;
}

} // namespace flashback
