// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgeventreader.h"
#include "pgconnection.h"
#include "store/streamindexbuilder.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace flashback::postgres {

const QString& PgEventReader::columns()
{
    static const QString list = u"e.position, e.event_id, s.stream_id, s.aggregate_type, e.revision, e.type, "
                                u"e.schema_version, e.occurred_at, e.recorded_at, e.data, e.metadata"_s;
    return list;
}

namespace {

/// A text column that repeats from row to row (stream id, aggregate type, event type): converted to a QString only
/// when it changes, and shared otherwise. Decoding text was a large part of a replay.
class RepeatedText {
public:
    const QString& from(QByteArrayView bytes)
    {
        if (!m_valid || bytes != QByteArrayView(m_bytes)) {
            m_bytes = bytes.toByteArray();
            m_text = QString::fromUtf8(bytes);
            m_valid = true;
        }
        return m_text;
    }

private:
    QByteArray m_bytes;
    QString m_text;
    bool m_valid = false;
};

QList<RecordedEvent> eventsFrom(const PgResult& result)
{
    QList<RecordedEvent> events;
    events.reserve(result.rows());
    RepeatedText streams, aggregateTypes, types;
    for (int row = 0; row < result.rows(); ++row) {
        RecordedEvent event;
        event.position = result.integer(row, 0);
        event.eventId = result.uuid(row, 1);
        event.streamId = streams.from(result.bytes(row, 2));
        event.aggregateType = aggregateTypes.from(result.bytes(row, 3));
        event.revision = result.integer(row, 4);
        event.type = types.from(result.bytes(row, 5));
        event.schemaVersion = int(result.integer(row, 6));
        event.occurredAt = Timestamp::fromMicros(result.integer(row, 7));
        event.recordedAt = Timestamp::fromMicros(result.integer(row, 8));
        event.data = result.byteArray(row, 9);
        event.metadata = result.byteArray(row, 10);
        events.append(std::move(event));
    }
    return events;
}

} // namespace

QString PgEventReader::containsIgnoringAsciiCase(const QString& column, const QString& placeholder)
{
    // Under the "C" collation lower() folds A-Z only (ILIKE and lower() otherwise follow the database's locale),
    // and strpos() matches literally: no LIKE wildcards to escape. Much faster than translate().
    return u"strpos(lower("_s + column + u" COLLATE \"C\"), "_s + placeholder + u") > 0"_s;
}

QString PgEventReader::asciiLower(const QString& text)
{
    QString lowered = text;
    for (QChar& c : lowered) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + (u'a' - u'A'));
    }
    return lowered;
}

Result<QList<RecordedEvent>> PgEventReader::readStream(const QString& streamId, const StreamReadOptions& options)
{
    const bool forward = options.direction == ReadDirection::Forward;
    // The stream's key as a value computed once (an InitPlan), not a join: only then does the planner walk
    // events_stream_revision_unique in revision order and stop at the limit. Joined, it fetched every event of the
    // stream from fromRevision on and sorted them for each page (a page at revision 500,000 of a 1,000,000-event
    // stream read 500,000 rows for 200).
    static const QString streamColumns = [] {
        QString list = columns();
        list.replace(u"s.stream_id"_s, u"(SELECT stream_id FROM s)"_s);
        list.replace(u"s.aggregate_type"_s, u"(SELECT aggregate_type FROM s)"_s);
        return list;
    }();
    const QString sql
        = u"WITH s AS (SELECT stream_pk, stream_id, aggregate_type FROM streams WHERE stream_id = $1) SELECT "_s
        + streamColumns
        + u" FROM events e WHERE e.stream_pk = (SELECT stream_pk FROM s) AND e.revision BETWEEN $2 AND $3 "
          u"ORDER BY e.revision "_s
        + (forward ? u"ASC"_s : u"DESC"_s) + u" LIMIT $4"_s;
    // LIMIT NULL is LIMIT ALL.
    const QVariant limit = options.limit < 0 ? QVariant() : QVariant(options.limit);
    auto result = m_connection.execPrepared(
        sql, {streamId, options.fromRevision, options.toRevision, limit}, u"reading stream "_s + streamId);
    if (!result)
        return result.error();
    return eventsFrom(*result);
}

