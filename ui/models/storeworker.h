// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventstore.h"
#include "util/error.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QTimer;

namespace flashback {

/// Opens a store; called on the worker's thread, so the connection belongs to it.
using StoreFactory = std::function<Result<std::unique_ptr<EventStore>>()>;

/// What the worker learnt about the store it opened.
struct OpenedStore {
    QString address; ///< For display: passwords masked.
    QString backend; ///< "SQLite", "PostgreSQL", "in memory".
    bool readOnly = false;
    qint64 headPosition = 0;
};

/// The one object that touches the EventStore (ARCHITECTURE.md section 7). It lives on StoreSession's worker
/// thread, owns the connection it opened there and runs the session's jobs one after another. When the store
/// becomes unreachable it says so and probes it with backoff until it answers again.
class StoreWorker : public QObject {
    Q_OBJECT
public:
    /// A unit of work: runs on the worker thread with the open store, or with nullptr while there is none.
    using Job = std::function<void(EventStore* store)>;

    explicit StoreWorker(QObject* parent = nullptr);
    ~StoreWorker() override;

    /// Worker thread only (queued from the session).
    void open(StoreFactory factory, QString backend, quint64 generation);
    void close();
    void run(const Job& job, const std::shared_ptr<std::atomic<bool>>& cancelled);
    /// A job saw the store go away (StoreUnavailable): start probing it.
    void reportUnavailable(const Error& error);

Q_SIGNALS:
    void opened(quint64 generation, const flashback::OpenedStore& store);
    void openFailed(quint64 generation, const flashback::Error& error);
    void connectionLost(quint64 generation, const flashback::Error& error);
    void connectionRestored(quint64 generation, qint64 headPosition);

private:
    void probe();

    StoreFactory m_factory;
    std::unique_ptr<EventStore> m_store;
    QString m_backend;
    quint64 m_generation = 0;
    bool m_unavailable = false;
    int m_probeFailures = 0;
    QTimer* m_probeTimer = nullptr;
};

} // namespace flashback

Q_DECLARE_METATYPE(flashback::OpenedStore)
