// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitesubscription.h"
#include "sqliteeventstore.h"
#include "store/commitsignal.h"

#include <QDeadlineTimer>

namespace flashback {

SqliteSubscription::SqliteSubscription(
    QString path, StoreOptions options, std::shared_ptr<CommitSignal> signal, qint64 afterPosition, EventFilter filter)
    : m_path(std::move(path))
    , m_options(options)
    , m_signal(std::move(signal))
    , m_position(afterPosition)
    , m_filter(std::move(filter))
{ }

SqliteSubscription::~SqliteSubscription() = default;

void SqliteSubscription::cancel()
{
    m_cancelled = true;
    m_signal->notify();
}

Result<QList<RecordedEvent>> SqliteSubscription::next(int maxCount, std::chrono::milliseconds wait)
{
    if (m_cancelled)
        return QList<RecordedEvent> {};
    if (!m_store) {
        auto opened = SqliteEventStore::open(m_path, m_options);
        if (!opened)
            return opened.error();
        m_store = std::move(opened).value();
    }
    const QDeadlineTimer deadline(wait);
    for (;;) {
        // Take both markers before reading, so a commit landing during the read still wakes the next wait.
        const quint64 generation = m_signal->generation();
        auto version = m_store->dataVersion();
        if (!version)
            return version.error();

        ReadAllOptions options;
        options.cursor = m_position;
        options.limit = maxCount;
        options.filter = m_filter;
        auto events = m_store->readAll(options);
        if (!events)
            return events.error();
        if (!events->isEmpty()) {
            m_position = events->constLast().position;
            return events;
        }

        for (;;) {
            if (m_cancelled || deadline.hasExpired())
                return QList<RecordedEvent> {};
            const auto slice = std::min<qint64>(m_options.pollInterval.count(), deadline.remainingTime());
            if (m_signal->waitForChange(generation, std::chrono::milliseconds(slice)) != generation)
                break;
            auto now = m_store->dataVersion();
            if (!now)
                return now.error();
            if (*now != *version)
                break;
        }
    }
}

} // namespace flashback
