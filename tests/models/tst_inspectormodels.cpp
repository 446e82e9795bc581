// SPDX-License-Identifier: GPL-3.0-or-later
// The window's models against real stores of every backend, each under QAbstractItemModelTester attached before
// it is filled: the paged streams list (sorting and filtering in the database, live refresh), the open streams'
// indexes and the events list (live growth, one insert per batch), and deep links.
#include "eventscript.h"
#include "models/deeplink.h"
#include "models/eventlistmodel.h"
#include "models/openstreams.h"
#include "models/searchresultsmodel.h"
#include "models/selection.h"
#include "models/storesession.h"
#include "models/streamlistmodel.h"
#include "resultcheck.h"
#include "storefixture.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

constexpr int Deadline = 30000;

void put(EventStore& store, const QString& stream, const QString& script, const QString& type = u"User"_s)
{
    auto head = store.stream(stream);
    const ExpectedRevision expected
        = head && *head ? ExpectedRevision::exact((*head)->revision) : ExpectedRevision::noStream();
    auto committed = store.append(stream, type, expected, eventScript(script));
    if (!committed)
        qFatal("append failed: %s", qPrintable(committed.error().toString()));
}

/// Every row's stream id, loading pages as a view would (by asking for the data) until all are there.
QStringList allStreamIds(StreamListModel& model)
{
    QStringList ids;
    const bool loaded = QTest::qWaitFor(
        [&] {
            ids.clear();
            for (int row = 0; row < model.rowCount(); ++row) {
                const QModelIndex index = model.index(row, 0);
                if (!index.data(StreamListModel::LoadedRole).toBool())
                    return false;
                ids.append(index.data(StreamListModel::StreamIdRole).toString());
            }
            return true;
        },
        Deadline);
    return loaded ? ids : QStringList {u"(not loaded)"_s};
}

} // namespace

class InspectorModelsTest : public QObject {
    Q_OBJECT

    StoreFixture m_fixture;

