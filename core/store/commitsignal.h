// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace flashback {

/// Wakes subscriptions in this process when a commit lands, so followers react at once instead of at the next
/// poll. One signal per store (keyed by canonical path or memory name); other processes are noticed by polling.
class CommitSignal {
public:
    /// The shared signal for a store key; created on first use, gone when nobody holds it.
    static std::shared_ptr<CommitSignal> forKey(const QString& key);

    void notify();
    quint64 generation() const;
    /// Waits until the generation differs from `seen` or the time is up; returns the generation then.
    quint64 waitForChange(quint64 seen, std::chrono::milliseconds timeout);

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    quint64 m_generation = 0;
};

} // namespace flashback
