// SPDX-License-Identifier: GPL-3.0-or-later
#include "inmemoryeventstore.h"
#include "inmemoryoperatoraudit.h"
#include "inmemoryoutbox.h"
#include "inmemoryreadmodels.h"
#include "inmemorysubscription.h"
#include "memorybackend.h"
#include "store/eventfilter.h"
#include "store/streamindexbuilder.h"
#include "store/streamquery.h"

#include <QHash>

#include <optional>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

std::shared_ptr<MemoryBackend> newBackend(const QString& name)
{
    auto backend = std::make_shared<MemoryBackend>();
    backend->name = name;
    static std::atomic<quint64> anonymous {0};
    const QString key = name.isEmpty() ? u"memory-anonymous-"_s + QString::number(++anonymous) : u"memory:"_s + name;
    backend->signal = CommitSignal::forKey(key);
    return backend;
}

std::shared_ptr<MemoryBackend> namedBackend(const QString& name)
{
    static std::mutex registryMutex;
    static QHash<QString, std::weak_ptr<MemoryBackend>> registry;
    std::lock_guard lock(registryMutex);
    if (auto existing = registry.value(name).lock())
        return existing;
    auto created = newBackend(name);
    registry.insert(name, created);
    return created;
}

Error conflict(const StreamAppend& append, qint64 actual)
{
    return Error::make(ErrorKind::ConcurrencyConflict,
        u"Stream %1 is at revision %2, but the writer expected %3; it changed since it was read."_s.arg(
            append.streamId, QString::number(actual), append.expected.describe()),
        {},
        {{u"stream_id"_s, append.streamId}, {u"expected"_s, append.expected.describe()},
            {u"actual_revision"_s, actual}});
}

} // namespace

InMemoryEventStore::InMemoryEventStore()
    : InMemoryEventStore(newBackend({}), false)
{ }

InMemoryEventStore::InMemoryEventStore(std::shared_ptr<MemoryBackend> backend, bool readOnly)
    : m_backend(std::move(backend))
    , m_readOnly(readOnly)
    , m_outbox(std::make_unique<InMemoryOutbox>(m_backend, readOnly))
    , m_operatorAudit(std::make_unique<InMemoryOperatorAudit>(m_backend, readOnly))
    , m_readModels(std::make_unique<InMemoryReadModels>(m_backend, readOnly))
{ }

OutboxStore& InMemoryEventStore::outbox()
{
    return *m_outbox;
}

OperatorAuditLog& InMemoryEventStore::operatorAudit()
{
    return *m_operatorAudit;
}

ReadModelStore& InMemoryEventStore::readModels()
{
    return *m_readModels;
}

Result<std::optional<Snapshot>> InMemoryEventStore::latestSnapshot(const QString& streamId, qint64 maxRevision)
{
    std::lock_guard lock(m_backend->mutex);
    const auto found = m_backend->snapshots.constFind(streamId);
    if (found == m_backend->snapshots.cend())
        return std::optional<Snapshot> {};
    auto it = found->upperBound(maxRevision);
    if (it == found->cbegin())
        return std::optional<Snapshot> {};
    --it;
    return std::optional<Snapshot>(*it);
}

Result<QList<Snapshot>> InMemoryEventStore::snapshots(const QString& streamId)
{
    std::lock_guard lock(m_backend->mutex);
    return m_backend->snapshots.value(streamId).values();
}

InMemoryEventStore::~InMemoryEventStore() = default;

std::unique_ptr<InMemoryEventStore> InMemoryEventStore::named(const QString& name, const StoreOptions& options)
{
    auto backend = name.isEmpty() ? newBackend({}) : namedBackend(name);
    return std::unique_ptr<InMemoryEventStore>(new InMemoryEventStore(std::move(backend), options.readOnly));
}

QString InMemoryEventStore::address() const
{
    return u"memory:"_s + m_backend->name;
}

