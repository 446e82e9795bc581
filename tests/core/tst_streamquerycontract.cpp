// SPDX-License-Identifier: GPL-3.0-or-later
// The window's two reads on every backend: streams by any column in offset pages (queryStreams, countStreams,
// aggregateTypes) and one stream's compact index (readStreamIndex). CTest runs it once per backend with
// FLASHBACK_TEST_BACKEND set.
#include "eventscript.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "store/postgres/pgeventreader.h"
#include "store/postgres/pgschema.h"
#include "store/sqlite/sqliteconnection.h"
#include "store/storeopener.h"
#include "storefixture.h"

#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

Q_DECLARE_METATYPE(StreamSort)

namespace {

/// Appends `script` to `streamId` with no concurrency check; a failure ends the test run.
void put(EventStore& store, const QString& streamId, const QString& aggregateType, const QString& script)
{
    auto result = store.append(streamId, aggregateType, ExpectedRevision::any(), eventScript(script));
    if (!result)
        qFatal("append failed: %s", qPrintable(result.error().toString()));
}

/// Seven streams whose orders differ by every column, with ties in each (equal types, counts, times, last event
/// types), one stream backdated before all the others. Appends interleave, so position order is none of them.
///
/// | stream  | type    | events | last position | created     | last occurred | last event type |
/// | order-2 | Order   | 2      | 2             | 17th 09:00  | 10:00         | ORDER_PAID      |
/// | User-A  | User    | 2      | 5             | 10:00       | 11:00         | USER_RENAMED    |
/// | order-1 | Order   | 1      | 6             | 09:00       | 09:00         | ORDER_PLACED    |
/// | user-b  | User    | 2      | 7             | 08:00       | 10:00         | USER_RENAMED    |
/// | cart_9  | Cart    | 1      | 8             | 16th 12:00  | 16th 12:00    | CART_OPENED     |
/// | inv-7   | Invoice | 1      | 9             | 11:00       | 11:00         | INVOICE_SENT    |
void putCatalog(EventStore& store)
{
    put(store, u"order-2"_s, u"Order"_s, u"ORDER_PLACED@2025-03-17T09:00; ORDER_PAID@10:00"_s);
    put(store, u"user-b"_s, u"User"_s, u"USER_CREATED@2025-03-17T08:00"_s);
    put(store, u"User-A"_s, u"User"_s, u"USER_CREATED@2025-03-17T10:00; USER_RENAMED@11:00"_s);
    put(store, u"order-1"_s, u"Order"_s, u"ORDER_PLACED@2025-03-17T09:00"_s);
    put(store, u"user-b"_s, u"User"_s, u"USER_RENAMED@2025-03-17T10:00"_s);
    put(store, u"cart_9"_s, u"Cart"_s, u"CART_OPENED@2025-03-16T12:00"_s);
    put(store, u"inv-7"_s, u"Invoice"_s, u"INVOICE_SENT@2025-03-17T11:00"_s);
}

QStringList idsOf(const QList<StreamInfo>& streams)
{
    QStringList ids;
    for (const StreamInfo& info : streams)
        ids.append(info.streamId);
    return ids;
}

QStringList reversed(QStringList list)
{
    std::reverse(list.begin(), list.end());
    return list;
}

StreamQuery everything(StreamSort sort = StreamSort::StreamId, bool descending = false)
{
    StreamQuery query;
    query.sort = sort;
    query.descending = descending;
    query.limit = -1;
    return query;
}

/// The test's own statement of the order, independent of the store's helpers: the column (text by UTF-8 bytes),
/// then the last position, both in the query's direction. Negative, zero or positive.
int compareBySort(StreamSort sort, const StreamInfo& a, const StreamInfo& b)
{
    const auto compare = [](const auto& x, const auto& y) { return x < y ? -1 : y < x ? 1 : 0; };
    int order = 0;
    switch (sort) {
    case StreamSort::LastActivity:
        order = compare(a.lastOccurredAt.micros(), b.lastOccurredAt.micros());
        break;
    case StreamSort::StreamId:
        order = compare(a.streamId.toUtf8(), b.streamId.toUtf8());
        break;
    case StreamSort::AggregateType:
        order = compare(a.aggregateType.toUtf8(), b.aggregateType.toUtf8());
        break;
    case StreamSort::EventCount:
        order = compare(a.revision, b.revision);
        break;
    case StreamSort::FirstActivity:
        order = compare(a.createdAt.micros(), b.createdAt.micros());
        break;
    case StreamSort::LastEventType:
        order = compare(a.lastEventType.toUtf8(), b.lastEventType.toUtf8());
        break;
    }
    return order != 0 ? order : compare(a.lastPosition, b.lastPosition);
}

const QList<std::pair<StreamSort, const char*>> AllSorts {{StreamSort::LastActivity, "last activity"},
    {StreamSort::StreamId, "stream id"}, {StreamSort::AggregateType, "aggregate type"},
    {StreamSort::EventCount, "event count"}, {StreamSort::FirstActivity, "first activity"},
    {StreamSort::LastEventType, "last event type"}};

} // namespace

class StreamQueryContractTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

    /// The indexes SQLite schemas 3 and 4 / PostgreSQL schema 4 added, which an older store does not have.
    static QStringList windowIndexes(bool postgres)
    {
        QStringList names {u"streams_by_last_occurred_at"_s, u"streams_by_created_at"_s, u"streams_by_revision"_s};
        if (postgres)
            names << u"streams_by_stream_id_c"_s << u"streams_by_aggregate_type_c"_s
                  << u"streams_by_last_event_type_c"_s;
        else
            names << u"streams_by_aggregate_type"_s << u"streams_by_last_event_type"_s
                  << u"streams_by_stream_id_and_type"_s << u"events_by_stream_timeline"_s;
        return names;
    }

    /// Runs `statements` on the store at `address` behind Flashback's back (a store as an older build left it);
    /// `value`, when given, receives the first value the last statement returned.
    void rawExec(const QString& address, const QStringList& statements, QString* value = nullptr)
    {
        if (m_fixture.backend() == u"postgres"_s) {
            PGconn* conn = PQconnectdb(address.toUtf8().constData());
            QVERIFY2(PQstatus(conn) == CONNECTION_OK, PQerrorMessage(conn));
            for (const QString& sql : statements) {
                PGresult* result = PQexec(conn, sql.toUtf8().constData());
                const ExecStatusType status = PQresultStatus(result);
                const QByteArray message = PQresultErrorMessage(result);
                if (value && status == PGRES_TUPLES_OK && PQntuples(result) > 0)
                    *value = QString::fromUtf8(PQgetvalue(result, 0, 0));
                PQclear(result);
                QVERIFY2(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK, message.constData());
            }
            PQfinish(conn);
            return;
        }
        const QString name = u"raw-"_s + QString::number(quintptr(this));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(address);
            QVERIFY(db.open());
            QSqlQuery query(db);
            for (const QString& sql : statements) {
                QVERIFY2(query.exec(sql), qPrintable(query.lastError().text() + u" in "_s + sql));
                if (value && query.next())
                    *value = query.value(0).toString();
            }
        }
        QSqlDatabase::removeDatabase(name);
    }

