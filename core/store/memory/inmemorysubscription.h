// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventsubscription.h"
#include "store/readoptions.h"

#include <atomic>
#include <memory>

namespace flashback {

struct MemoryBackend;

/// Follows an in-memory store; woken by its commit signal.
class InMemorySubscription final : public EventSubscription {
public:
    InMemorySubscription(std::shared_ptr<MemoryBackend> backend, qint64 afterPosition, EventFilter filter);

    Result<QList<RecordedEvent>> next(int maxCount, std::chrono::milliseconds wait) override;
    qint64 position() const override { return m_position; }
    void cancel() override;

private:
    std::shared_ptr<MemoryBackend> m_backend;
    qint64 m_position;
    qint64 m_scanned; ///< Positions up to here were looked at (matching or not).
    EventFilter m_filter;
    std::atomic<bool> m_cancelled {false};
};

} // namespace flashback
