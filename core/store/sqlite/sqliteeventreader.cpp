// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteeventreader.h"

#include "sqliteconnection.h"
#include "store/streamindexbuilder.h"
#include "store/streamquery.h"

#include <QSqlError>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback::sqlite {

namespace {

const QString EventColumns = u"e.position, e.event_id, s.stream_id, s.aggregate_type, e.revision, e.type, "
                             u"e.schema_version, e.occurred_at, e.recorded_at, e.data, e.metadata"_s;
/// The columns of EventColumns that differ between the events of one stream. The type comes as its UTF-8 bytes:
/// the driver would convert every row's text to UTF-16 through SQLite, while a stream repeats a few types, each
/// converted once (TypeNames).
const QString StreamEventColumns = u"position, event_id, revision, CAST(type AS BLOB), schema_version, occurred_at, "
                                   u"recorded_at, data, metadata"_s;
/// Capacity reserved up front at most, so a huge stream range never allocates before a row is read.
constexpr qint64 MaxReserve = 1 << 16;
const QString StreamColumns = u"stream_id, aggregate_type, revision, first_position, last_position, created_at, "
                              u"last_occurred_at, last_recorded_at, last_event_type"_s;

RecordedEvent eventFromRow(const QSqlQuery& query)
{
    RecordedEvent event;
    event.position = query.value(0).toLongLong();
    event.eventId = QUuid::fromRfc4122(query.value(1).toByteArray());
    event.streamId = query.value(2).toString();
    event.aggregateType = query.value(3).toString();
    event.revision = query.value(4).toLongLong();
    event.type = query.value(5).toString();
    event.schemaVersion = query.value(6).toInt();
    event.occurredAt = Timestamp::fromMicros(query.value(7).toLongLong());
    event.recordedAt = Timestamp::fromMicros(query.value(8).toLongLong());
    event.data = query.value(9).toByteArray();
    event.metadata = query.value(10).toByteArray();
    return event;
}

/// Event type names as read, shared between the events that have them.
class TypeNames {
public:
    /// `utf8` may point into SQLite's row, so it is copied when kept.
    const QString& name(const QByteArray& utf8)
    {
        if (utf8 != m_utf8) {
            m_utf8 = QByteArray(utf8.constData(), utf8.size());
            m_name = QString::fromUtf8(utf8);
        }
        return m_name;
    }

private:
    QByteArray m_utf8;
    QString m_name;
};

/// Rows of StreamEventColumns, from one stream.
RecordedEvent eventFromStreamRow(
    const sqlite::NativeStatement& row, const QString& streamId, const QString& aggregateType, TypeNames& types)
{
    RecordedEvent event;
    event.position = row.int64(0);
    event.eventId = QUuid::fromRfc4122(row.rawBytes(1));
    event.streamId = streamId;
    event.aggregateType = aggregateType;
    event.revision = row.int64(2);
    event.type = types.name(row.rawBytes(3));
    event.schemaVersion = int(row.int64(4));
    event.occurredAt = Timestamp::fromMicros(row.int64(5));
    event.recordedAt = Timestamp::fromMicros(row.int64(6));
    event.data = row.bytes(7);
    event.metadata = row.bytes(8);
    return event;
}

StreamInfo streamFromRow(const QSqlQuery& query)
{
    StreamInfo info;
    info.streamId = query.value(0).toString();
    info.aggregateType = query.value(1).toString();
    info.revision = query.value(2).toLongLong();
    info.firstPosition = query.value(3).toLongLong();
    info.lastPosition = query.value(4).toLongLong();
    info.createdAt = Timestamp::fromMicros(query.value(5).toLongLong());
    info.lastOccurredAt = Timestamp::fromMicros(query.value(6).toLongLong());
    info.lastRecordedAt = Timestamp::fromMicros(query.value(7).toLongLong());
    info.lastEventType = query.value(8).toString();
    return info;
}

/// LIKE pattern for a literal substring.
QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

/// The WHERE clause of a stream query (empty when it filters nothing), with its values appended to `values`.
QString streamQueryWhere(const StreamQuery& query, QVariantList& values, bool forCount)
{
    QStringList conditions;
    if (!query.aggregateType.isEmpty()) {
        // Sorted by another column, "+" keeps SQLite off the type's own index: it would fetch every stream of the
        // type and sort them all. The sort column's index carries the type (schema 3), so walking it in order and
        // testing the type there skips the streams before the page without reading them. Counts and the type's
        // own order use the type's index.
        conditions.append(
            forCount || query.sort == StreamSort::AggregateType ? u"aggregate_type = ?"_s : u"+aggregate_type = ?"_s);
        values.append(query.aggregateType);
    }
    if (!query.text.isEmpty()) {
        // LIKE folds ASCII letters only, as the other backends do.
        conditions.append(u"(stream_id LIKE ? ESCAPE '\\' OR aggregate_type LIKE ? ESCAPE '\\')"_s);
        values.append(likePattern(query.text));
        values.append(likePattern(query.text));
    }
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

/// ORDER BY for a stream query. Each sort column has an index that orders by it, then last_position (schema 3), so
/// a page deep down walks an index instead of sorting every stream; stream ids are unique and need no tiebreaker.
QString streamQueryOrder(const StreamQuery& query)
{
    const QString direction = query.descending ? u" DESC"_s : u" ASC"_s;
    QString column;
    switch (query.sort) {
    case StreamSort::LastActivity:
        column = u"last_occurred_at"_s;
        break;
    case StreamSort::StreamId:
        return u" ORDER BY stream_id"_s + direction;
    case StreamSort::AggregateType:
        column = u"aggregate_type"_s;
        break;
    case StreamSort::EventCount:
        column = u"revision"_s;
        break;
    case StreamSort::FirstActivity:
        column = u"created_at"_s;
        break;
    case StreamSort::LastEventType:
        column = u"last_event_type"_s;
        break;
    }
    return u" ORDER BY "_s + column + direction + u", last_position"_s + direction;
}

/// Runs `sql` with `values` and turns every row into a T: all of them, or the failure of `doing` (also when the
/// rows stop early: next() ends on a damaged page too, which must never pass for the end).
template <typename T, typename FromRow>
Result<QList<T>> selectAll(
    SqliteConnection& connection, const QString& sql, const QVariantList& values, const QString& doing, FromRow fromRow)
{
    QSqlQuery& query = connection.statement(sql);
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec())
        return connection.failure(query, doing);
    QList<T> rows;
    while (query.next())
        rows.append(fromRow(query));
    if (query.lastError().isValid())
        return connection.failure(query, doing);
    query.finish();
    return rows;
}

} // namespace