    bool openSession(StoreSession& session)
    {
        QSignalSpy opened(&session, &StoreSession::opened);
        StoreOptions options = StoreFixture::defaultOptions();
        options.mode = StoreOptions::OpenMode::OpenExisting;
        session.open(*StoreAddress::parse(m_fixture.lastAddress()), options);
        return opened.wait(Deadline);
    }

private Q_SLOTS:
    void streamsArePagedSortedAndFilteredInTheStore()
    {
        auto store = m_fixture.createStore();
        // 450 streams: more than two pages of 200. Stream i has (i % 4) + 1 events.
        for (int i = 0; i < 450; ++i) {
            QString script = u"USER_CREATED@2025-03-17T09:00"_s;
            for (int e = 0; e < i % 4; ++e)
                script += u"; USER_LOGGED_IN@10:%1"_s.arg(e, 2, 10, QChar(u'0'));
            put(*store, u"stream-%1"_s.arg(i, 3, 10, QChar(u'0')), script, i % 10 == 0 ? u"Order"_s : u"User"_s);
        }
        StoreSession session;
        StreamListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(&session);
        QSignalSpy counted(&model, &StreamListModel::totalCountChanged);
        QVERIFY(openSession(session));
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 450; }, Deadline));
        QCOMPARE(model.rowCount(), 450);
        QCOMPARE(model.columnCount(), int(StreamListModel::ColumnCount));

        // Latest activity first by default (by occurred-at time, ties by commit order): stream 447 has the
        // latest event (10:02), the last of those written.
        QStringList ids = allStreamIds(model);
        QCOMPARE(ids.size(), 450);
        QCOMPARE(ids.constFirst(), u"stream-447"_s);
        QCOMPARE(ids.constLast(), u"stream-000"_s);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 450); // no row twice across pages

        model.sort(StreamListModel::StreamIdColumn, Qt::AscendingOrder);
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 450; }, Deadline));
        ids = allStreamIds(model);
        QStringList sorted = ids;
        sorted.sort();
        QCOMPARE(ids, sorted);

        model.sort(StreamListModel::EventsColumn, Qt::DescendingOrder);
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 450; }, Deadline));
        allStreamIds(model);
        QCOMPARE(model.index(0, StreamListModel::EventsColumn).data().toLongLong(), 4);
        QCOMPARE(model.index(449, StreamListModel::EventsColumn).data().toLongLong(), 1);

        model.setFilterText(u"STREAM-04"_s); // case-insensitive: stream-040 … stream-049
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 10; }, Deadline));
        QCOMPARE(allStreamIds(model).size(), 10);
        model.setFilterText({});
        model.setAggregateType(u"Order"_s);
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 45; }, Deadline));
        for (const QString& id : allStreamIds(model))
            QVERIFY2(id.endsWith(u'0'), qPrintable(id));
        model.setAggregateType({});
        model.setFilterText(u"ord"_s); // the text matches the type too
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 45; }, Deadline));
        QVERIFY(counted.size() > 3);
    }

    void liveCommitsRefreshTheListWithoutAReset()
    {
        auto store = m_fixture.createStore();
        put(*store, u"old-1"_s, u"USER_CREATED@09:00"_s);
        put(*store, u"old-2"_s, u"USER_CREATED@09:10"_s);
        StoreSession session;
        StreamListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(&session);
        QVERIFY(openSession(session));
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 2; }, Deadline));
        QCOMPARE(allStreamIds(model), (QStringList {u"old-2"_s, u"old-1"_s}));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        auto other = store->reopen();
        QVERIFY2(other.ok(), why(other));
        put(**other, u"new-1"_s, u"USER_CREATED@11:00"_s);
        put(**other, u"old-1"_s, u"USER_LOGGED_IN@12:00"_s);
        QVERIFY(QTest::qWaitFor([&] { return model.totalCount() == 3; }, Deadline));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return allStreamIds(model) == QStringList {u"old-1"_s, u"new-1"_s, u"old-2"_s};
            },
            Deadline));
        QCOMPARE(resets.size(), 0);
    }

    void openStreamsFeedTheEventsListAndGrowLive()
    {
        auto store = m_fixture.createStore();
        put(*store, u"sarah"_s,
            u"USER_CREATED@2025-03-17T09:00 actor=signup; USER_LOGGED_IN@10:00 actor=sarah; "
            u"USER_DELETED@15:47 actor=admin@company.com reason=User_requested_account_deletion"_s);
        StoreSession session;
        Selection selection;
        OpenStreams streams;
        streams.setSession(&session);
        streams.setSelection(&selection);
        EventListModel events;
        QAbstractItemModelTester tester(&events, QAbstractItemModelTester::FailureReportingMode::QtTest);
        events.setSession(&session);
        events.setOpenStreams(&streams);
        connect(&selection, &Selection::currentStreamChanged, &events, &EventListModel::setStream);
        QVERIFY(openSession(session));

        QSignalSpy indexChanged(&streams, &OpenStreams::indexChanged);
        selection.openStreams({u"sarah"_s});
        QVERIFY(indexChanged.wait(Deadline));
        QCOMPARE(streams.index(u"sarah"_s)->size(), 3);
        // The timeline's buckets were built on the worker with the index, for that index.
        QVERIFY(streams.buckets(u"sarah"_s));
        QVERIFY(streams.buckets(u"sarah"_s)->sharedIndex() == streams.index(u"sarah"_s));
        QCOMPARE(streams.buckets(u"sarah"_s)->size(), 3);
        QCOMPARE(events.rowCount(), 3);
        // Revision, time and type come from the index at once; actor and summary once their page is in.
        QCOMPARE(events.index(2, EventListModel::TypeColumn).data().toString(), u"USER_DELETED"_s);
        QCOMPARE(events.rowOfRevision(3), 2);
        QCOMPARE(events.rowAtOrBefore(Timestamp::parse(u"2025-03-17T12:00:00Z"_s)->micros()), 1);
        QCOMPARE(events.rowAtOrBefore(Timestamp::parse(u"2025-03-17T08:00:00Z"_s)->micros()), -1);
        QVERIFY(QTest::qWaitFor(
            [&] { return events.index(2, EventListModel::ActorColumn).data().toString() == u"admin@company.com"_s; },
            Deadline));
        QVERIFY(events.index(2, EventListModel::SummaryColumn).data().toString().contains(u"deleted"_s));

        // Another connection appends to the open stream: rows are inserted at the end, one insert per batch.
        QSignalSpy inserted(&events, &QAbstractItemModel::rowsInserted);
        QSignalSpy resets(&events, &QAbstractItemModel::modelReset);
        auto other = store->reopen();
        QVERIFY2(other.ok(), why(other));
        put(**other, u"sarah"_s, u"USER_LOGGED_IN@2025-03-18T08:00; USER_LOGGED_IN@08:01; USER_LOGGED_IN@08:02"_s);
        put(**other, u"someone-else"_s, u"USER_CREATED@2025-03-18T09:00"_s);
        QVERIFY(QTest::qWaitFor([&] { return events.rowCount() == 6; }, Deadline));
        QCOMPARE(resets.size(), 0);
        QVERIFY(inserted.size() >= 1 && inserted.size() <= 3);
        QCOMPARE(streams.unseenEvents(), 3);
        QVERIFY(!streams.buckets(u"sarah"_s)); // built for three events: the timeline grows its own
        QVERIFY(QTest::qWaitFor(
            [&] { return events.index(5, EventListModel::ActorColumn).data(EventListModel::LoadedRole).toBool(); },
            Deadline));
        QCOMPARE(events.index(5, EventListModel::RevisionColumn).data().toLongLong(), 6);
        QVERIFY(!streams.index(u"someone-else"_s)); // not open
    }

    void searchResultsArriveAPageAtATime()
    {
        auto store = m_fixture.createStore();
        for (int i = 0; i < 5; ++i) {
            QString script = u"USER_CREATED@2025-03-17T09:00 actor=signup"_s;
            for (int n = 0; n < 50; ++n)
                script += u"; USER_LOGGED_IN@10:%1 actor=user-%2"_s.arg(n, 2, 10, QChar(u'0')).arg(i);
            put(*store, u"user-%1"_s.arg(i), script);
        }
        StoreSession session;
        SearchResultsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(false); // pages are fetched below, as a view scrolling down would
        model.setSession(&session);
        QVERIFY(openSession(session));

        SearchQuery query;
        query.text = TextQuery::parse(u"logged*"_s);
        query.limit = 100;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.search(query);
        QVERIFY(model.isSearching());
        QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == 100 && !model.isSearching(); }, Deadline));
        QVERIFY(model.canFetchMore({}));
        // Nothing is indexed in this store: every event was read, and the page says so.
        QCOMPARE(model.lastPage().indexKind, u"none"_s);
        while (model.canFetchMore({})) {
            const int before = model.rowCount();
            model.fetchMore({});
            QVERIFY(!model.canFetchMore({})); // one page at a time
            QVERIFY(QTest::qWaitFor([&] { return model.rowCount() > before && !model.isSearching(); }, Deadline));
        }
        QCOMPARE(model.rowCount(), 250);
        QCOMPARE(inserted.size(), 3); // one insert per page
        for (int row = 1; row < model.rowCount(); ++row) // newest first, no repeats
            QVERIFY(model.hit(row).position < model.hit(row - 1).position);
        QCOMPARE(model.index(0, SearchResultsModel::TypeColumn).data().toString(), u"USER_LOGGED_IN"_s);

        // A new search replaces the results; a cancelled one stops fetching.
        query.text = TextQuery::parse(u"user-3"_s);
        model.search(query);
        QCOMPARE(model.rowCount(), 0);
        model.cancel();
        QVERIFY(!model.isSearching());
        QVERIFY(!model.canFetchMore({}));
        query.text = TextQuery::parse(u"user-3"_s);
        query.limit = 20;
        model.search(query);
        QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == 20 && !model.isSearching(); }, Deadline));
        QVERIFY(model.canFetchMore({}));
        model.cancel(); // after a page: what is shown stays, nothing more is fetched on its own
        QCOMPARE(model.rowCount(), 20);
        QVERIFY(!model.canFetchMore({}));
        query.limit = 100;
        model.search(query);
        QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == 51 && !model.isSearching(); }, Deadline));
        QVERIFY(!model.canFetchMore({}));
    }

    void swimlanesOpenSeveralStreams()
    {
        auto store = m_fixture.createStore();
        put(*store, u"a"_s, u"USER_CREATED@09:00"_s);
        put(*store, u"b"_s, u"USER_CREATED@09:05; USER_LOGGED_IN@10:00"_s);
        StoreSession session;
        Selection selection;
        OpenStreams streams;
        streams.setSession(&session);
        streams.setSelection(&selection);
        QVERIFY(openSession(session));
        selection.openStreams({u"b"_s, u"a"_s});
        QCOMPARE(selection.currentStream(), u"b"_s);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return streams.index(u"a"_s)->size() == 1 && streams.index(u"b"_s)->size() == 2
                    && !streams.isLoading(u"a"_s) && !streams.isLoading(u"b"_s);
            },
            Deadline));
        QCOMPARE(streams.streams(), (QStringList {u"b"_s, u"a"_s}));
        selection.selectEvent(u"a"_s, 1);
        QCOMPARE(selection.currentStream(), u"a"_s);
        QCOMPARE(selection.openStreams().size(), 2); // still both open
        selection.openStreams({u"a"_s});
        QVERIFY(!streams.index(u"b"_s)); // closed and dropped
    }

    void deepLinksResolveOrSayWhyNot_data()
    {
        QTest::addColumn<QString>("stream");
        QTest::addColumn<qint64>("revision");
        QTest::addColumn<QString>("at");
        QTest::addColumn<bool>("byEventId");
        QTest::addColumn<qint64>("expected"); // 0: fails
        QTest::newRow("stream alone: its newest event") << u"sarah"_s << 0LL << QString() << false << 3LL;
        QTest::newRow("revision") << u"sarah"_s << 2LL << QString() << false << 2LL;
        QTest::newRow("revision past the end") << u"sarah"_s << 9LL << QString() << false << 0LL;
        QTest::newRow("at an instant between events") << u"sarah"_s << 0LL << u"2025-03-17T12:00:00Z"_s << false << 2LL;
        QTest::newRow("at the exact time of an event")
            << u"sarah"_s << 0LL << u"2025-03-17T15:47:00Z"_s << false << 3LL;
        QTest::newRow("at before the first event") << u"sarah"_s << 0LL << u"2025-03-16T00:00:00Z"_s << false << 0LL;
        QTest::newRow("event id") << u"sarah"_s << 0LL << QString() << true << 2LL;
        QTest::newRow("a stream that is not there") << u"nobody"_s << 0LL << QString() << false << 0LL;
    }

    void deepLinksResolveOrSayWhyNot()
    {
        QFETCH(QString, stream);
        QFETCH(qint64, revision);
        QFETCH(QString, at);
        QFETCH(bool, byEventId);
        QFETCH(qint64, expected);
        auto store = m_fixture.createStore();
        put(*store, u"sarah"_s, u"USER_CREATED@2025-03-17T09:00; USER_LOGGED_IN@10:00; USER_DELETED@15:47"_s);
        StoreSession session;
        Selection selection;
        OpenStreams streams;
        streams.setSession(&session);
        streams.setSelection(&selection);
        DeepLinkNavigator navigator(&session, &streams, &selection);
        QSignalSpy arrived(&navigator, &DeepLinkNavigator::arrived);
        QSignalSpy failed(&navigator, &DeepLinkNavigator::failed);
        DeepLink link;
        link.streamId = stream;
        link.revision = revision;
        if (!at.isEmpty())
            link.at = Timestamp::parse(at);
        if (byEventId)
            link.eventId = store->readStream(u"sarah"_s, {}).value().at(1).eventId.toString();
        navigator.navigate(link); // before the store is open: applied once it is
        QVERIFY(openSession(session));
        QVERIFY(QTest::qWaitFor([&] { return !arrived.isEmpty() || !failed.isEmpty(); }, Deadline));
        if (expected == 0) {
            QCOMPARE(failed.size(), 1);
            QVERIFY(!failed.constFirst().constFirst().value<Error>().message.isEmpty());
            return;
        }
        QCOMPARE(arrived.size(), 1);
        QCOMPARE(selection.currentStream(), u"sarah"_s);
        QCOMPARE(selection.revision(), expected);
    }
};

QTEST_GUILESS_MAIN(InspectorModelsTest)
#include "tst_inspectormodels.moc"