Result<CommitResult> InMemoryEventStore::commit(const UnitOfWork& work)
{
    if (m_readOnly)
        return Error::make(ErrorKind::StoreReadOnly, u"The in-memory store is open read-only."_s);
    for (const auto& append : work.appends) {
        if (append.streamId.isEmpty() || append.aggregateType.isEmpty())
            return Error::invalidArgument(u"Every append needs a stream id and an aggregate type."_s);
        for (const auto& event : append.events) {
            if (event.type.isEmpty() || event.eventId.isNull() || event.data.isEmpty())
                return Error::invalidArgument(u"Every event needs an id, a type and a JSON payload."_s);
        }
    }

    auto& backend = *m_backend;
    std::unique_lock lock(backend.mutex);

    // Check everything first against staged values, then apply: a failure changes nothing.
    QHash<QString, qint64> stagedRevisions;
    QSet<QUuid> stagedIds;
    for (const auto& append : work.appends) {
        const auto existing = backend.streams.constFind(append.streamId);
        const qint64 current = stagedRevisions.contains(append.streamId) ? stagedRevisions.value(append.streamId)
            : existing != backend.streams.cend()                         ? existing->info.revision
                                                                         : 0;
        if (!append.expected.accepts(current))
            return conflict(append, current);
        if (existing != backend.streams.cend() && existing->info.aggregateType != append.aggregateType)
            return Error::invalidArgument(u"Stream %1 belongs to a %2, not a %3."_s.arg(
                append.streamId, existing->info.aggregateType, append.aggregateType));
        for (const auto& event : append.events) {
            if (stagedIds.contains(event.eventId) || backend.eventIds.contains(event.eventId)) {
                const QString id = event.eventId.toString(QUuid::WithoutBraces);
                return Error::invalidArgument(u"Event %1 is already in the store; events are appended once."_s.arg(id),
                    {}, {{u"event_id"_s, id}});
            }
            stagedIds.insert(event.eventId);
        }
        stagedRevisions[append.streamId] = current + append.events.size();
    }
    QHash<QString, std::optional<QString>> stagedReservations;
    const auto ownerOf = [&](const QString& key) -> std::optional<QString> {
        if (stagedReservations.contains(key))
            return stagedReservations.value(key);
        const auto it = backend.reservations.constFind(key);
        return it == backend.reservations.cend() ? std::nullopt : std::optional<QString>(*it);
    };
    for (const auto& change : work.reservations) {
        const QString key = MemoryBackend::reservationKey(change.scope, change.key);
        const auto owner = ownerOf(key);
        if (change.action == ReservationChange::Action::Release) {
            if (owner && *owner == change.ownerStreamId)
                stagedReservations[key] = std::nullopt;
        } else if (owner && *owner != change.ownerStreamId) {
            return Error::make(ErrorKind::ReservationConflict,
                u"The value '%1' of %2 is already taken by stream %3."_s.arg(change.key, change.scope, *owner), {},
                {{u"scope"_s, change.scope}, {u"key"_s, change.key}, {u"owner"_s, *owner}});
        } else {
            stagedReservations[key] = change.ownerStreamId;
        }
    }
    QSet<QString> stagedCommands;
    for (const auto& append : work.appends) {
        if (!append.command)
            continue;
        const QString& id = append.command->commandId;
        if (backend.commands.contains(id) || stagedCommands.contains(id))
            return Error::make(ErrorKind::DuplicateCommand,
                u"Command %1 was already executed; it is not run twice."_s.arg(id), {}, {{u"command_id"_s, id}});
        stagedCommands.insert(id);
    }

    CommitResult result;
    result.recordedAt = Timestamp::now();
    for (const auto& append : work.appends) {
        if (append.command) {
            const qint64 revision = backend.streams.value(append.streamId).info.revision;
            const qint64 position = qint64(backend.events.size());
            const qint64 count = append.events.size();
            backend.commands.insert(append.command->commandId,
                CommandRecordInfo {append.command->commandId, append.command->commandName, append.streamId,
                    append.command->fingerprint, count ? revision + 1 : 0, count ? revision + count : 0,
                    count ? position + 1 : 0, count ? position + count : 0, result.recordedAt});
        }
        if (append.events.isEmpty())
            continue;
        auto& stream = backend.streams[append.streamId];
        if (stream.info.revision == 0) {
            stream.info.streamId = append.streamId;
            stream.info.aggregateType = append.aggregateType;
            stream.info.firstPosition = qint64(backend.events.size()) + 1;
            stream.info.createdAt = append.events.constFirst().occurredAt;
        }
        for (const auto& event : append.events) {
            RecordedEvent recorded;
            recorded.eventId = event.eventId;
            recorded.streamId = append.streamId;
            recorded.aggregateType = append.aggregateType;
            recorded.revision = ++stream.info.revision;
            recorded.position = qint64(backend.events.size()) + 1;
            recorded.type = event.type;
            recorded.schemaVersion = event.schemaVersion;
            recorded.occurredAt = event.occurredAt;
            recorded.recordedAt = result.recordedAt;
            recorded.data = event.data;
            recorded.metadata = event.metadata.toJsonBytes();
            backend.events.push_back(recorded);
            backend.eventIds.insert(recorded.eventId);
            stream.positions.push_back(recorded.position);
            result.events.append(recorded);
        }
        stream.info.lastPosition = qint64(backend.events.size());
        stream.info.lastOccurredAt = append.events.constLast().occurredAt;
        stream.info.lastRecordedAt = result.recordedAt;
        stream.info.lastEventType = append.events.constLast().type;
    }
    for (const auto& message : work.outbox) {
        if (backend.outboxKeys.contains(message.idempotencyKey))
            continue;
        OutboxEntry entry;
        entry.id = backend.nextOutboxId++;
        entry.message = message;
        entry.nextAttemptAt = result.recordedAt;
        entry.createdAt = result.recordedAt;
        entry.updatedAt = result.recordedAt;
        backend.outbox.emplace(entry.id, entry);
        backend.outboxKeys.insert(message.idempotencyKey);
    }
    for (const auto& snapshot : work.snapshots)
        backend.snapshots[snapshot.streamId].insert(snapshot.revision, snapshot);
    for (auto it = stagedReservations.cbegin(); it != stagedReservations.cend(); ++it) {
        if (it.value())
            backend.reservations.insert(it.key(), *it.value());
        else
            backend.reservations.remove(it.key());
    }
    lock.unlock();
    backend.signal->notify();
    return result;
}

