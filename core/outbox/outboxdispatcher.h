// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outboxmessage.h"
#include "util/result.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace flashback {

class EventStore;

/// Performs one outbox row's side effect. Runs at least once per row, possibly more (a worker can lose its lease
/// mid-delivery), so it must be idempotent: use `entry.message.idempotencyKey` to drop repeats. An error makes the
/// dispatcher retry the row later, or park it after the last attempt; the error's text is kept on the row.
using OutboxHandler = std::function<Status(const OutboxEntry& entry)>;

/// How a dispatcher works. The defaults suit a production worker; tests inject the clock and the random source.
struct OutboxDispatcherOptions {
    /// Names this worker in the rows it holds. Empty: "<host>:<pid>:<random>", unique per dispatcher.
    QString workerId;
    /// Rows claimed per round trip.
    int batchSize = 20;
    /// How long a claimed row belongs to this worker; past it, another worker may take it over.
    std::chrono::milliseconds lease {30000};
    /// Deliveries tried before a row is parked as failed.
    int maxAttempts = 5;
    /// Backoff after failure n is uniform in [0, min(maxBackoff, baseBackoff * 2^(n-1))] ("full jitter"), so
    /// workers that failed together do not retry together.
    std::chrono::milliseconds baseBackoff {1000};
    std::chrono::milliseconds maxBackoff {300000};
    /// The time used for claims, leases and retry times. Empty: Timestamp::now.
    std::function<Timestamp()> clock;
    /// A number in [0, 1] for the jitter. Empty: QRandomGenerator.
    std::function<double()> random;
    /// True: claim only rows of registered topics (several dispatchers sharing one store split the topics).
    /// False: claim every topic, and park rows nobody handles with an error saying so, so they are seen.
    bool onlyRegisteredTopics = false;
};

/// What one dispatch did.
struct DispatchReport {
    int claimed = 0; ///< Rows this worker took.
    int delivered = 0; ///< Handled and completed.
    int retried = 0; ///< Failed, back to pending for a later attempt.
    int parked = 0; ///< Failed for the last time (or with no handler): status failed, waiting for a person.
    int lostLease = 0; ///< Another worker took the row over before this one finished; its outcome was dropped.

    DispatchReport& operator+=(const DispatchReport& other);
};

/// Delivers outbox rows to the handlers registered per topic: claims due rows under a lease, runs each row's
/// handler, completes it on success, and on failure schedules a retry with exponential backoff and full jitter
/// or, after `maxAttempts`, parks it as failed with the last error (retryOutbox() puts it back).
///
/// Several dispatchers (threads or processes, each with its own store connection) can share one store: the
/// store hands a row to one worker at a time. A dispatcher uses the store it was given, so it lives in that
/// store's thread.
class OutboxDispatcher {
public:
    explicit OutboxDispatcher(EventStore& store, OutboxDispatcherOptions options = {});

    /// Replaces any handler registered for `topic`.
    void registerHandler(const QString& topic, OutboxHandler handler);
    QStringList topics() const;
    QString workerId() const { return m_options.workerId; }
    const OutboxDispatcherOptions& options() const { return m_options; }

    /// One round: claims up to `batchSize` due rows and delivers them. Fails only when the store does (claiming,
    /// completing or failing a row); the batch's remaining rows then wait for their lease to run out. Handler
    /// errors are recorded on their rows.
    Result<DispatchReport> dispatchOnce();
    /// Rounds until one claims nothing (or only rows whose lease it lost): every row due now is delivered,
    /// rescheduled or parked.
    Result<DispatchReport> dispatchUntilIdle();

    /// The upper bound of the backoff after failure number `attempts` (1-based).
    std::chrono::microseconds backoffCap(int attempts) const;
    /// A backoff drawn with full jitter: uniform in [0, backoffCap(attempts)].
    std::chrono::microseconds backoff(int attempts) const;

    /// "<host>:<pid>:<8 random hex digits>".
    static QString defaultWorkerId();

private:
    /// Runs the row's handler; the error text on failure, empty on success.
    QString deliver(const OutboxEntry& entry) const;
    Timestamp now() const;

    EventStore& m_store;
    OutboxDispatcherOptions m_options;
    QHash<QString, OutboxHandler> m_handlers;
};

} // namespace flashback
