// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <memory>

namespace flashback {

/// A request sent to the store worker. Cancelling it means its answer never arrives: a queued request is skipped,
/// a running one is asked to stop where it can (long reads check the flag). A default handle is no request.
class RequestHandle {
public:
    RequestHandle() = default;
    explicit RequestHandle(std::shared_ptr<std::atomic<bool>> cancelled)
        : m_cancelled(std::move(cancelled))
    { }

    void cancel()
    {
        if (m_cancelled)
            m_cancelled->store(true);
    }
    bool isCancelled() const { return m_cancelled && m_cancelled->load(); }
    bool isValid() const { return bool(m_cancelled); }

private:
    std::shared_ptr<std::atomic<bool>> m_cancelled;
};

} // namespace flashback
