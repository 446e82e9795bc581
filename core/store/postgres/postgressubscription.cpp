// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgressubscription.h"
#include "pgconnection.h"
#include "pgeventreader.h"
#include "pgschema.h"
#include "util/logging.h"

#include <QDeadlineTimer>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace flashback {

PostgresSubscription::PostgresSubscription(
    QString conninfo, StoreOptions options, qint64 afterPosition, EventFilter filter)
    : m_conninfo(std::move(conninfo))
    , m_options(options)
    , m_position(afterPosition)
    , m_filter(std::move(filter))
{
    if (::pipe2(m_wakePipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        qCWarning(lcPostgres) << "no wake-up pipe for a subscription; cancel() waits for the next poll";
        m_wakePipe[0] = m_wakePipe[1] = -1;
    }
}

PostgresSubscription::~PostgresSubscription()
{
    for (const int fd : m_wakePipe) {
        if (fd >= 0)
            ::close(fd);
    }
}

void PostgresSubscription::cancel()
{
    m_cancelled = true;
    if (m_wakePipe[1] >= 0) {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(m_wakePipe[1], &byte, 1); // a full pipe is awake already
    }
}

void PostgresSubscription::drainWakePipe()
{
    char buffer[64];
    while (m_wakePipe[0] >= 0 && ::read(m_wakePipe[0], buffer, sizeof buffer) > 0) { }
}

Status PostgresSubscription::connect()
{
    StoreOptions options = m_options;
    options.readOnly = true; // it only reads; a slip can never write through this connection
    auto connection = postgres::PgConnection::open(m_conninfo, options);
    if (!connection)
        return connection.error();
    m_connection = std::move(connection).value();
    if (!m_options.listenForCommits) {
        m_listening = false;
        return {};
    }
    // LISTEN before the first read: a commit after the read then always leaves a notification behind.
    auto listened
        = m_connection->execScript("LISTEN " + QByteArray(postgres::NotifyChannel), u"subscribing to new commits"_s);
    m_listening = listened.ok();
    if (!m_listening) // e.g. a standby, which cannot LISTEN: polling alone still finds every commit
        qCInfo(lcPostgres) << "cannot LISTEN on" << m_connection->display() << "; polling every"
                           << m_options.pollInterval.count() << "ms:" << listened.error().toString();
    return {};
}

Error PostgresSubscription::fail(Error error)
{
    if (m_connection && m_connection->isBroken())
        m_connection.reset();
    return error;
}

Result<QList<RecordedEvent>> PostgresSubscription::next(int maxCount, std::chrono::milliseconds wait)
{
    if (m_cancelled)
        return QList<RecordedEvent> {};
    if (!m_connection) {
        if (auto status = connect(); !status)
            return status.error();
    }
    const QDeadlineTimer deadline(wait);
    postgres::PgEventReader reader(*m_connection);
    for (;;) {
        if (m_listening) { // notifications that came before this read are answered by it
            if (auto drained = m_connection->drainNotifications(); !drained)
                return fail(drained.error());
        }
        ReadAllOptions options;
        options.cursor = m_position;
        options.limit = maxCount;
        options.filter = m_filter;
        auto events = reader.readAll(options);
        if (!events)
            return fail(events.error());
        if (!events->isEmpty()) {
            m_position = events->constLast().position;
            return events;
        }

        for (bool woken = false; !woken;) {
            if (m_cancelled || deadline.hasExpired())
                return QList<RecordedEvent> {};
            const qint64 poll = std::max<qint64>(1, m_options.pollInterval.count());
            const qint64 remaining = deadline.remainingTime();
            const auto slice = std::chrono::milliseconds(remaining < 0 ? poll : std::min(poll, remaining));
            auto wake = m_connection->waitForInput(slice, m_wakePipe[0]);
            if (!wake)
                return fail(wake.error());
            switch (*wake) {
            case postgres::PgConnection::Wake::Woken:
                drainWakePipe();
                break;
            case postgres::PgConnection::Wake::Input: {
                auto notified = m_connection->drainNotifications();
                if (!notified)
                    return fail(notified.error());
                woken = *notified;
                break;
            }
            case postgres::PgConnection::Wake::TimedOut:
                woken = true; // the polling fallback: look again
                break;
            }
        }
    }
}

} // namespace flashback