Result<QList<RecordedEvent>> InMemoryEventStore::readStream(const QString& streamId, const StreamReadOptions& options)
{
    std::lock_guard lock(m_backend->mutex);
    QList<RecordedEvent> events;
    const auto it = m_backend->streams.constFind(streamId);
    if (it == m_backend->streams.cend())
        return events;
    const qint64 last = std::min<qint64>(options.toRevision, qint64(it->positions.size()));
    const qint64 first = std::max<qint64>(options.fromRevision, 1);
    const bool forward = options.direction == ReadDirection::Forward;
    for (qint64 i = 0; i <= last - first; ++i) {
        if (options.limit >= 0 && events.size() >= options.limit)
            break;
        const qint64 revision = forward ? first + i : last - i;
        events.append(m_backend->events[size_t(it->positions[size_t(revision - 1)] - 1)]);
    }
    return events;
}

Result<QList<RecordedEvent>> InMemoryEventStore::readAll(const ReadAllOptions& options)
{
    std::lock_guard lock(m_backend->mutex);
    QList<RecordedEvent> events;
    const auto& all = m_backend->events;
    const qint64 count = qint64(all.size());
    if (options.direction == ReadDirection::Forward) {
        for (qint64 position = std::max<qint64>(options.cursor.value_or(0), 0) + 1;
             position <= count && events.size() < options.limit; ++position) {
            if (matchesFilter(options.filter, all[size_t(position - 1)]))
                events.append(all[size_t(position - 1)]);
        }
    } else {
        for (qint64 position = std::min(options.cursor.value_or(count + 1) - 1, count);
             position >= 1 && events.size() < options.limit; --position) {
            if (matchesFilter(options.filter, all[size_t(position - 1)]))
                events.append(all[size_t(position - 1)]);
        }
    }
    return events;
}

Result<std::optional<StreamInfo>> InMemoryEventStore::stream(const QString& streamId)
{
    std::lock_guard lock(m_backend->mutex);
    const auto it = m_backend->streams.constFind(streamId);
    if (it == m_backend->streams.cend())
        return std::optional<StreamInfo> {};
    return std::optional<StreamInfo>(it->info);
}

Result<StreamPage> InMemoryEventStore::listStreams(const StreamListOptions& options)
{
    std::lock_guard lock(m_backend->mutex);
    QList<StreamInfo> matching;
    const qint64 before = options.beforePosition.value_or(std::numeric_limits<qint64>::max());
    for (const auto& stream : std::as_const(m_backend->streams)) {
        const auto& info = stream.info;
        if (info.lastPosition >= before)
            continue;
        if (!options.aggregateType.isEmpty() && info.aggregateType != options.aggregateType)
            continue;
        if (!options.idContains.isEmpty()
            && !containsIgnoringAsciiCase(info.streamId.toUtf8(), options.idContains.toUtf8()))
            continue;
        matching.append(info);
    }
    std::sort(matching.begin(), matching.end(),
        [](const StreamInfo& a, const StreamInfo& b) { return a.lastPosition > b.lastPosition; });
    StreamPage page;
    page.streams = matching.mid(0, options.limit);
    if (matching.size() > options.limit)
        page.nextCursor = page.streams.constLast().lastPosition;
    return page;
}

Result<QList<StreamInfo>> InMemoryEventStore::queryStreams(const StreamQuery& query)
{
    QList<StreamInfo> matching;
    {
        std::lock_guard lock(m_backend->mutex);
        for (const auto& stream : std::as_const(m_backend->streams)) {
            if (matchesStreamQuery(query, stream.info))
                matching.append(stream.info);
        }
    }
    std::sort(matching.begin(), matching.end(),
        [&query](const StreamInfo& a, const StreamInfo& b) { return streamQueryLess(query, a, b); });
    const qint64 offset = std::max<qint64>(query.offset, 0);
    return matching.mid(qsizetype(std::min<qint64>(offset, matching.size())),
        query.limit < 0 ? -1 : qsizetype(std::min<qint64>(query.limit, matching.size())));
}

