// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventsubscription.h"
#include "store/readoptions.h"
#include "store/storeoptions.h"

#include <atomic>
#include <memory>

namespace flashback {

class CommitSignal;
class SqliteEventStore;

/// Follows a SQLite store: reads pages after its position; when there are none, sleeps until a commit in this
/// process wakes it or, for other processes' commits, until PRAGMA data_version changes (checked every
/// pollInterval). Opens its own connection on first use, in the thread that calls next().
class SqliteSubscription final : public EventSubscription {
public:
    SqliteSubscription(QString path, StoreOptions options, std::shared_ptr<CommitSignal> signal, qint64 afterPosition,
        EventFilter filter);
    ~SqliteSubscription() override;

    Result<QList<RecordedEvent>> next(int maxCount, std::chrono::milliseconds wait) override;
    qint64 position() const override { return m_position; }
    void cancel() override;

private:
    QString m_path;
    StoreOptions m_options;
    std::shared_ptr<CommitSignal> m_signal;
    qint64 m_position;
    EventFilter m_filter;
    std::unique_ptr<SqliteEventStore> m_store;
    std::atomic<bool> m_cancelled {false};
};

} // namespace flashback