Result<QList<RecordedEvent>> SqliteEventReader::readStream(const QString& streamId, const StreamReadOptions& options)
{
    // The stream row first, then its events alone: every row of a stream shares its id and aggregate type, and
    // converting those two texts for each of thousands of rows was a large part of a replay. Both never change
    // for a stream, so reading them in a separate statement returns exactly what the join did (the revision read
    // with them only sizes the list).
    const QString doing = u"reading stream "_s + streamId;
    auto find = m_connection.nativeStatement(
        u"SELECT stream_pk, CAST(aggregate_type AS BLOB), revision FROM streams WHERE stream_id = ?"_s);
    if (!find)
        return find.error();
    const bool forward = options.direction == ReadDirection::Forward;
    auto events = m_connection.nativeStatement(u"SELECT "_s + StreamEventColumns
        + u" FROM events WHERE stream_pk = ? AND revision BETWEEN ? AND ? ORDER BY revision "_s
        + (forward ? u"ASC"_s : u"DESC"_s) + u" LIMIT ?"_s);
    if (!events)
        return events.error();

    sqlite::NativeStatement& stream = **find;
    stream.reset();
    stream.bind(1, streamId);
    if (!stream.next()) {
        if (stream.errorCode() != 0)
            return m_connection.nativeError(stream, doing);
        return QList<RecordedEvent>();
    }
    const qint64 streamPk = stream.int64(0);
    const QString aggregateType = QString::fromUtf8(stream.rawBytes(1));
    const qint64 revision = stream.int64(2);
    stream.reset();

    sqlite::NativeStatement& rows = **events;
    rows.reset();
    rows.bind(1, streamPk);
    rows.bind(2, options.fromRevision);
    rows.bind(3, options.toRevision);
    rows.bind(4, options.limit);
    QList<RecordedEvent> out;
    // A hint only (a writer may append meanwhile): the revisions in range as the stream row had them.
    const qint64 expected = std::min(revision, options.toRevision) - std::max<qint64>(options.fromRevision, 1) + 1;
    out.reserve(qsizetype(
        std::clamp<qint64>(options.limit >= 0 ? std::min(expected, options.limit) : expected, 0, MaxReserve)));
    TypeNames types;
    while (rows.next())
        out.append(eventFromStreamRow(rows, streamId, aggregateType, types));
    if (rows.errorCode() != 0)
        return m_connection.nativeError(rows, doing);
    return out;
}

