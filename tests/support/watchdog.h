// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSemaphore>
#include <QThread>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace flashback::test {

/// For waits that do not depend on the machine's speed: long enough for a loaded machine, short against the
/// time-outs and poll intervals a test sets to show that something else (a commit, a cancel) ended a wait.
inline constexpr std::chrono::seconds GenerousDeadline {30};
/// A time-out or poll interval no test waits for: a wait that ends before GenerousDeadline was not ended by it.
inline constexpr std::chrono::minutes LongerThanAnyDeadline {2};

/// Runs `action` on a thread of its own once `timeout` has passed, unless disarm() (or the destructor) comes first.
/// For a test whose subject blocks the test's own thread: at the deadline the watchdog ends the blocking call from
/// outside (cancels a subscription, closes a socket, releases a lock), so a defect shows as a failed check at once
/// instead of as a hang, and a pass does not depend on how fast the machine is.
class Watchdog {
public:
    Watchdog(std::chrono::milliseconds timeout, std::function<void()> action)
        : m_thread(QThread::create([this, timeout, action = std::move(action)] {
            if (!m_disarmed.tryAcquire(1, int(timeout.count()))) {
                m_fired = true;
                action();
            }
        }))
    {
        m_thread->start();
    }
    ~Watchdog() { disarm(); }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    /// Stops the watchdog, waiting for its action if it is running; true when the action did not run.
    bool disarm()
    {
        if (m_thread) {
            m_disarmed.release();
            m_thread->wait();
            m_thread.reset();
        }
        return !m_fired;
    }
    bool fired() const { return m_fired; }

private:
    QSemaphore m_disarmed;
    std::atomic<bool> m_fired {false};
    std::unique_ptr<QThread> m_thread;
};

} // namespace flashback::test
