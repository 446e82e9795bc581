// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The stores the window's benchmarks read (bench_streamindex, bench_inspector) and their raw sqlite3 floors, so
// both measure the same shapes of data against the same baselines.

#include "benchsupport.h"
#include "pgbenchsupport.h"
#include "store/eventstore.h"
#include "util/uuid.h"

#include <QList>
#include <QString>
#include <QtEndian>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace flashback::bench {

void commit(EventStore& store, const UnitOfWork& work);

/// A login event with the payload and metadata CommandHandler writes.
NewEvent event(IdGenerator& ids, const QString& type, Timestamp at, int i);

/// One stream of `events` USER_* events in runs of 1 to 6 of a type (4 types), 10,000 per unit, with one event
/// of the stream "other" between units.
void writeLongStream(EventStore& store, qint64 events, const QString& streamId);

/// `streams` streams of 1 to `maxEvents` events, 5 aggregate types, business times spread over 70 days.
void writeManyStreams(EventStore& store, qint64 streams, int maxEvents);

/// The ORDER BY the store uses for a descending sort on `sort`.
QString orderBy(StreamSort sort);
extern const QList<std::pair<StreamSort, const char*>> Sorts;

/// Type names to small ids as the store's index builder keeps them: a run of one type costs one comparison.
class TypeTable {
public:
    quint16 idOf(const char* bytes, size_t size)
    {
        if (size != m_last.size() || std::memcmp(bytes, m_last.data(), size) != 0) {
            m_last.assign(bytes, size);
            m_lastId = 0;
            while (m_lastId < m_names.size() && m_names[m_lastId] != m_last)
                ++m_lastId;
            if (m_lastId == m_names.size())
                m_names.push_back(m_last);
        }
        return m_lastId;
    }

private:
    std::vector<std::string> m_names;
    std::string m_last;
    quint16 m_lastId = 0;
};

/// The floor of an index read: the rows the store reads, into the columns it fills, with nothing in between.
class RawIndex {
public:
    RawIndex(const QString& path, QByteArray streamId)
        : m_db(path)
        , m_streamId(std::move(streamId))
    {
        m_find = m_db.prepare("SELECT stream_pk, revision FROM streams WHERE stream_id = ?");
        m_scan = m_db.prepare("SELECT position, occurred_at, type FROM events WHERE stream_pk = ? AND revision >= 1 "
                              "ORDER BY revision");
    }

    qint64 run()
    {
        RawSqlite::bindText(m_find, 1, m_streamId);
        if (sqlite3_step(m_find) != SQLITE_ROW)
            fail(QStringLiteral("raw baseline: no stream"));
        const qint64 streamPk = sqlite3_column_int64(m_find, 0);
        const qint64 revision = sqlite3_column_int64(m_find, 1);
        sqlite3_reset(m_find);
        std::vector<qint64> positions, occurred;
        std::vector<quint16> typeIds;
        positions.reserve(size_t(revision));
        occurred.reserve(size_t(revision));
        typeIds.reserve(size_t(revision));
        TypeTable types;
        sqlite3_bind_int64(m_scan, 1, streamPk);
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(m_scan)) == SQLITE_ROW) {
            positions.push_back(sqlite3_column_int64(m_scan, 0));
            occurred.push_back(sqlite3_column_int64(m_scan, 1));
            typeIds.push_back(types.idOf(
                static_cast<const char*>(sqlite3_column_blob(m_scan, 2)), size_t(sqlite3_column_bytes(m_scan, 2))));
        }
        if (rc != SQLITE_DONE)
            m_db.failWithError();
        sqlite3_reset(m_scan);
        return qint64(positions.size());
    }

private:
    RawSqlite m_db;
    QByteArray m_streamId;
    sqlite3_stmt* m_find = nullptr;
    sqlite3_stmt* m_scan = nullptr;
};

/// The floor of a page: the store's SQL for the sort, stepped, every column read.
class RawPage {
public:
    RawPage(RawSqlite& db, StreamSort sort, qint64 offset, qint64 limit)
        : m_offset(offset)
        , m_limit(limit)
    {
        const QByteArray sql = "SELECT stream_id, aggregate_type, revision, first_position, last_position, created_at, "
                               "last_occurred_at, last_recorded_at, last_event_type FROM streams ORDER BY "
            + orderBy(sort).toUtf8() + " LIMIT ? OFFSET ?";
        m_statement = db.prepare(sql.constData());
    }

