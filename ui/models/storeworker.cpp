// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeworker.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
Q_LOGGING_CATEGORY(lcWorker, "flashback.ui.worker")
}

StoreWorker::StoreWorker(QObject* parent)
    : QObject(parent)
    , m_probeTimer(new QTimer(this))
{
    m_probeTimer->setSingleShot(true);
    connect(m_probeTimer, &QTimer::timeout, this, &StoreWorker::probe);
}

StoreWorker::~StoreWorker() = default;

void StoreWorker::open(StoreFactory factory, QString backend, quint64 generation)
{
    close();
    m_factory = std::move(factory);
    m_backend = std::move(backend);
    m_generation = generation;
    auto store = m_factory();
    if (!store) {
        Q_EMIT openFailed(generation, store.error());
        return;
    }
    m_store = std::move(*store);
    auto head = m_store->headPosition();
    if (!head) {
        m_store.reset();
        Q_EMIT openFailed(generation, head.error());
        return;
    }
    Q_EMIT opened(generation, OpenedStore {m_store->address(), m_backend, m_store->isReadOnly(), *head});
}

void StoreWorker::close()
{
    m_probeTimer->stop();
    m_store.reset();
    m_unavailable = false;
    m_probeFailures = 0;
}

void StoreWorker::run(const Job& job, const std::shared_ptr<std::atomic<bool>>& cancelled)
{
    if (cancelled && cancelled->load())
        return; // superseded while it waited in the queue
    job(m_unavailable ? nullptr : m_store.get());
}

void StoreWorker::reportUnavailable(const Error& error)
{
    if (m_unavailable || !m_store)
        return;
    qCInfo(lcWorker).noquote() << "store unavailable, reconnecting:" << error.toString();
    m_unavailable = true;
    m_probeFailures = 0;
    Q_EMIT connectionLost(m_generation, error);
    m_probeTimer->start(250);
}

void StoreWorker::probe()
{
    if (!m_unavailable)
        return;
    // The connection may come back by itself (libpq resets it); after two failed probes a fresh one is opened.
    if (m_probeFailures >= 2 && m_factory) {
        if (auto fresh = m_factory(); fresh)
            m_store = std::move(*fresh);
    }
    if (m_store) {
        if (auto head = m_store->headPosition(); head) {
            m_unavailable = false;
            m_probeFailures = 0;
            qCInfo(lcWorker) << "store reachable again";
            Q_EMIT connectionRestored(m_generation, *head);
            return;
        }
    }
    ++m_probeFailures;
    // Backoff: 0.5 s, 1 s, 2 s ... at most 15 s between attempts.
    const int delay = int(std::min<qint64>(15000, 500LL << std::min(m_probeFailures - 1, 5)));
    m_probeTimer->start(delay);
}

} // namespace flashback