Result<QList<RecordedEvent>> PgEventReader::readAll(const ReadAllOptions& options)
{
    const bool forward = options.direction == ReadDirection::Forward;
    QVariantList values;
    const auto next = [&values](const QVariant& value) -> QString {
        values.append(value);
        return u"$"_s + QString::number(values.size());
    };
    QString sql = u"SELECT "_s + columns() + u" FROM events e JOIN streams s ON s.stream_pk = e.stream_pk WHERE "_s;
    if (forward)
        sql += u"e.position > "_s + next(options.cursor.value_or(0));
    else
        sql += u"e.position < "_s + next(options.cursor.value_or(std::numeric_limits<qint64>::max()));
    const EventFilter& filter = options.filter;
    if (!filter.types.isEmpty()) {
        QStringList marks;
        for (const auto& type : filter.types)
            marks.append(next(type));
        sql += u" AND e.type IN ("_s + marks.join(u", "_s) + u')';
    }
    if (!filter.aggregateType.isEmpty())
        sql += u" AND s.aggregate_type = "_s + next(filter.aggregateType);
    if (!filter.streamId.isEmpty())
        sql += u" AND s.stream_id = "_s + next(filter.streamId);
    if (!filter.actor.isEmpty())
        sql += u" AND e.actor = "_s + next(filter.actor);
    if (filter.since)
        sql += u" AND e.occurred_at >= "_s + next(filter.since->micros());
    if (filter.until)
        sql += u" AND e.occurred_at < "_s + next(filter.until->micros());
    if (!filter.text.isEmpty()) {
        const QString needle = next(asciiLower(filter.text));
        sql += u" AND ("_s + containsIgnoringAsciiCase(u"e.data::text"_s, needle) + u" OR "_s
            + containsIgnoringAsciiCase(u"e.metadata::text"_s, needle) + u')';
    }
    sql += (forward ? u" ORDER BY e.position ASC LIMIT "_s : u" ORDER BY e.position DESC LIMIT "_s)
        + next(options.limit < 0 ? QVariant() : QVariant(options.limit));

    auto result = m_connection.execPrepared(sql, values, u"reading the log"_s);
    if (!result)
        return result.error();
    return eventsFrom(*result);
}

Result<StreamIndex> PgEventReader::readStreamIndex(
    const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress)
{
    if (StreamIndexBuilder::isCancelled(cancel))
        return StreamIndexBuilder::cancelled(streamId);
    const QString doing = u"reading the index of stream "_s + streamId;
    StreamIndex index;
    index.streamId = streamId;
    index.firstRevision = std::max<qint64>(fromRevision, 1);
    auto stream = m_connection.execPrepared(
        u"SELECT stream_pk, aggregate_type, revision FROM streams WHERE stream_id = $1"_s, {streamId}, doing);
    if (!stream)
        return stream.error();
    if (stream->rows() == 0)
        return index;
    const qint64 streamPk = stream->integer(0, 0);
    index.aggregateType = stream->text(0, 1);
    StreamIndexBuilder builder(index, cancel, progress);
    builder.reserve(stream->integer(0, 2) - index.firstRevision + 1);

    // Pages by revision rather than one result: a result holds every row in memory at once, libpq's single-row
    // mode costs a result per row, and a cursor needs a transaction. Revisions have no gaps and events never
    // change, so consecutive pages join exactly. Binary results: two bigints a row without parsing digits.
    const QString page = u"SELECT position, occurred_at, type FROM events WHERE stream_pk = $1 AND revision >= $2 "
                         u"ORDER BY revision LIMIT $3"_s;
    for (qint64 next = index.firstRevision;;) {
        if (StreamIndexBuilder::isCancelled(cancel))
            return StreamIndexBuilder::cancelled(streamId);
        auto rows
            = m_connection.execPrepared(page, {streamPk, next, IndexPageRows}, doing, PgConnection::Format::Binary);
        if (!rows)
            return rows.error();
        const int count = rows->rows();
        for (int row = 0; row < count; ++row) {
            if (!builder.add(rows->binaryInteger(row, 0), rows->binaryInteger(row, 1), rows->bytes(row, 2)))
                return builder.error();
        }
        if (count < IndexPageRows)
            return index;
        next += count;
    }
}

} // namespace flashback::postgres
