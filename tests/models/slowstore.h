// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventstore.h"

#include <QSemaphore>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>

namespace flashback::test {

/// Holds a store's index reads midway, as a long read is seen from outside: each read reports `done` of
/// `expected` events, releases `entered` and waits for `release` (60 s at most, so a failing test cannot hang)
/// before it reads for real.
struct IndexReadGate {
    qint64 done = 0;
    qint64 expected = 0;
    QSemaphore entered;
    QSemaphore release;
};

/// An EventStore that sleeps before every call and counts the calls made on a given thread (the GUI thread):
/// proves that the window never waits for the store. Forwards everything else to the real store.
class SlowStore final : public EventStore {
public:
    /// Calls made on `forbidden` are counted in `forbiddenCalls` (shared with reopened copies).
    SlowStore(std::unique_ptr<EventStore> inner, std::chrono::milliseconds delay, QThread* forbidden,
        std::shared_ptr<std::atomic<int>> forbiddenCalls);
    /// From now on (and in reopened copies) index reads wait at `gate`.
    void holdIndexReads(std::shared_ptr<IndexReadGate> gate) { m_gate = std::move(gate); }

    QString address() const override { return m_inner->address(); }
    bool isReadOnly() const override { return m_inner->isReadOnly(); }
    Result<CommitResult> commit(const UnitOfWork& work) override;
    Result<QList<RecordedEvent>> readStream(const QString& streamId, const StreamReadOptions& options) override;
    Result<QList<RecordedEvent>> readAll(const ReadAllOptions& options) override;
    Result<std::optional<StreamInfo>> stream(const QString& streamId) override;
    Result<StreamPage> listStreams(const StreamListOptions& options) override;
    Result<QList<StreamInfo>> queryStreams(const StreamQuery& query) override;
    Result<qint64> countStreams(const StreamQuery& query) override;
    Result<QStringList> aggregateTypes() override;
    Result<QStringList> eventTypes() override;
    Result<StreamIndex> readStreamIndex(
        const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress) override;
    Result<qint64> headPosition() override;
    Result<StoreStatistics> statistics() override;
    Result<std::optional<CommandRecordInfo>> findCommand(const QString& commandId) override;
    Result<std::optional<QString>> reservationOwner(const QString& scope, const QString& key) override;
    Result<std::optional<Snapshot>> latestSnapshot(const QString& streamId, qint64 maxRevision) override;
    Result<QList<Snapshot>> snapshots(const QString& streamId) override;
    OutboxStore& outbox() override { return m_inner->outbox(); }
    OperatorAuditLog& operatorAudit() override { return m_inner->operatorAudit(); }
    ReadModelStore& readModels() override { return m_inner->readModels(); }
    std::unique_ptr<EventSubscription> subscribe(qint64 afterPosition, const EventFilter& filter) override;
    Result<std::unique_ptr<EventStore>> reopen() const override;

private:
    void pause() const;

    std::unique_ptr<EventStore> m_inner;
    std::chrono::milliseconds m_delay;
    QThread* m_forbidden;
    std::shared_ptr<std::atomic<int>> m_forbiddenCalls;
    std::shared_ptr<IndexReadGate> m_gate;
};

} // namespace flashback::test
