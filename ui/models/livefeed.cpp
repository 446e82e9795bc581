// SPDX-License-Identifier: GPL-3.0-or-later
#include "livefeed.h"

#include "store/eventstore.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMetaObject>

#include <algorithm>
#include <chrono>

using namespace std::chrono_literals;

namespace flashback {

namespace {
Q_LOGGING_CATEGORY(lcLive, "flashback.ui.live")
constexpr int BatchMillis = 100;
} // namespace

LiveFeed::LiveFeed(QObject* parent)
    : QObject(parent)
{ }

LiveFeed::~LiveFeed()
{
    stop();
}

void LiveFeed::start(StoreFactory factory, qint64 afterPosition)
{
    stop();
    m_stop = false;
    m_thread = std::thread([this, factory = std::move(factory), afterPosition] { follow(factory, afterPosition); });
}

void LiveFeed::stop()
{
    m_stop = true;
    {
        std::lock_guard lock(m_mutex);
        if (m_subscription)
            m_subscription->cancel();
    }
    if (m_thread.joinable())
        m_thread.join();
}

void LiveFeed::waitStoppable(int milliseconds)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_stop && timer.elapsed() < milliseconds)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min<qint64>(50, milliseconds - timer.elapsed())));
}

void LiveFeed::follow(StoreFactory factory, qint64 position)
{
    int failures = 0;
    const auto failed = [&](const Error& error) {
        ++failures;
        if (failures == 1)
            QMetaObject::invokeMethod(
                this, [this, message = error.message] { Q_EMIT problemChanged(message); }, Qt::QueuedConnection);
        qCInfo(lcLive).noquote() << "following the store failed, retrying:" << error.toString();
        waitStoppable(int(std::min<qint64>(15000, 250LL << std::min(failures, 6))));
    };
    while (!m_stop) {
        auto store = factory();
        if (!store) {
            failed(store.error());
            continue;
        }
        std::unique_ptr<EventSubscription> subscription = (*store)->subscribe(position);
        {
            std::lock_guard lock(m_mutex);
            m_subscription = subscription.get();
        }
        if (m_stop)
            subscription->cancel();
        QList<RecordedEvent> batch;
        QElapsedTimer sinceFlush;
        sinceFlush.start();
        const auto flush = [&] {
            if (!batch.isEmpty())
                QMetaObject::invokeMethod(
                    this, [this, events = std::move(batch)] { Q_EMIT eventsCommitted(events); }, Qt::QueuedConnection);
            batch = {};
            sinceFlush.restart();
        };
        bool broken = false;
        while (!m_stop) {
            // Wait long while nothing is pending; while a batch is open, only until it is due.
            const auto wait = batch.isEmpty()
                ? 500ms
                : std::chrono::milliseconds(std::max<qint64>(0, BatchMillis - sinceFlush.elapsed()));
            auto events = subscription->next(1000, wait);
            if (!events) {
                flush();
                failed(events.error());
                broken = true;
                break;
            }
            if (failures > 0) {
                failures = 0;
                QMetaObject::invokeMethod(
                    this, [this] { Q_EMIT problemChanged({}); }, Qt::QueuedConnection);
            }
            if (!events->isEmpty()) {
                position = events->constLast().position;
                batch.append(*events);
            }
            if (!batch.isEmpty() && sinceFlush.elapsed() >= BatchMillis)
                flush();
            else if (batch.isEmpty())
                sinceFlush.restart();
        }
        if (!broken)
            flush();
        std::lock_guard lock(m_mutex);
        m_subscription = nullptr;
    }
}

} // namespace flashback
