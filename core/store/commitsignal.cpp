// SPDX-License-Identifier: GPL-3.0-or-later
#include "commitsignal.h"

#include <QHash>

namespace flashback {

std::shared_ptr<CommitSignal> CommitSignal::forKey(const QString& key)
{
    static std::mutex registryMutex;
    static QHash<QString, std::weak_ptr<CommitSignal>> registry;
    std::lock_guard lock(registryMutex);
    if (auto existing = registry.value(key).lock())
        return existing;
    auto created = std::make_shared<CommitSignal>();
    registry.insert(key, created);
    return created;
}

void CommitSignal::notify()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_generation;
    }
    m_changed.notify_all();
}

quint64 CommitSignal::generation() const
{
    std::lock_guard lock(m_mutex);
    return m_generation;
}

quint64 CommitSignal::waitForChange(quint64 seen, std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, timeout, [&] { return m_generation != seen; });
    return m_generation;
}

} // namespace flashback