private Q_SLOTS:
    void initTestCase() { qInfo() << "backend:" << m_fixture.backend(); }

    void sortsByEveryColumn_data()
    {
        QTest::addColumn<StreamSort>("sort");
        QTest::addColumn<bool>("descending");
        QTest::addColumn<QStringList>("expected");
        // Ascending orders from the table at putCatalog; descending is the exact reverse, ties included, because
        // the tiebreaker runs in the query's direction.
        const QList<std::pair<StreamSort, QStringList>> ascending {
            {StreamSort::LastActivity, {u"cart_9"_s, u"order-1"_s, u"order-2"_s, u"user-b"_s, u"User-A"_s, u"inv-7"_s}},
            {StreamSort::StreamId, {u"User-A"_s, u"cart_9"_s, u"inv-7"_s, u"order-1"_s, u"order-2"_s, u"user-b"_s}},
            {StreamSort::AggregateType,
                {u"cart_9"_s, u"inv-7"_s, u"order-2"_s, u"order-1"_s, u"User-A"_s, u"user-b"_s}},
            {StreamSort::EventCount, {u"order-1"_s, u"cart_9"_s, u"inv-7"_s, u"order-2"_s, u"User-A"_s, u"user-b"_s}},
            {StreamSort::FirstActivity,
                {u"cart_9"_s, u"user-b"_s, u"order-2"_s, u"order-1"_s, u"User-A"_s, u"inv-7"_s}},
            {StreamSort::LastEventType,
                {u"cart_9"_s, u"inv-7"_s, u"order-2"_s, u"order-1"_s, u"User-A"_s, u"user-b"_s}},
        };
        for (qsizetype i = 0; i < ascending.size(); ++i) {
            const auto& [sort, ids] = ascending.at(i);
            const char* name = AllSorts.at(i).second;
            QTest::addRow("%s ascending", name) << sort << false << ids;
            QTest::addRow("%s descending", name) << sort << true << reversed(ids);
        }
    }

    void sortsByEveryColumn()
    {
        QFETCH(StreamSort, sort);
        QFETCH(bool, descending);
        QFETCH(QStringList, expected);
        auto store = m_fixture.createStore();
        putCatalog(*store);
        StreamQuery query = everything(sort, descending);
        auto streams = store->queryStreams(query);
        QVERIFY2(streams.ok(), why(streams).constData());
        QCOMPARE(idsOf(*streams), expected);
        query.limit = 3;
        QCOMPARE(idsOf(*store->queryStreams(query)), expected.mid(0, 3));
        query.offset = 4;
        QCOMPARE(idsOf(*store->queryStreams(query)), expected.mid(4));
    }

    void rowsAreTheStreamSummaries()
    {
        auto store = m_fixture.createStore();
        putCatalog(*store);
        auto streams = store->queryStreams(everything());
        QVERIFY2(streams.ok(), why(streams).constData());
        QCOMPARE(streams->size(), 6);
        for (const StreamInfo& row : std::as_const(*streams)) {
            const auto info = *store->stream(row.streamId);
            QVERIFY(info.has_value());
            QCOMPARE(row.aggregateType, info->aggregateType);
            QCOMPARE(row.revision, info->revision);
            QCOMPARE(row.firstPosition, info->firstPosition);
            QCOMPARE(row.lastPosition, info->lastPosition);
            QCOMPARE(row.createdAt, info->createdAt);
            QCOMPARE(row.lastOccurredAt, info->lastOccurredAt);
            QCOMPARE(row.lastRecordedAt, info->lastRecordedAt);
            QCOMPARE(row.lastEventType, info->lastEventType);
        }
        const StreamInfo& userB = streams->at(5);
        QCOMPARE(userB.streamId, u"user-b"_s);
        QCOMPARE(userB.revision, 2);
        QCOMPARE(userB.firstPosition, 3);
        QCOMPARE(userB.lastPosition, 7);
        QCOMPARE(userB.createdAt, *Timestamp::parse(u"2025-03-17T08:00"_s));
        QCOMPARE(userB.lastOccurredAt, *Timestamp::parse(u"2025-03-17T10:00"_s));
        QCOMPARE(userB.lastEventType, u"USER_RENAMED"_s);
    }

    void pagesJoinWithoutGapsOrDuplicates_data()
    {
        QTest::addColumn<StreamSort>("sort");
        QTest::addColumn<bool>("descending");
        QTest::addColumn<QString>("aggregateType");
        for (const auto& [sort, name] : AllSorts) {
            for (const bool descending : {false, true}) {
                const char* direction = descending ? "descending" : "ascending";
                QTest::addRow("%s %s", name, direction) << sort << descending << QString();
                QTest::addRow("%s %s, one type", name, direction) << sort << descending << u"T1"_s;
            }
        }
    }

    void pagesJoinWithoutGapsOrDuplicates()
    {
        QFETCH(StreamSort, sort);
        QFETCH(bool, descending);
        QFETCH(QString, aggregateType);
        // 53 streams with many ties in every column: three types, one to three events, four distinct times.
        auto store = m_fixture.createStore();
        constexpr int Streams = 53;
        for (int i = 0; i < Streams; ++i) {
            const int events = 1 + (i * 7) % 3;
            QStringList items;
            for (int e = 0; e < events; ++e)
                items.append(u"E%1@2025-03-17T1%2:00"_s.arg((i + e) % 2).arg((i * 5 + e) % 4));
            put(*store, u"s-%1"_s.arg((i * 31) % Streams, 2, 10, QChar(u'0')), u"T%1"_s.arg(i % 3),
                items.join(u"; "_s));
        }
        StreamQuery query = everything(sort, descending);
        query.aggregateType = aggregateType;
        auto all = store->queryStreams(query);
        QVERIFY2(all.ok(), why(all).constData());
        const qint64 expectedCount = aggregateType.isEmpty() ? Streams : (Streams + 2) / 3;
        QCOMPARE(all->size(), expectedCount);
        QCOMPARE(*store->countStreams(query), expectedCount);
        for (qsizetype i = 1; i < all->size(); ++i) {
            const int order = compareBySort(sort, all->at(i - 1), all->at(i));
            QVERIFY2(descending ? order > 0 : order < 0,
                qPrintable(all->at(i - 1).streamId + u" before "_s + all->at(i).streamId));
        }
        const QStringList ids = idsOf(*all);
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size());

        for (const qint64 pageSize : {1, 7, 10, 18, 100}) {
            QStringList joined;
            for (qint64 offset = 0; offset < expectedCount + pageSize; offset += pageSize) {
                query.offset = offset;
                query.limit = pageSize;
                auto page = store->queryStreams(query);
                QVERIFY2(page.ok(), why(page).constData());
                QCOMPARE(idsOf(*page), ids.mid(offset, pageSize));
                joined += idsOf(*page);
            }
            QCOMPARE(joined, ids);
        }
        query.offset = expectedCount;
        query.limit = 10;
        QVERIFY(store->queryStreams(query)->isEmpty());
        query.offset = -3; // counts as 0
        QCOMPARE(idsOf(*store->queryStreams(query)), ids.mid(0, 10));
        query.offset = 5;
        query.limit = 0;
        QVERIFY(store->queryStreams(query)->isEmpty());
        query.limit = -1; // no limit
        QCOMPARE(idsOf(*store->queryStreams(query)), ids.mid(5));
    }

    void filters_data()
    {
        QTest::addColumn<QString>("aggregateType");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected"); // by stream id

        QTest::newRow("none") << QString() << QString()
                              << QStringList {
                                     u"User-A"_s, u"cart_9"_s, u"inv-7"_s, u"order-1"_s, u"order-2"_s, u"user-b"_s};
        QTest::newRow("type") << u"Order"_s << QString() << QStringList {u"order-1"_s, u"order-2"_s};
        QTest::newRow("type is exact") << u"order"_s << QString() << QStringList {};
        QTest::newRow("type, no prefix") << u"Use"_s << QString() << QStringList {};
        QTest::newRow("text in id") << QString() << u"-1"_s << QStringList {u"order-1"_s};
        QTest::newRow("text in id, other case") << QString() << u"USER-"_s << QStringList {u"User-A"_s, u"user-b"_s};
        QTest::newRow("text in type only") << QString() << u"voice"_s << QStringList {u"inv-7"_s};
        QTest::newRow("text in type, other case") << QString() << u"CART"_s << QStringList {u"cart_9"_s};
        QTest::newRow("text in id and type") << QString() << u"ser"_s << QStringList {u"User-A"_s, u"user-b"_s};
        QTest::newRow("text matches nothing") << QString() << u"zzz"_s << QStringList {};
        QTest::newRow("underscore is literal") << QString() << u"_"_s << QStringList {u"cart_9"_s};
        QTest::newRow("underscore inside") << QString() << u"r_e"_s << QStringList {};
        QTest::newRow("percent is literal") << QString() << u"%"_s << QStringList {};
        QTest::newRow("type and text") << u"User"_s << u"-a"_s << QStringList {u"User-A"_s};
        QTest::newRow("type and text, none") << u"Order"_s << u"user"_s << QStringList {};
    }

    void filters()
    {
        QFETCH(QString, aggregateType);
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        auto store = m_fixture.createStore();
        putCatalog(*store);
        StreamQuery query = everything();
        query.aggregateType = aggregateType;
        query.text = text;
        auto streams = store->queryStreams(query);
        QVERIFY2(streams.ok(), why(streams).constData());
        QCOMPARE(idsOf(*streams), expected);
        query.offset = 1; // ignored by the count
        query.limit = 1;
        auto count = store->countStreams(query);
        QVERIFY2(count.ok(), why(count).constData());
        QCOMPARE(*count, expected.size());
    }

    void textWildcardsAreLiteral_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("percent") << u"%"_s << QStringList {u"a%b"_s};
        QTest::newRow("percent inside") << u"a%b"_s << QStringList {u"a%b"_s};
        QTest::newRow("underscore") << u"_"_s << QStringList {u"a_b"_s};
        QTest::newRow("underscore inside") << u"A_B"_s << QStringList {u"a_b"_s};
        QTest::newRow("backslash") << u"\\"_s << QStringList {u"a\\b"_s};
        QTest::newRow("backslash before percent") << u"\\%"_s << QStringList {};
        QTest::newRow("plain") << u"axb"_s << QStringList {u"axb"_s};
        QTest::newRow("non-ASCII, same case") << u"ä"_s << QStringList {u"gä"_s};
        QTest::newRow("non-ASCII, other case") << u"Ä"_s << QStringList {}; // ASCII letters only fold
    }

    void textWildcardsAreLiteral()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        auto store = m_fixture.createStore();
        for (const QString& id : {u"a%b"_s, u"axb"_s, u"a_b"_s, u"ayb"_s, u"a\\b"_s, u"gä"_s})
            put(*store, id, u"T"_s, u"E"_s);
        StreamQuery query = everything();
        query.text = text;
        auto streams = store->queryStreams(query);
        QVERIFY2(streams.ok(), why(streams).constData());
        QCOMPARE(idsOf(*streams), expected);
        QCOMPARE(*store->countStreams(query), expected.size());
    }

    void aggregateTypesAreDistinctAndSorted()
    {
        auto store = m_fixture.createStore();
        putCatalog(*store);
        auto types = store->aggregateTypes();
        QVERIFY2(types.ok(), why(types).constData());
        QCOMPARE(*types, (QStringList {u"Cart"_s, u"Invoice"_s, u"Order"_s, u"User"_s}));
        // By code point, in every locale: upper case before lower case, non-ASCII last.
        put(*store, u"x-1"_s, u"order"_s, u"E"_s);
        put(*store, u"x-2"_s, u"Ärende"_s, u"E"_s);
        put(*store, u"x-3"_s, u"Zebra"_s, u"E"_s);
        QCOMPARE(*store->aggregateTypes(),
            (QStringList {u"Cart"_s, u"Invoice"_s, u"Order"_s, u"User"_s, u"Zebra"_s, u"order"_s, u"Ärende"_s}));
        StreamQuery byType = everything(StreamSort::AggregateType);
        byType.text = u"x-"_s;
        QCOMPARE(idsOf(*store->queryStreams(byType)), (QStringList {u"x-3"_s, u"x-1"_s, u"x-2"_s}));
    }

    void eventTypesAreDistinctAndSorted()
    {
        auto store = m_fixture.createStore();
        QCOMPARE(*store->eventTypes(), QStringList {}); // an empty store
        put(*store, u"a"_s, u"User"_s, u"USER_CREATED; USER_LOGGED_IN; USER_LOGGED_IN; USER_DELETED"_s);
        put(*store, u"b"_s, u"Order"_s, u"ORDER_PLACED; user_note; ÄNDERUNG; USER_LOGGED_IN"_s);
        auto types = store->eventTypes();
        QVERIFY2(types.ok(), why(types).constData());
        // Each once, by code point in every locale: upper case before lower case, non-ASCII last.
        QCOMPARE(*types,
            (QStringList {u"ORDER_PLACED"_s, u"USER_CREATED"_s, u"USER_DELETED"_s, u"USER_LOGGED_IN"_s, u"user_note"_s,
                u"ÄNDERUNG"_s}));
    }

    void anEmptyStoreHasNoStreams()
    {
        auto store = m_fixture.createStore();
        for (const auto& [sort, name] : AllSorts) {
            StreamQuery query = everything(sort, true);
            auto streams = store->queryStreams(query);
            QVERIFY2(streams.ok(), why(streams).constData());
            QVERIFY(streams->isEmpty());
            query.offset = 10;
            query.text = u"x"_s;
            QVERIFY(store->queryStreams(query)->isEmpty());
        }
        auto count = store->countStreams({});
        QVERIFY2(count.ok(), why(count).constData());
        QCOMPARE(*count, 0);
        auto types = store->aggregateTypes();
        QVERIFY2(types.ok(), why(types).constData());
        QVERIFY(types->isEmpty());
        auto index = store->readStreamIndex(u"nothing"_s);
        QVERIFY2(index.ok(), why(index).constData());
        QVERIFY(index->isEmpty());
    }

    void indexHasTypeIdsInOrderOfFirstAppearance()
    {
        auto store = m_fixture.createStore();
        put(*store, u"other"_s, u"Test"_s, u"X"_s);
        put(*store, u"s"_s, u"Test"_s, u"A@2025-03-17T10:00; B; A"_s);
        put(*store, u"other"_s, u"Test"_s, u"X; Y"_s);
        put(*store, u"s"_s, u"Test"_s, u"C@2025-03-17T11:00; B; B"_s);
        auto index = store->readStreamIndex(u"s"_s);
        QVERIFY2(index.ok(), why(index).constData());
        QCOMPARE(index->streamId, u"s"_s);
        QCOMPARE(index->aggregateType, u"Test"_s);
        QCOMPARE(index->firstRevision, 1);
        QCOMPARE(index->size(), 6);
        QCOMPARE(index->lastRevision(), 6);
        QCOMPARE(index->typeNames, (QStringList {u"A"_s, u"B"_s, u"C"_s}));
        QCOMPARE(index->typeIds, (std::vector<quint16> {0, 1, 0, 2, 1, 1}));
        QCOMPARE(index->positions, (std::vector<qint64> {2, 3, 4, 7, 8, 9}));
        const qint64 ten = Timestamp::parse(u"2025-03-17T10:00"_s)->micros();
        const qint64 eleven = Timestamp::parse(u"2025-03-17T11:00"_s)->micros();
        QCOMPARE(index->occurredAt,
            (std::vector<qint64> {ten, ten + 1000000, ten + 2000000, eleven, eleven + 1000000, eleven + 2000000}));
        QVERIFY(index->occurredAtSorted());
        // Read again: the same ids.
        auto again = store->readStreamIndex(u"s"_s, 1);
        QCOMPARE(again->typeIds, index->typeIds);
        QCOMPARE(again->typeNames, index->typeNames);
    }

    void indexFromRevision_data()
    {
        QTest::addColumn<qint64>("fromRevision");
        QTest::addColumn<qint64>("firstRevision");
        QTest::addColumn<QStringList>("typeNames");
        QTest::addColumn<std::vector<quint16>>("typeIds");
        // The stream: A B A C B B (revisions 1..6).
        QTest::newRow("negative") << qint64(-5) << qint64(1) << QStringList {u"A"_s, u"B"_s, u"C"_s}
                                  << std::vector<quint16> {0, 1, 0, 2, 1, 1};
        QTest::newRow("zero") << qint64(0) << qint64(1) << QStringList {u"A"_s, u"B"_s, u"C"_s}
                              << std::vector<quint16> {0, 1, 0, 2, 1, 1};
        QTest::newRow("second") << qint64(2) << qint64(2) << QStringList {u"B"_s, u"A"_s, u"C"_s}
                                << std::vector<quint16> {0, 1, 2, 0, 0};
        QTest::newRow("middle") << qint64(4) << qint64(4) << QStringList {u"C"_s, u"B"_s}
                                << std::vector<quint16> {0, 1, 1};
        QTest::newRow("last") << qint64(6) << qint64(6) << QStringList {u"B"_s} << std::vector<quint16> {0};
        QTest::newRow("just past the end") << qint64(7) << qint64(7) << QStringList {} << std::vector<quint16> {};
        QTest::newRow("far past the end") << qint64(1000) << qint64(1000) << QStringList {} << std::vector<quint16> {};
    }

    void indexFromRevision()
    {
        QFETCH(qint64, fromRevision);
        QFETCH(qint64, firstRevision);
        QFETCH(QStringList, typeNames);
        QFETCH(std::vector<quint16>, typeIds);
        auto store = m_fixture.createStore();
        put(*store, u"s"_s, u"Test"_s, u"A; B; A; C; B; B"_s);
        auto index = store->readStreamIndex(u"s"_s, fromRevision);
        QVERIFY2(index.ok(), why(index).constData());
        QCOMPARE(index->streamId, u"s"_s);
        QCOMPARE(index->aggregateType, u"Test"_s);
        QCOMPARE(index->firstRevision, firstRevision);
        QCOMPARE(index->typeNames, typeNames);
        QCOMPARE(index->typeIds, typeIds);
        QCOMPARE(index->size(), qsizetype(typeIds.size()));
        QCOMPARE(index->occurredAt.size(), typeIds.size());
        auto events = *store->readStream(u"s"_s, {fromRevision});
        QCOMPARE(events.size(), index->size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            QCOMPARE(index->revisionAt(i), events.at(i).revision);
            QCOMPARE(index->positions[size_t(i)], events.at(i).position);
            QCOMPARE(index->typeNameAt(i), events.at(i).type);
        }
    }

    void indexOfAMissingStreamIsEmpty()
    {
        auto store = m_fixture.createStore();
        put(*store, u"s"_s, u"Test"_s, u"A"_s);
        auto index = store->readStreamIndex(u"missing"_s, 3);
        QVERIFY2(index.ok(), why(index).constData());
        QVERIFY(index->isEmpty());
        QCOMPARE(index->streamId, u"missing"_s);
        QVERIFY(index->aggregateType.isEmpty());
        QVERIFY(index->typeNames.isEmpty());
        QVERIFY(index->occurredAt.empty());
        QVERIFY(index->typeIds.empty());
    }

    void indexKeepsBackdatedTimes()
    {
        auto store = m_fixture.createStore();
        put(*store, u"s"_s, u"Test"_s,
            u"A@2025-03-17T10:00; B@2025-03-17T09:00; C@2025-03-15T23:59; A@2025-03-17T11:00"_s);
        auto index = store->readStreamIndex(u"s"_s);
        QVERIFY2(index.ok(), why(index).constData());
        QVERIFY(!index->occurredAtSorted());
        QCOMPARE(index->occurredAt,
            (std::vector<qint64> {Timestamp::parse(u"2025-03-17T10:00"_s)->micros(),
                Timestamp::parse(u"2025-03-17T09:00"_s)->micros(), Timestamp::parse(u"2025-03-15T23:59"_s)->micros(),
                Timestamp::parse(u"2025-03-17T11:00"_s)->micros()}));
        QCOMPARE(index->positions, (std::vector<qint64> {1, 2, 3, 4}));
    }

    void sqliteIndexReadNeverTouchesTheRows()
    {
        if (m_fixture.backend() != u"sqlite"_s)
            QSKIP("a SQLite query plan");
        auto store = m_fixture.createStore();
        put(*store, u"s"_s, u"Test"_s, u"A@2025-03-17T10:00; B@11:00"_s);
        store.reset();
        // The statement SqliteEventStore::readStreamIndex runs: answered from events_by_stream_timeline alone,
        // never from the rows, which carry the payloads.
        const QString name = u"plan-"_s + QString::number(quintptr(this));
        QStringList plan;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(m_fixture.lastAddress());
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"EXPLAIN QUERY PLAN SELECT position, occurred_at, type FROM events "
                               u"WHERE stream_pk = 1 AND revision >= 1 ORDER BY revision"_s));
            while (query.next())
                plan.append(query.value(3).toString());
        }
        QSqlDatabase::removeDatabase(name);
        QVERIFY2(plan.join(u'\n').contains(u"USING COVERING INDEX events_by_stream_timeline"_s),
            qPrintable(plan.join(u'\n')));
    }

    void indexReadCancelledBeforeItStarts()
    {
        auto store = m_fixture.createStore();
        put(*store, u"s"_s, u"Test"_s, u"A; B"_s);
        std::atomic<bool> cancel {true};
        for (const QString& id : {u"s"_s, u"missing"_s}) {
            auto index = store->readStreamIndex(id, 1, &cancel);
            QVERIFY(!index.ok());
            QCOMPARE(index.error().kind, ErrorKind::Cancelled);
            QCOMPARE(index.error().code, u"Cancelled"_s);
        }
        cancel = false;
        auto index = store->readStreamIndex(u"s"_s, 1, &cancel);
        QVERIFY2(index.ok(), why(index).constData());
        QCOMPARE(index->size(), 2);
    }

    void largeIndexMatchesTheStream_data()
    {
        QTest::addColumn<int>("events");
        QTest::addColumn<qint64>("fromRevision");
        QTest::newRow("5,000 events") << 5000 << qint64(1);
        QTest::newRow("5,000 events, from the middle") << 5000 << qint64(2501);
        // PostgreSQL reads an index in pages: one page and one row more, then a full page and nothing after it.
        const int page = int(postgres::PgEventReader::IndexPageRows);
        QTest::newRow("a page and one more") << page + 1 << qint64(1);
        QTest::newRow("exactly a page") << page + 1 << qint64(2);
    }

    void largeIndexMatchesTheStream()
    {
        QFETCH(int, events);
        QFETCH(qint64, fromRevision);
        auto store = m_fixture.createStore();
        // Types in runs of uneven length (the reader compares each row's type with the one before), some events
        // backdated, another stream's appends in between.
        const QStringList types {u"USER_LOGGED_IN"_s, u"USER_UPDATED"_s, u"EMAIL_CHANGED"_s, u"USER_LOCKED"_s};
        constexpr int Chunk = 2500;
        for (int start = 0; start < events; start += Chunk) {
            QStringList items;
            for (int i = start; i < std::min(events, start + Chunk); ++i) {
                QString item = types.at((i / 3 + i / 7) % types.size());
                if (i % 97 == 0)
                    item += u"@2025-01-0%1T08:00"_s.arg(1 + i % 9);
                items.append(item);
            }
            put(*store, u"long"_s, u"User"_s, items.join(u"; "_s));
            put(*store, u"other"_s, u"User"_s, u"USER_LOGGED_IN"_s);
        }
        ReadProgress progress;
        auto index = store->readStreamIndex(u"long"_s, fromRevision, nullptr, &progress);
        QVERIFY2(index.ok(), why(index).constData());
        auto stream = store->readStream(u"long"_s, {fromRevision});
        QVERIFY2(stream.ok(), why(stream).constData());
        QCOMPARE(index->size(), stream->size());
        // The progress a window shows while it reads ends at what was read, out of what was expected.
        QCOMPARE(progress.done.load(), qint64(index->size()));
        QCOMPARE(progress.expected.load(), qint64(index->size()));
        QCOMPARE(index->firstRevision, fromRevision);
        QCOMPARE(index->aggregateType, u"User"_s);
        QCOMPARE(index->typeNames.size(), types.size());
        for (qsizetype i = 0; i < stream->size(); ++i) {
            const RecordedEvent& event = stream->at(i);
            // One QCOMPARE for all four fields: tens of thousands of rows.
            if (index->revisionAt(i) != event.revision || index->positions[size_t(i)] != event.position
                || index->occurredAt[size_t(i)] != event.occurredAt.micros() || index->typeNameAt(i) != event.type)
                QFAIL(qPrintable(u"entry %1 (revision %2) differs from the stream"_s.arg(i).arg(event.revision)));
        }
        QVERIFY(!index->occurredAtSorted());
        // About 18 bytes an event: the columns are sized once from the stream's revision.
        QCOMPARE(index->bytes(), qint64(18) * index->size());
    }

    void aReadOnlyOlderStoreAnswersTheSame()
    {
        if (!m_fixture.isDurable())
            QSKIP("the in-memory store has no schema");
        const bool isPostgres = m_fixture.backend() == u"postgres"_s;
        QList<StreamInfo> before;
        StreamIndex indexBefore;
        {
            auto store = m_fixture.createStore();
            putCatalog(*store);
            before = *store->queryStreams(everything(StreamSort::LastActivity, true));
            indexBefore = *store->readStreamIndex(u"user-b"_s);
        }
        const QString address = m_fixture.lastAddress();
        // The store as the oldest schema this build reads left it: without the window's indexes.
        QStringList downgrade;
        for (const QString& name : windowIndexes(isPostgres))
            downgrade.append(u"DROP INDEX "_s + name);
        downgrade.append(isPostgres ? u"UPDATE flashback_schema SET version = 3"_s : u"PRAGMA user_version = 2"_s);
        rawExec(address, downgrade);
        if (QTest::currentTestFailed())
            return;

        StoreOptions readOnly;
        readOnly.readOnly = true;
        {
            auto opened = openStore(*StoreAddress::parse(address), readOnly);
            QVERIFY2(opened.ok(), why(opened).constData());
            EventStore& store = **opened;
            for (const auto& [sort, name] : AllSorts) {
                for (const bool descending : {false, true}) {
                    StreamQuery query = everything(sort, descending);
                    QList<StreamInfo> expected = before;
                    std::sort(expected.begin(), expected.end(), [&](const StreamInfo& a, const StreamInfo& b) {
                        const int order = compareBySort(sort, a, b);
                        return descending ? order > 0 : order < 0;
                    });
                    QCOMPARE(idsOf(*store.queryStreams(query)), idsOf(expected));
                    query.offset = 2;
                    query.limit = 2;
                    QCOMPARE(idsOf(*store.queryStreams(query)), idsOf(expected).mid(2, 2));
                }
            }
            StreamQuery users = everything();
            users.aggregateType = u"User"_s;
            QCOMPARE(*store.countStreams(users), 2);
            QCOMPARE(*store.aggregateTypes(), (QStringList {u"Cart"_s, u"Invoice"_s, u"Order"_s, u"User"_s}));
            auto index = store.readStreamIndex(u"user-b"_s);
            QVERIFY2(index.ok(), why(index).constData());
            QCOMPARE(index->positions, indexBefore.positions);
            QCOMPARE(index->typeNames, indexBefore.typeNames);
        }
        const QString versionQuery = isPostgres ? u"SELECT version FROM flashback_schema"_s : u"PRAGMA user_version"_s;
        QString version;
        rawExec(address, {versionQuery}, &version);
        QCOMPARE(version, isPostgres ? u"3"_s : u"2"_s); // read as it was, not upgraded
        // Opened for writing, it is upgraded as before.
        {
            auto upgraded = openStore(*StoreAddress::parse(address), StoreOptions {});
            QVERIFY2(upgraded.ok(), why(upgraded).constData());
            QCOMPARE(idsOf(*(*upgraded)->queryStreams(everything(StreamSort::LastActivity, true))), idsOf(before));
        }
        rawExec(address, {versionQuery}, &version);
        QCOMPARE(version.toInt(), isPostgres ? postgres::SchemaVersion : sqlite::SchemaVersion);
    }
};

QTEST_GUILESS_MAIN(StreamQueryContractTest)
#include "tst_streamquerycontract.moc"