    qint64 run()
    {
        sqlite3_bind_int64(m_statement, 1, m_limit);
        sqlite3_bind_int64(m_statement, 2, m_offset);
        qint64 rows = 0;
        qint64 sum = 0;
        while (sqlite3_step(m_statement) == SQLITE_ROW) {
            for (int column : {0, 1, 8})
                sum += sqlite3_column_bytes(m_statement, column)
                    + (sqlite3_column_text(m_statement, column) != nullptr);
            for (int column = 2; column < 8; ++column)
                sum += sqlite3_column_int64(m_statement, column) != 0;
            ++rows;
        }
        sqlite3_reset(m_statement);
        return sum > 0 ? rows : 0;
    }

private:
    sqlite3_stmt* m_statement = nullptr;
    qint64 m_offset;
    qint64 m_limit;
};

/// The PostgreSQL baselines: the index's rows in one result or in pages like the store's, text or binary.
class RawPgIndex {
public:
    explicit RawPgIndex(const QString& conninfo)
        : m_conn(PQconnectdb(conninfo.toUtf8().constData()))
    {
        if (PQstatus(m_conn) != CONNECTION_OK)
            fail(QStringLiteral("raw baseline: ") + QString::fromUtf8(PQerrorMessage(m_conn)));
        PgResultPtr found(PQexec(m_conn, "SELECT stream_pk, revision FROM streams WHERE stream_id = 'long'"));
        if (PQresultStatus(found.get()) != PGRES_TUPLES_OK || PQntuples(found.get()) != 1)
            fail(QStringLiteral("raw baseline: no stream"));
        m_streamPk = QByteArray(PQgetvalue(found.get(), 0, 0));
        m_revision = QByteArray(PQgetvalue(found.get(), 0, 1)).toLongLong();
    }
    ~RawPgIndex() { PQfinish(m_conn); }
    RawPgIndex(const RawPgIndex&) = delete;
    RawPgIndex& operator=(const RawPgIndex&) = delete;

    /// Events read; `pageRows` 0 reads them in one result.
    qint64 run(bool binary, qint64 pageRows)
    {
        std::vector<qint64> positions, occurred;
        std::vector<quint16> typeIds;
        positions.reserve(size_t(m_revision));
        occurred.reserve(size_t(m_revision));
        typeIds.reserve(size_t(m_revision));
        TypeTable types;
        for (qint64 next = 1;;) {
            const QByteArray from = QByteArray::number(next);
            const QByteArray limit = pageRows > 0 ? QByteArray::number(pageRows) : QByteArray();
            const char* values[]
                = {m_streamPk.constData(), from.constData(), pageRows > 0 ? limit.constData() : nullptr};
            PgResultPtr rows(PQexecParams(m_conn,
                "SELECT position, occurred_at, type FROM events WHERE stream_pk = $1 AND revision >= $2 "
                "ORDER BY revision LIMIT $3",
                3, nullptr, values, nullptr, nullptr, binary ? 1 : 0));
            if (PQresultStatus(rows.get()) != PGRES_TUPLES_OK)
                fail(QStringLiteral("raw baseline: ") + QString::fromUtf8(PQresultErrorMessage(rows.get())));
            const int count = PQntuples(rows.get());
            for (int row = 0; row < count; ++row) {
                if (binary) {
                    positions.push_back(qFromBigEndian<qint64>(PQgetvalue(rows.get(), row, 0)));
                    occurred.push_back(qFromBigEndian<qint64>(PQgetvalue(rows.get(), row, 1)));
                } else {
                    positions.push_back(std::strtoll(PQgetvalue(rows.get(), row, 0), nullptr, 10));
                    occurred.push_back(std::strtoll(PQgetvalue(rows.get(), row, 1), nullptr, 10));
                }
                typeIds.push_back(types.idOf(PQgetvalue(rows.get(), row, 2), size_t(PQgetlength(rows.get(), row, 2))));
            }
            if (pageRows == 0 || count < pageRows)
                break;
            next += count;
        }
        return qint64(positions.size());
    }

private:
    PGconn* m_conn = nullptr;
    QByteArray m_streamPk;
    qint64 m_revision = 0;
};

} // namespace flashback::bench
