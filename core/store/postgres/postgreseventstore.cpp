// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgreseventstore.h"
#include "pgcommitwriter.h"
#include "pgconnection.h"
#include "pgeventreader.h"
#include "pgschema.h"
#include "postgresoperatoraudit.h"
#include "postgresoutbox.h"
#include "postgresreadmodels.h"
#include "postgressubscription.h"
#include "store/streamquery.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace flashback {

using postgres::PgConnection;
using postgres::PgResult;

namespace {

const QString StreamColumns = u"stream_id, aggregate_type, revision, first_position, last_position, created_at, "
                              u"last_occurred_at, last_recorded_at, last_event_type"_s;
const QString PrefixedStreamColumns = u"s.stream_id, s.aggregate_type, s.revision, s.first_position, "
                                      u"s.last_position, s.created_at, s.last_occurred_at, s.last_recorded_at, "
                                      u"s.last_event_type"_s;

StreamInfo streamFromRow(const PgResult& result, int row)
{
    StreamInfo info;
    info.streamId = result.text(row, 0);
    info.aggregateType = result.text(row, 1);
    info.revision = result.integer(row, 2);
    info.firstPosition = result.integer(row, 3);
    info.lastPosition = result.integer(row, 4);
    info.createdAt = Timestamp::fromMicros(result.integer(row, 5));
    info.lastOccurredAt = Timestamp::fromMicros(result.integer(row, 6));
    info.lastRecordedAt = Timestamp::fromMicros(result.integer(row, 7));
    info.lastEventType = result.text(row, 8);
    return info;
}

Snapshot snapshotFromRow(const PgResult& result, int row)
{
    return Snapshot {result.text(row, 0), result.text(row, 1), result.integer(row, 2), int(result.integer(row, 3)),
        result.byteArray(row, 4), Timestamp::fromMicros(result.integer(row, 5))};
}

const QString SnapshotColumns = u"stream_id, aggregate_type, revision, schema_version, state, taken_at"_s;

/// The WHERE clause of a stream query (empty when it filters nothing); `next` adds a value and names its parameter.
template <typename Next> QString streamQueryWhere(const StreamQuery& query, Next&& next)
{
    QStringList conditions;
    // Under "C", equality is byte equality as under any deterministic collation; it lets the type's index (in that
    // collation) serve it.
    if (!query.aggregateType.isEmpty())
        conditions.append(u"aggregate_type COLLATE \"C\" = "_s + next(query.aggregateType));
    if (!query.text.isEmpty()) {
        const QString needle = next(postgres::PgEventReader::asciiLower(query.text));
        conditions.append(u"("_s + postgres::PgEventReader::containsIgnoringAsciiCase(u"stream_id"_s, needle)
            + u" OR "_s + postgres::PgEventReader::containsIgnoringAsciiCase(u"aggregate_type"_s, needle) + u')');
    }
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

/// The key a stream query sorts by, as SQL on `streams`. Text sorts under COLLATE "C" (code points, as SQLite and
/// the in-memory store sort), whatever the database's locale.
QString streamSortKey(StreamSort sort)
{
    switch (sort) {
    case StreamSort::LastActivity:
        return u"last_occurred_at"_s;
    case StreamSort::StreamId:
        return u"stream_id COLLATE \"C\""_s;
    case StreamSort::AggregateType:
        return u"aggregate_type COLLATE \"C\""_s;
    case StreamSort::EventCount:
        return u"revision"_s;
    case StreamSort::FirstActivity:
        return u"created_at"_s;
    case StreamSort::LastEventType:
        return u"last_event_type COLLATE \"C\""_s;
    }
    return u"last_occurred_at"_s;
}

/// ORDER BY `key`, then the last position in the same direction (stream ids are unique and need no tiebreaker).
QString streamQueryOrder(const StreamQuery& query, const QString& key, const QString& lastPosition)
{
    const QString direction = query.descending ? u" DESC"_s : u" ASC"_s;
    QString order = u" ORDER BY "_s + key + direction;
    if (query.sort != StreamSort::StreamId)
        order += u", "_s + lastPosition + direction;
    return order;
}

/// The first column of every row, as text.
Result<QStringList> textColumn(Result<PgResult> result)
{
    if (!result)
        return result.error();
    QStringList values;
    values.reserve(result->rows());
    for (int row = 0; row < result->rows(); ++row)
        values.append(result->text(row, 0));
    return values;
}

} // namespace

Result<std::unique_ptr<PostgresEventStore>> PostgresEventStore::open(
    const QString& conninfo, const StoreOptions& options)
{
    auto connection = PgConnection::open(conninfo, options);
    if (!connection)
        return connection.error();
    const bool create = options.mode == StoreOptions::OpenMode::CreateIfMissing;
    if (auto status = postgres::PgSchema::checkAndMigrate(**connection, create); !status)
        return status.error();
    std::unique_ptr<PostgresEventStore> store(new PostgresEventStore(std::move(connection).value()));
    // Not pg_trgm, even where it is installed: search matches whole terms and term prefixes, which a tsvector GIN
    // answers by one key or one key range, while a trigram index reads the long posting lists of trigrams that
    // every document shares (`com`, `exa`…); at 10,000,000 events that was 767 ms against 20 (docs/benchmarks.md).
    store->m_readModels->setTextIndex(TextIndexKind::TsVector,
        u"tsvector: a GIN index over the search terms (built into PostgreSQL) finds a word by its key and a prefix "
        u"by a range of keys; a phrase is checked on the rows holding all of its words."_s);
    return store;
}

PostgresEventStore::PostgresEventStore(std::unique_ptr<PgConnection> connection)
    : m_connection(std::move(connection))
    , m_reader(std::make_unique<postgres::PgEventReader>(*m_connection))
    , m_writer(std::make_unique<postgres::PgCommitWriter>(*m_connection))
    , m_outbox(std::make_unique<PostgresOutbox>(*m_connection))
    , m_operatorAudit(std::make_unique<PostgresOperatorAudit>(*m_connection))
    , m_readModels(std::make_unique<PostgresReadModels>(*m_connection))
{ }

PostgresEventStore::~PostgresEventStore() = default;

QString PostgresEventStore::address() const
{
    return m_connection->display();
}

bool PostgresEventStore::isReadOnly() const
{
    return m_connection->isReadOnly();
}

OutboxStore& PostgresEventStore::outbox()
{
    return *m_outbox;
}

OperatorAuditLog& PostgresEventStore::operatorAudit()
{
    return *m_operatorAudit;
}

ReadModelStore& PostgresEventStore::readModels()
{
    return *m_readModels;
}

Result<CommitResult> PostgresEventStore::commit(const UnitOfWork& work)
{
    return m_writer->commit(work);
}

Result<QList<RecordedEvent>> PostgresEventStore::readStream(const QString& streamId, const StreamReadOptions& options)
{
    return m_reader->readStream(streamId, options);
}

Result<QList<RecordedEvent>> PostgresEventStore::readAll(const ReadAllOptions& options)
{
    return m_reader->readAll(options);
}

Result<std::optional<StreamInfo>> PostgresEventStore::stream(const QString& streamId)
{
    auto result = m_connection->execPrepared(u"SELECT "_s + StreamColumns + u" FROM streams WHERE stream_id = $1"_s,
        {streamId}, u"reading stream "_s + streamId);
    if (!result)
        return result.error();
    std::optional<StreamInfo> info;
    if (result->rows() > 0)
        info = streamFromRow(*result, 0);
    return info;
}

Result<StreamPage> PostgresEventStore::listStreams(const StreamListOptions& options)
{
    QVariantList values {options.beforePosition.value_or(std::numeric_limits<qint64>::max())};
    const auto next = [&values](const QVariant& value) -> QString {
        values.append(value);
        return u"$"_s + QString::number(values.size());
    };
    QString sql = u"SELECT "_s + StreamColumns + u" FROM streams WHERE last_position < $1"_s;
    if (!options.aggregateType.isEmpty())
        sql += u" AND aggregate_type = "_s + next(options.aggregateType);
    if (!options.idContains.isEmpty())
        sql += u" AND "_s
            + postgres::PgEventReader::containsIgnoringAsciiCase(
                u"stream_id"_s, next(postgres::PgEventReader::asciiLower(options.idContains)));
    sql += u" ORDER BY last_position DESC LIMIT "_s + next(options.limit + 1);
    auto result = m_connection->execPrepared(sql, values, u"listing streams"_s);
    if (!result)
        return result.error();
    StreamPage page;
    for (int row = 0; row < result->rows(); ++row)
        page.streams.append(streamFromRow(*result, row));
    if (page.streams.size() > options.limit) {
        page.streams.removeLast();
        page.nextCursor = page.streams.constLast().lastPosition;
    }
    return page;
}

Result<QList<StreamInfo>> PostgresEventStore::queryStreams(const StreamQuery& query)
{
    QVariantList values;
    const auto next = [&values](const QVariant& value) -> QString {
        values.append(value);
        return u"$"_s + QString::number(values.size());
    };
    // The page is chosen from the sort column's index alone, then its rows are read: an index scan would fetch the
    // row of every stream it skips, 90,000 of them for a page at offset 90,000. The indexes carry the key and the
    // aggregate type (schema 4), so the inner query is an index-only scan (where the visibility map allows) that
    // also tests the type there.
    const QString key = streamSortKey(query.sort);
    QString sql = u"SELECT "_s + PrefixedStreamColumns + u" FROM (SELECT stream_pk, "_s + key
        + u" AS sort_key, last_position FROM streams"_s + streamQueryWhere(query, next)
        + streamQueryOrder(query, key, u"last_position"_s);
    sql += u" LIMIT "_s + next(query.limit < 0 ? QVariant() : QVariant(query.limit)); // LIMIT NULL: no limit
    sql += u" OFFSET "_s + next(std::max<qint64>(query.offset, 0));
    sql += u") page JOIN streams s USING (stream_pk)"_s
        + streamQueryOrder(query, u"page.sort_key"_s, u"page.last_position"_s);
    auto result = m_connection->execPrepared(sql, values, u"querying streams"_s);
    if (!result)
        return result.error();
    QList<StreamInfo> streams;
    streams.reserve(result->rows());
    for (int row = 0; row < result->rows(); ++row)
        streams.append(streamFromRow(*result, row));
    return streams;
}

Result<qint64> PostgresEventStore::countStreams(const StreamQuery& query)
{
    QVariantList values;
    const auto next = [&values](const QVariant& value) -> QString {
        values.append(value);
        return u"$"_s + QString::number(values.size());
    };
    auto result = m_connection->execPrepared(
        u"SELECT count(*) FROM streams"_s + streamQueryWhere(query, next), values, u"counting streams"_s);
    if (!result)
        return result.error();
    return result->integer(0, 0);
}

Result<QStringList> PostgresEventStore::eventTypes()
{
    // A loose index scan along events_by_type: one probe per distinct type, not a pass over every event.
    auto types = textColumn(m_connection->execPrepared(
        u"WITH RECURSIVE t(type) AS (SELECT min(type) FROM events UNION ALL "
        u"SELECT (SELECT min(type) FROM events WHERE type > t.type) FROM t WHERE t.type IS NOT NULL) "
        u"SELECT type FROM t WHERE type IS NOT NULL"_s,
        {}, u"listing event types"_s));
    if (!types)
        return types.error();
    return sortedByCodePoint(std::move(types).value());
}

Result<QStringList> PostgresEventStore::aggregateTypes()
{
    return textColumn(m_connection->execPrepared(
        u"SELECT DISTINCT aggregate_type COLLATE \"C\" FROM streams ORDER BY 1"_s, {}, u"listing aggregate types"_s));
}

Result<StreamIndex> PostgresEventStore::readStreamIndex(
    const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress)
{
    return m_reader->readStreamIndex(streamId, fromRevision, cancel, progress);
}

Result<qint64> PostgresEventStore::headPosition()
{
    auto result = m_connection->execPrepared(
        u"SELECT coalesce(max(position), 0) FROM events"_s, {}, u"reading the head position"_s);
    if (!result)
        return result.error();
    return result->integer(0, 0);
}

Result<StoreStatistics> PostgresEventStore::statistics()
{
    // Positions have no gaps (see PgCommitWriter), so the head is also the event count; count(*) would scan.
    auto result = m_connection->execPrepared(u"SELECT (SELECT count(*) FROM streams), "
                                             u"(SELECT coalesce(max(position), 0) FROM events), "
                                             u"(SELECT min(occurred_at) FROM events), "
                                             u"(SELECT max(occurred_at) FROM events)"_s,
        {}, u"counting events"_s);
    if (!result)
        return result.error();
    StoreStatistics statistics;
    statistics.streamCount = result->integer(0, 0);
    statistics.headPosition = result->integer(0, 1);
    statistics.eventCount = statistics.headPosition;
    if (!result->isNull(0, 2))
        statistics.firstOccurredAt = Timestamp::fromMicros(result->integer(0, 2));
    if (!result->isNull(0, 3))
        statistics.lastOccurredAt = Timestamp::fromMicros(result->integer(0, 3));
    return statistics;
}

Result<std::optional<CommandRecordInfo>> PostgresEventStore::findCommand(const QString& commandId)
{
    auto result = m_connection->execPrepared(
        u"SELECT command_id, command_name, stream_id, fingerprint, first_revision, last_revision, first_position, "
        u"last_position, recorded_at FROM commands WHERE command_id = $1"_s,
        {commandId}, u"looking up command "_s + commandId);
    if (!result)
        return result.error();
    std::optional<CommandRecordInfo> info;
    if (result->rows() > 0) {
        info = CommandRecordInfo {result->text(0, 0), result->text(0, 1), result->text(0, 2),
            result->isNull(0, 3) ? QByteArray() : result->bytea(0, 3), result->integer(0, 4), result->integer(0, 5),
            result->integer(0, 6), result->integer(0, 7), Timestamp::fromMicros(result->integer(0, 8))};
    }
    return info;
}

Result<std::optional<QString>> PostgresEventStore::reservationOwner(const QString& scope, const QString& key)
{
    auto result
        = m_connection->execPrepared(u"SELECT owner_stream_id FROM reservations WHERE scope = $1 AND key = $2"_s,
            {scope, key}, u"reading reservations"_s);
    if (!result)
        return result.error();
    std::optional<QString> owner;
    if (result->rows() > 0)
        owner = result->text(0, 0);
    return owner;
}

Result<std::optional<Snapshot>> PostgresEventStore::latestSnapshot(const QString& streamId, qint64 maxRevision)
{
    auto result = m_connection->execPrepared(u"SELECT "_s + SnapshotColumns
            + u" FROM snapshots WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT 1"_s,
        {streamId, maxRevision}, u"reading snapshots of "_s + streamId);
    if (!result)
        return result.error();
    std::optional<Snapshot> snapshot;
    if (result->rows() > 0)
        snapshot = snapshotFromRow(*result, 0);
    return snapshot;
}

Result<QList<Snapshot>> PostgresEventStore::snapshots(const QString& streamId)
{
    auto result = m_connection->execPrepared(
        u"SELECT "_s + SnapshotColumns + u" FROM snapshots WHERE stream_id = $1 ORDER BY revision"_s, {streamId},
        u"reading snapshots of "_s + streamId);
    if (!result)
        return result.error();
    QList<Snapshot> all;
    for (int row = 0; row < result->rows(); ++row)
        all.append(snapshotFromRow(*result, row));
    return all;
}

std::unique_ptr<EventSubscription> PostgresEventStore::subscribe(qint64 afterPosition, const EventFilter& filter)
{
    StoreOptions options = m_connection->options();
    options.mode = StoreOptions::OpenMode::OpenExisting;
    return std::make_unique<PostgresSubscription>(m_connection->conninfo(), options, afterPosition, filter);
}

Result<std::unique_ptr<EventStore>> PostgresEventStore::reopen() const
{
    StoreOptions options = m_connection->options();
    options.mode = StoreOptions::OpenMode::OpenExisting;
    options.readOnly = m_connection->isReadOnly();
    auto store = open(m_connection->conninfo(), options);
    if (!store)
        return store.error();
    return std::unique_ptr<EventStore>(std::move(store).value());
}

} // namespace flashback
