// SPDX-License-Identifier: GPL-3.0-or-later
#include "inspectorfloors.h"

#include "windowstores.h"

using namespace Qt::StringLiterals;

namespace flashback::bench {

namespace {

const QByteArray StreamsPageSql = "SELECT stream_id, aggregate_type, revision, first_position, last_position, "
                                  "created_at, last_occurred_at, last_recorded_at, last_event_type FROM streams "
                                  "ORDER BY last_occurred_at DESC, last_position DESC LIMIT 200 OFFSET ";
const QByteArray EventsPageSql = "SELECT e.position, e.event_id, e.revision, e.type, e.schema_version, e.occurred_at, "
                                 "e.recorded_at, e.actor, e.data, e.metadata FROM events e JOIN streams s ON "
                                 "s.stream_pk = e.stream_pk WHERE s.stream_id = ";

class SqliteFloors : public InspectorFloors {
public:
    explicit SqliteFloors(const QString& path)
        : m_path(path)
        , m_db(path)
    {
        m_events = m_db.prepare(
            QByteArray(EventsPageSql + "? AND e.revision >= ? ORDER BY e.revision LIMIT 200").constData());
        m_streams = m_db.prepare(QByteArray(StreamsPageSql + "?").constData());
    }

    qint64 index(const QByteArray& streamId) override
    {
        if (!m_index || m_indexStream != streamId) {
            m_index = std::make_unique<RawIndex>(m_path, streamId);
            m_indexStream = streamId;
        }
        return m_index->run();
    }

    void eventsPage(const QByteArray& streamId, qint64 fromRevision) override
    {
        RawSqlite::bindText(m_events, 1, streamId);
        sqlite3_bind_int64(m_events, 2, fromRevision);
        stepAll(m_events, 10);
    }

    void streamsPage(qint64 offset) override
    {
        sqlite3_bind_int64(m_streams, 1, offset);
        stepAll(m_streams, 9);
    }

private:
    // Every column of every row read, as the store reads them.
    void stepAll(sqlite3_stmt* statement, int columns)
    {
        qint64 bytes = 0;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            for (int column = 0; column < columns; ++column)
                bytes += sqlite3_column_bytes(statement, column);
        }
        if (rc != SQLITE_DONE)
            m_db.failWithError();
        sqlite3_reset(statement);
        if (bytes == 0)
            fail(u"floor: a page came back empty"_s);
    }

    QString m_path;
    RawSqlite m_db;
    sqlite3_stmt* m_events = nullptr;
    sqlite3_stmt* m_streams = nullptr;
    std::unique_ptr<RawIndex> m_index;
    QByteArray m_indexStream;
};

class PgFloors : public InspectorFloors {
public:
    explicit PgFloors(const QString& conninfo)
        : m_conninfo(conninfo)
        , m_db(conninfo)
    {
        // The stream's key computed once, as the store reads a page: joined, PostgreSQL sorts the rest of the stream.
        m_db.prepare("events",
            "WITH s AS (SELECT stream_pk FROM streams WHERE stream_id = $1) SELECT e.position, e.event_id, "
            "e.revision, e.type, e.schema_version, e.occurred_at, e.recorded_at, e.actor, e.data, e.metadata "
            "FROM events e WHERE e.stream_pk = (SELECT stream_pk FROM s) AND e.revision >= $2 "
            "ORDER BY e.revision LIMIT 200");
        m_db.prepare("streams", StreamsPageSql + "$1");
    }

    qint64 index(const QByteArray& streamId) override
    {
        if (streamId != "long")
            fail(u"floor: the PostgreSQL index floor reads the stream \"long\""_s);
        if (!m_index)
            m_index = std::make_unique<RawPgIndex>(m_conninfo);
        // Binary, in one result: the quickest way libpq has to bring these rows over.
        return m_index->run(true, 0);
    }

    void eventsPage(const QByteArray& streamId, qint64 fromRevision) override
    {
        PgParams params;
        params.add(streamId).add(fromRevision);
        check(m_db.run("events", params));
    }

    void streamsPage(qint64 offset) override
    {
        PgParams params;
        params.add(offset);
        check(m_db.run("streams", params));
    }

private:
    static void check(const PgResultPtr& result)
    {
        if (PQntuples(result.get()) == 0)
            fail(u"floor: a page came back empty"_s);
    }

    QString m_conninfo;
    RawPg m_db;
    std::unique_ptr<RawPgIndex> m_index;
};

} // namespace

std::unique_ptr<InspectorFloors> InspectorFloors::open(const QString& backend, const QString& address)
{
    if (backend == u"postgres"_s)
        return std::make_unique<PgFloors>(address);
    return std::make_unique<SqliteFloors>(address);
}

} // namespace flashback::bench