Result<QList<RecordedEvent>> SqliteEventReader::readAll(const ReadAllOptions& options)
{
    const bool forward = options.direction == ReadDirection::Forward;
    QString sql = u"SELECT "_s + EventColumns + u" FROM events e JOIN streams s ON s.stream_pk = e.stream_pk WHERE "_s;
    QVariantList values;
    if (forward) {
        sql += u"e.position > ?"_s;
        values.append(options.cursor.value_or(0));
    } else {
        sql += u"e.position < ?"_s;
        values.append(options.cursor.value_or(std::numeric_limits<qint64>::max()));
    }
    const EventFilter& filter = options.filter;
    if (!filter.types.isEmpty()) {
        QStringList marks;
        for (const auto& type : filter.types) {
            marks.append(u"?"_s);
            values.append(type);
        }
        sql += u" AND e.type IN ("_s + marks.join(u", "_s) + u')';
    }
    if (!filter.aggregateType.isEmpty()) {
        sql += u" AND s.aggregate_type = ?"_s;
        values.append(filter.aggregateType);
    }
    if (!filter.streamId.isEmpty()) {
        sql += u" AND s.stream_id = ?"_s;
        values.append(filter.streamId);
    }
    if (!filter.actor.isEmpty()) {
        sql += u" AND e.actor = ?"_s;
        values.append(filter.actor);
    }
    if (filter.since) {
        sql += u" AND e.occurred_at >= ?"_s;
        values.append(filter.since->micros());
    }
    if (filter.until) {
        sql += u" AND e.occurred_at < ?"_s;
        values.append(filter.until->micros());
    }
    if (!filter.text.isEmpty()) {
        sql += u" AND (CAST(e.data AS TEXT) LIKE ? ESCAPE '\\' OR CAST(e.metadata AS TEXT) LIKE ? ESCAPE '\\')"_s;
        values.append(likePattern(filter.text));
        values.append(likePattern(filter.text));
    }
    sql += forward ? u" ORDER BY e.position ASC LIMIT ?"_s : u" ORDER BY e.position DESC LIMIT ?"_s;
    values.append(options.limit);

    return selectAll<RecordedEvent>(m_connection, sql, values, u"reading the log"_s, eventFromRow);
}

Result<std::optional<StreamInfo>> SqliteEventReader::stream(const QString& streamId)
{
    QSqlQuery& query = m_connection.statement(u"SELECT "_s + StreamColumns + u" FROM streams WHERE stream_id = ?"_s);
    query.bindValue(0, streamId);
    if (!query.exec())
        return m_connection.failure(query, u"reading stream "_s + streamId);
    std::optional<StreamInfo> info;
    if (query.next())
        info = streamFromRow(query);
    query.finish();
    return info;
}

Result<StreamPage> SqliteEventReader::listStreams(const StreamListOptions& options)
{
    QString sql = u"SELECT "_s + StreamColumns + u" FROM streams WHERE last_position < ?"_s;
    QVariantList values {options.beforePosition.value_or(std::numeric_limits<qint64>::max())};
    if (!options.aggregateType.isEmpty()) {
        sql += u" AND aggregate_type = ?"_s;
        values.append(options.aggregateType);
    }
    if (!options.idContains.isEmpty()) {
        sql += u" AND stream_id LIKE ? ESCAPE '\\'"_s;
        values.append(likePattern(options.idContains));
    }
    sql += u" ORDER BY last_position DESC LIMIT ?"_s;
    values.append(options.limit + 1);
    auto streams = selectAll<StreamInfo>(m_connection, sql, values, u"listing streams"_s, streamFromRow);
    if (!streams)
        return streams.error();
    StreamPage page;
    page.streams = std::move(*streams);
    if (page.streams.size() > options.limit) {
        page.streams.removeLast();
        page.nextCursor = page.streams.constLast().lastPosition;
    }
    return page;
}

Result<QList<StreamInfo>> SqliteEventReader::queryStreams(const StreamQuery& query)
{
    QVariantList values;
    const QString sql = u"SELECT "_s + StreamColumns + u" FROM streams"_s + streamQueryWhere(query, values, false)
        + streamQueryOrder(query) + u" LIMIT ? OFFSET ?"_s;
    values.append(query.limit < 0 ? -1 : query.limit); // LIMIT -1: no limit
    values.append(std::max<qint64>(query.offset, 0));
    return selectAll<StreamInfo>(m_connection, sql, values, u"querying streams"_s, streamFromRow);
}

