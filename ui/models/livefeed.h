// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"
#include "storeworker.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace flashback {

class EventSubscription;

/// Follows the store's commits from any process on a thread of its own, with its own connection, and hands
/// them to the GUI thread in batches: at most one batch every 100 ms, never one signal per event.
class LiveFeed : public QObject {
    Q_OBJECT
public:
    explicit LiveFeed(QObject* parent = nullptr);
    ~LiveFeed() override;

    /// Starts following after `afterPosition`; `factory` is called on the feed's thread.
    void start(StoreFactory factory, qint64 afterPosition);
    /// Stops and joins the thread (the subscription is cancelled first, so this is quick).
    void stop();
    bool isRunning() const { return m_thread.joinable(); }

Q_SIGNALS:
    void eventsCommitted(const QList<flashback::RecordedEvent>& events);
    /// The feed cannot read the store and retries with backoff; `problem` is empty when it reads again.
    void problemChanged(const QString& problem);

private:
    void follow(StoreFactory factory, qint64 afterPosition);
    void waitStoppable(int milliseconds);

    std::thread m_thread;
    std::atomic<bool> m_stop {false};
    std::mutex m_mutex; ///< Guards m_subscription for cancel() from stop().
    EventSubscription* m_subscription = nullptr;
};

} // namespace flashback
