// SPDX-License-Identifier: GPL-3.0-or-later
#include "slowstore.h"

namespace flashback::test {

SlowStore::SlowStore(std::unique_ptr<EventStore> inner, std::chrono::milliseconds delay, QThread* forbidden,
    std::shared_ptr<std::atomic<int>> forbiddenCalls)
    : m_inner(std::move(inner))
    , m_delay(delay)
    , m_forbidden(forbidden)
    , m_forbiddenCalls(std::move(forbiddenCalls))
{ }

void SlowStore::pause() const
{
    if (QThread::currentThread() == m_forbidden)
        ++*m_forbiddenCalls;
    QThread::msleep(ulong(m_delay.count()));
}

Result<CommitResult> SlowStore::commit(const UnitOfWork& work)
{
    pause();
    return m_inner->commit(work);
}

Result<QList<RecordedEvent>> SlowStore::readStream(const QString& streamId, const StreamReadOptions& options)
{
    pause();
    return m_inner->readStream(streamId, options);
}

Result<QList<RecordedEvent>> SlowStore::readAll(const ReadAllOptions& options)
{
    pause();
    return m_inner->readAll(options);
}

Result<std::optional<StreamInfo>> SlowStore::stream(const QString& streamId)
{
    pause();
    return m_inner->stream(streamId);
}

Result<StreamPage> SlowStore::listStreams(const StreamListOptions& options)
{
    pause();
    return m_inner->listStreams(options);
}

Result<QList<StreamInfo>> SlowStore::queryStreams(const StreamQuery& query)
{
    pause();
    return m_inner->queryStreams(query);
}

Result<qint64> SlowStore::countStreams(const StreamQuery& query)
{
    pause();
    return m_inner->countStreams(query);
}

Result<QStringList> SlowStore::eventTypes()
{
    pause();
    return m_inner->eventTypes();
}

Result<QStringList> SlowStore::aggregateTypes()
{
    pause();
    return m_inner->aggregateTypes();
}

Result<StreamIndex> SlowStore::readStreamIndex(
    const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress)
{
    pause();
    if (m_gate) {
        if (progress) {
            progress->expected = m_gate->expected;
            progress->done = m_gate->done;
        }
        m_gate->entered.release();
        m_gate->release.tryAcquire(1, 60000);
    }
    return m_inner->readStreamIndex(streamId, fromRevision, cancel, progress);
}

Result<qint64> SlowStore::headPosition()
{
    pause();
    return m_inner->headPosition();
}

Result<StoreStatistics> SlowStore::statistics()
{
    pause();
    return m_inner->statistics();
}

Result<std::optional<CommandRecordInfo>> SlowStore::findCommand(const QString& commandId)
{
    pause();
    return m_inner->findCommand(commandId);
}

Result<std::optional<QString>> SlowStore::reservationOwner(const QString& scope, const QString& key)
{
    pause();
    return m_inner->reservationOwner(scope, key);
}

Result<std::optional<Snapshot>> SlowStore::latestSnapshot(const QString& streamId, qint64 maxRevision)
{
    pause();
    return m_inner->latestSnapshot(streamId, maxRevision);
}

Result<QList<Snapshot>> SlowStore::snapshots(const QString& streamId)
{
    pause();
    return m_inner->snapshots(streamId);
}

std::unique_ptr<EventSubscription> SlowStore::subscribe(qint64 afterPosition, const EventFilter& filter)
{
    return m_inner->subscribe(afterPosition, filter);
}

Result<std::unique_ptr<EventStore>> SlowStore::reopen() const
{
    pause();
    auto inner = m_inner->reopen();
    if (!inner)
        return inner.error();
    auto copy = std::make_unique<SlowStore>(std::move(*inner), m_delay, m_forbidden, m_forbiddenCalls);
    copy->holdIndexReads(m_gate);
    return std::unique_ptr<EventStore>(std::move(copy));
}

} // namespace flashback::test
