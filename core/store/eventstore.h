// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatorauditlog.h"
#include "eventsubscription.h"
#include "outbox/outboxstore.h"
#include "readmodels/readmodelstore.h"
#include "readoptions.h"
#include "snapshots/snapshot.h"
#include "streamindex.h"
#include "unitofwork.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

namespace flashback {

/// The append-only event store. One interface, several backends (in-memory, SQLite, PostgreSQL), one contract
/// test suite (tests/core/tst_storecontract.cpp).
///
/// An instance is one connection and belongs to the thread that opened it; call reopen() for another thread.
/// Nothing here updates or deletes an event.
class EventStore {
public:
    virtual ~EventStore() = default;

    /// Human-readable address (passwords never included).
    virtual QString address() const = 0;
    virtual bool isReadOnly() const = 0;

    /// Writes a unit of work in one transaction: every append with its concurrency check and command record, then
    /// the reservations. All or nothing. Typed errors: ConcurrencyConflict, ReservationConflict (context: scope,
    /// key, owner), DuplicateCommand (context: command_id), StoreBusy, StoreReadOnly.
    virtual Result<CommitResult> commit(const UnitOfWork& work) = 0;

    /// Convenience: one stream, no reservations, no command record.
    Result<CommitResult> append(const QString& streamId, const QString& aggregateType, ExpectedRevision expected,
        const QList<NewEvent>& events);

    /// Events of one stream in revision order (or reverse). A missing stream gives an empty list.
    virtual Result<QList<RecordedEvent>> readStream(const QString& streamId, const StreamReadOptions& options) = 0;
    /// Convenience: one event by its revision; nullopt when the stream has no such revision.
    Result<std::optional<RecordedEvent>> readEvent(const QString& streamId, qint64 revision);

    /// A page of the global log.
    virtual Result<QList<RecordedEvent>> readAll(const ReadAllOptions& options) = 0;

    virtual Result<std::optional<StreamInfo>> stream(const QString& streamId) = 0;
    virtual Result<StreamPage> listStreams(const StreamListOptions& options) = 0;
    /// Rows [offset, offset + limit) of the streams matching `query`, in its order.
    virtual Result<QList<StreamInfo>> queryStreams(const StreamQuery& query) = 0;
    /// How many streams match `query` (offset and limit ignored).
    virtual Result<qint64> countStreams(const StreamQuery& query) = 0;
    /// Every aggregate type the store holds, sorted.
    virtual Result<QStringList> aggregateTypes() = 0;
    /// Every event type the store holds, sorted by code point (the Search pane's type chips).
    virtual Result<QStringList> eventTypes() = 0;

    /// One stream's compact index from `fromRevision` on (empty for a missing stream). `cancel`, when set during a
    /// long read, ends it with a Cancelled error; `progress`, when given, tells another thread how far it got.
    virtual Result<StreamIndex> readStreamIndex(const QString& streamId, qint64 fromRevision = 1,
        const std::atomic<bool>* cancel = nullptr, ReadProgress* progress = nullptr)
        = 0;

    virtual Result<qint64> headPosition() = 0;
    virtual Result<StoreStatistics> statistics() = 0;

    virtual Result<std::optional<CommandRecordInfo>> findCommand(const QString& commandId) = 0;
    /// The stream holding a reservation, if any.
    virtual Result<std::optional<QString>> reservationOwner(const QString& scope, const QString& key) = 0;

    /// The newest snapshot of the stream at or below `maxRevision` (any schema version; the caller checks it).
    virtual Result<std::optional<Snapshot>> latestSnapshot(const QString& streamId, qint64 maxRevision) = 0;
    /// Every snapshot of the stream, oldest first.
    virtual Result<QList<Snapshot>> snapshots(const QString& streamId) = 0;

    /// The outbox and the read models live in the same database and use this connection.
    virtual OutboxStore& outbox() = 0;
    virtual ReadModelStore& readModels() = 0;
    /// What operators did to this store (commands issued, projections and outbox rows changed), append-only.
    virtual OperatorAuditLog& operatorAudit() = 0;

    /// Events after `afterPosition` that match `filter`, then live ones as they commit (also from other processes).
    virtual std::unique_ptr<EventSubscription> subscribe(qint64 afterPosition, const EventFilter& filter = {}) = 0;

    /// Another connection to the same store, for use in another thread.
    virtual Result<std::unique_ptr<EventStore>> reopen() const = 0;
};

} // namespace flashback
