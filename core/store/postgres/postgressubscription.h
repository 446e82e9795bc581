// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventsubscription.h"
#include "store/readoptions.h"
#include "store/storeoptions.h"

#include <atomic>
#include <memory>

namespace flashback {

namespace postgres {
class PgConnection;
}

/// Follows a PostgreSQL store: reads pages after its position; when there are none, waits on its connection's
/// socket for a `flashback_events` notification (LISTEN), at most pollInterval at a time before looking again,
/// so commits are found even where notifications cannot arrive (a standby, a pooler). Notifications are wake-ups:
/// the events always come from the log. Positions follow commit order (PgCommitWriter), so reading on from the
/// last position handed out never skips a late commit.
///
/// Opens its own connection on first use, in the thread that calls next(). cancel() writes to a pipe the wait
/// also watches, so it wakes a waiting next() at once from any thread.
class PostgresSubscription final : public EventSubscription {
public:
    PostgresSubscription(QString conninfo, StoreOptions options, qint64 afterPosition, EventFilter filter);
    ~PostgresSubscription() override;

    Result<QList<RecordedEvent>> next(int maxCount, std::chrono::milliseconds wait) override;
    qint64 position() const override { return m_position; }
    void cancel() override;

private:
    Status connect();
    /// Keeps the error, and drops a broken connection so that the next call connects again.
    Error fail(Error error);
    void drainWakePipe();

    QString m_conninfo;
    StoreOptions m_options;
    qint64 m_position;
    EventFilter m_filter;
    std::unique_ptr<postgres::PgConnection> m_connection;
    bool m_listening = false;
    std::atomic<bool> m_cancelled {false};
    int m_wakePipe[2] = {-1, -1};
};

} // namespace flashback
