// SPDX-License-Identifier: GPL-3.0-or-later
#include "inmemorysubscription.h"
#include "memorybackend.h"
#include "store/eventfilter.h"

#include <QDeadlineTimer>

namespace flashback {

InMemorySubscription::InMemorySubscription(
    std::shared_ptr<MemoryBackend> backend, qint64 afterPosition, EventFilter filter)
    : m_backend(std::move(backend))
    , m_position(afterPosition)
    , m_scanned(afterPosition)
    , m_filter(std::move(filter))
{ }

void InMemorySubscription::cancel()
{
    m_cancelled = true;
    m_backend->signal->notify();
}

Result<QList<RecordedEvent>> InMemorySubscription::next(int maxCount, std::chrono::milliseconds wait)
{
    const QDeadlineTimer deadline(wait);
    QList<RecordedEvent> batch;
    while (!m_cancelled) {
        const quint64 generation = m_backend->signal->generation();
        {
            std::lock_guard lock(m_backend->mutex);
            const qint64 head = qint64(m_backend->events.size());
            while (m_scanned < head && batch.size() < maxCount) {
                const RecordedEvent& event = m_backend->events[size_t(m_scanned)];
                ++m_scanned;
                if (matchesFilter(m_filter, event)) {
                    batch.append(event);
                    m_position = event.position;
                }
            }
        }
        if (!batch.isEmpty() || deadline.hasExpired())
            break;
        m_backend->signal->waitForChange(generation, std::chrono::milliseconds(deadline.remainingTime()));
    }
    return batch;
}

} // namespace flashback