Result<qint64> SqliteEventReader::countStreams(const StreamQuery& query)
{
    QVariantList values;
    QSqlQuery& select
        = m_connection.statement(u"SELECT count(*) FROM streams"_s + streamQueryWhere(query, values, true));
    for (int i = 0; i < values.size(); ++i)
        select.bindValue(i, values.at(i));
    if (!select.exec() || !select.next())
        return m_connection.failure(select, u"counting streams"_s);
    const qint64 count = select.value(0).toLongLong();
    select.finish();
    return count;
}

Result<QStringList> SqliteEventReader::eventTypes()
{
    // A loose index scan along events_by_type: one probe per distinct type, not a pass over every event.
    QSqlQuery& select = m_connection.statement(
        u"WITH RECURSIVE t(type) AS (SELECT min(type) FROM events UNION ALL "
        u"SELECT (SELECT min(type) FROM events WHERE type > t.type) FROM t WHERE t.type IS NOT NULL) "
        u"SELECT type FROM t WHERE type IS NOT NULL"_s);
    if (!select.exec())
        return m_connection.failure(select, u"listing event types"_s);
    QStringList types;
    while (select.next())
        types.append(select.value(0).toString());
    if (select.lastError().isValid())
        return m_connection.failure(select, u"listing event types"_s);
    select.finish();
    return sortedByCodePoint(std::move(types));
}

Result<QStringList> SqliteEventReader::aggregateTypes()
{
    QSqlQuery& select
        = m_connection.statement(u"SELECT DISTINCT aggregate_type FROM streams ORDER BY aggregate_type"_s);
    if (!select.exec())
        return m_connection.failure(select, u"listing aggregate types"_s);
    QStringList types;
    while (select.next())
        types.append(select.value(0).toString());
    if (select.lastError().isValid())
        return m_connection.failure(select, u"listing aggregate types"_s);
    select.finish();
    return types;
}

Result<StreamIndex> SqliteEventReader::readStreamIndex(
    const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress)
{
    if (StreamIndexBuilder::isCancelled(cancel))
        return StreamIndexBuilder::cancelled(streamId);
    // As readStream: the stream row, then its events on the sqlite3 handle, here three columns of each and never
    // the payload or the metadata (SQLite reads a row's record only as far as the last column asked for, and these
    // come before them). The type text comes as its bytes, without a QString per row.
    const QString doing = u"reading the index of stream "_s + streamId;
    auto find = m_connection.nativeStatement(
        u"SELECT stream_pk, CAST(aggregate_type AS BLOB), revision FROM streams WHERE stream_id = ?"_s);
    if (!find)
        return find.error();
    auto events = m_connection.nativeStatement(
        u"SELECT position, occurred_at, type FROM events WHERE stream_pk = ? AND revision >= ? ORDER BY revision"_s);
    if (!events)
        return events.error();

    StreamIndex index;
    index.streamId = streamId;
    index.firstRevision = std::max<qint64>(fromRevision, 1);
    sqlite::NativeStatement& stream = **find;
    stream.reset();
    stream.bind(1, streamId);
    if (!stream.next()) {
        if (stream.errorCode() != 0)
            return m_connection.nativeError(stream, doing);
        return index;
    }
    const qint64 streamPk = stream.int64(0);
    index.aggregateType = QString::fromUtf8(stream.rawBytes(1));
    const qint64 revision = stream.int64(2);
    stream.reset();

    sqlite::NativeStatement& rows = **events;
    rows.reset();
    rows.bind(1, streamPk);
    rows.bind(2, index.firstRevision);
    StreamIndexBuilder builder(index, cancel, progress);
    // The revision the stream row had: exact unless a writer appended since, so the columns hold ~18 bytes an event.
    builder.reserve(revision - index.firstRevision + 1);
    while (rows.next()) {
        if (!builder.add(rows.int64(0), rows.int64(1), rows.rawBytes(2))) {
            rows.reset(); // let go of the read snapshot now
            return builder.error();
        }
    }
    if (rows.errorCode() != 0)
        return m_connection.nativeError(rows, doing);
    return index;
}

} // namespace flashback::sqlite