Result<qint64> InMemoryEventStore::countStreams(const StreamQuery& query)
{
    std::lock_guard lock(m_backend->mutex);
    return qint64(std::count_if(m_backend->streams.cbegin(), m_backend->streams.cend(),
        [&query](const MemoryBackend::Stream& stream) { return matchesStreamQuery(query, stream.info); }));
}

Result<QStringList> InMemoryEventStore::eventTypes()
{
    QSet<QString> types;
    {
        std::lock_guard lock(m_backend->mutex);
        for (const auto& event : std::as_const(m_backend->events))
            types.insert(event.type);
    }
    return sortedByCodePoint(QStringList(types.cbegin(), types.cend()));
}

Result<QStringList> InMemoryEventStore::aggregateTypes()
{
    QSet<QString> types;
    {
        std::lock_guard lock(m_backend->mutex);
        for (const auto& stream : std::as_const(m_backend->streams))
            types.insert(stream.info.aggregateType);
    }
    return sortedByCodePoint(QStringList(types.cbegin(), types.cend()));
}

Result<StreamIndex> InMemoryEventStore::readStreamIndex(
    const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress)
{
    if (StreamIndexBuilder::isCancelled(cancel))
        return StreamIndexBuilder::cancelled(streamId);
    StreamIndex index;
    index.streamId = streamId;
    index.firstRevision = std::max<qint64>(fromRevision, 1);
    // Holding the lock for the whole read keeps writers out meanwhile; the index costs far less than the events
    // it is read from, and the other reads hold it as long.
    std::lock_guard lock(m_backend->mutex);
    const auto it = m_backend->streams.constFind(streamId);
    if (it == m_backend->streams.cend())
        return index;
    index.aggregateType = it->info.aggregateType;
    StreamIndexBuilder builder(index, cancel, progress);
    const qint64 count = qint64(it->positions.size());
    builder.reserve(count - index.firstRevision + 1);
    QString lastType;
    QByteArray lastTypeUtf8; // the builder takes UTF-8, as the database backends hand it over
    for (qint64 revision = index.firstRevision; revision <= count; ++revision) {
        const RecordedEvent& event = m_backend->events[size_t(it->positions[size_t(revision - 1)] - 1)];
        if (event.type != lastType) {
            lastType = event.type;
            lastTypeUtf8 = lastType.toUtf8();
        }
        if (!builder.add(event.position, event.occurredAt.micros(), lastTypeUtf8))
            return builder.error();
    }
    return index;
}

Result<qint64> InMemoryEventStore::headPosition()
{
    std::lock_guard lock(m_backend->mutex);
    return qint64(m_backend->events.size());
}

Result<StoreStatistics> InMemoryEventStore::statistics()
{
    std::lock_guard lock(m_backend->mutex);
    StoreStatistics statistics;
    statistics.streamCount = m_backend->streams.size();
    statistics.eventCount = qint64(m_backend->events.size());
    statistics.headPosition = statistics.eventCount;
    for (const auto& event : m_backend->events) {
        if (!statistics.firstOccurredAt || event.occurredAt < *statistics.firstOccurredAt)
            statistics.firstOccurredAt = event.occurredAt;
        if (!statistics.lastOccurredAt || *statistics.lastOccurredAt < event.occurredAt)
            statistics.lastOccurredAt = event.occurredAt;
    }
    return statistics;
}

Result<std::optional<CommandRecordInfo>> InMemoryEventStore::findCommand(const QString& commandId)
{
    std::lock_guard lock(m_backend->mutex);
    const auto it = m_backend->commands.constFind(commandId);
    if (it == m_backend->commands.cend())
        return std::optional<CommandRecordInfo> {};
    return std::optional<CommandRecordInfo>(*it);
}

Result<std::optional<QString>> InMemoryEventStore::reservationOwner(const QString& scope, const QString& key)
{
    std::lock_guard lock(m_backend->mutex);
    const auto it = m_backend->reservations.constFind(MemoryBackend::reservationKey(scope, key));
    if (it == m_backend->reservations.cend())
        return std::optional<QString> {};
    return std::optional<QString>(*it);
}

std::unique_ptr<EventSubscription> InMemoryEventStore::subscribe(qint64 afterPosition, const EventFilter& filter)
{
    return std::make_unique<InMemorySubscription>(m_backend, afterPosition, filter);
}

Result<std::unique_ptr<EventStore>> InMemoryEventStore::reopen() const
{
    return std::unique_ptr<EventStore>(new InMemoryEventStore(m_backend, m_readOnly));
}

} // namespace flashback
