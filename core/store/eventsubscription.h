// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"
#include "util/result.h"

#include <QList>

#include <chrono>

namespace flashback {

/// Catch-up, then live: hands out the global log in position order from a starting point, then waits for new
/// commits. Pull-based so a projection runner, a CLI follower or a GUI worker can drive it from its own thread.
/// A subscription opens its own connection lazily, on first use, in the thread that uses it.
class EventSubscription {
public:
    virtual ~EventSubscription() = default;

    /// Returns up to `maxCount` events after the current position. When none are there yet, waits up to
    /// `wait` for a commit and returns what arrived (possibly nothing, on time-out or cancel()).
    virtual Result<QList<RecordedEvent>> next(int maxCount, std::chrono::milliseconds wait) = 0;

    /// Position of the last event handed out (the starting position before the first).
    virtual qint64 position() const = 0;

    /// Wakes a waiting next() and makes later calls return at once. Safe from any thread.
    virtual void cancel() = 0;
};

} // namespace flashback
