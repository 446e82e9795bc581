// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventstore.h"
#include "store/storeoptions.h"

#include <memory>

namespace flashback {

struct MemoryBackend;
class InMemoryOutbox;
class InMemoryOperatorAudit;
class InMemoryReadModels;

/// A store in this process's memory, for tests and scratch sessions. Instances opened on one backend (via
/// reopen() or the same name) share it safely across threads; all checks run under one lock, so a unit of work
/// is atomic exactly as in the durable backends.
class InMemoryEventStore final : public EventStore {
public:
    /// A new, empty, unnamed store.
    InMemoryEventStore();
    /// The process-wide store with this name (created on first use, kept while any instance lives).
    /// An empty name gives a new unnamed store.
    static std::unique_ptr<InMemoryEventStore> named(const QString& name, const StoreOptions& options = {});
    ~InMemoryEventStore() override;

    QString address() const override;
    bool isReadOnly() const override { return m_readOnly; }

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
    std::unique_ptr<EventSubscription> subscribe(qint64 afterPosition, const EventFilter& filter) override;
    Result<std::unique_ptr<EventStore>> reopen() const override;
    Result<std::optional<Snapshot>> latestSnapshot(const QString& streamId, qint64 maxRevision) override;
    Result<QList<Snapshot>> snapshots(const QString& streamId) override;
    OutboxStore& outbox() override;
    OperatorAuditLog& operatorAudit() override;
    ReadModelStore& readModels() override;

private:
    InMemoryEventStore(std::shared_ptr<MemoryBackend> backend, bool readOnly);
    std::shared_ptr<MemoryBackend> m_backend;
    bool m_readOnly = false;
    std::unique_ptr<InMemoryOutbox> m_outbox;
    std::unique_ptr<InMemoryOperatorAudit> m_operatorAudit;
    std::unique_ptr<InMemoryReadModels> m_readModels;
};

} // namespace flashback
