// SPDX-License-Identifier: GPL-3.0-or-later
// The search index of a SQLite store lives in a file of its own beside the store (`<store>-search`), so that
// indexing never holds the store's one write lock: appends go on while an index batch is open. The file is a
// cache: read only when it is this store's, started again when it is another store's or ahead of the store, never
// created by a read-only session, and a foreign file in its place is left alone while searches scan.
#include "domain/domaincatalog.h"
#include "projections/projectionrunner.h"
#include "projectiontestkit.h"
#include "resultcheck.h"
#include "search/eventsearch.h"
#include "search/searchindexprojection.h"
#include "sqlitestorefiles.h"
#include "store/sqlite/sqliteeventstore.h"
#include "store/sqlite/sqlitereadmodelfiles.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

std::unique_ptr<EventStore> open(const QString& path, bool readOnly = false)
{
    auto store = SqliteEventStore::open(path, storeOptions(false, readOnly));
    if (!store) {
        qWarning() << store.error().toString();
        return nullptr;
    }
    return std::move(store).value();
}

/// Positions of every hit for `typed`, newest first, and how many events were scanned rather than looked up.
QList<qint64> hits(EventStore& store, const QString& typed, qint64* scanned = nullptr)
{
    EventSearch search(store, DomainCatalog::builtin().upcasters(), SearchIndexProjection().maskedKeys());
    SearchQuery query;
    query.text = TextQuery::parse(typed);
    query.limit = 100000;
    auto page = search.search(query);
    if (!page) {
        qWarning() << page.error().toString();
        return {-1};
    }
    if (scanned)
        *scanned = page->scannedEvents;
    QList<qint64> positions;
    for (const SearchHit& hit : std::as_const(page->hits))
        positions.append(hit.position);
    return positions;
}

qint64 indexPosition(EventStore& store)
{
    auto checkpoint = store.readModels().checkpoint(SearchIndexProjection::Name);
    return checkpoint ? checkpoint->position : -1;
}

QString indexOf(const QString& path)
{
    return SqliteReadModelFiles::indexPath(path);
}

} // namespace

class SqliteIndexFileTest : public QObject {
    Q_OBJECT

    CaseFolders m_folders;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_folders.isValid()); }

    void theIndexLivesBesideTheStore()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 300, 3);
        auto store = open(path);
        QVERIFY(store);
        QVERIFY(!QFileInfo::exists(indexOf(path))); // made by the projection's first write, not by opening
        QVERIFY2(catchUpSearchIndex(*store).ok(), "the index catches up");
        QVERIFY(QFileInfo::exists(indexOf(path)));
        QCOMPARE(indexPosition(*store), 300);

        const RawConnection inStore(path);
        QCOMPARE(inStore.column(u"SELECT name FROM sqlite_schema WHERE name LIKE 'rm_search_index%'"_s), QStringList());
        QCOMPARE(
            inStore.value(u"SELECT count(*) FROM projection_checkpoints WHERE name = 'search_index'"_s).toInt(), 0);
        const RawConnection beside(indexOf(path));
        QCOMPARE(beside.value(u"SELECT count(*) FROM rm_search_index__documents__g1"_s).toInt(), 300);
        QCOMPARE(
            beside.value(u"SELECT position FROM projection_checkpoints WHERE name = 'search_index'"_s).toInt(), 300);

        auto all = store->readModels().checkpoints();
        QVERIFY2(all.ok(), why(all).constData());
        QStringList names;
        for (const ProjectionCheckpoint& checkpoint : std::as_const(*all))
            names.append(checkpoint.name);
        QVERIFY2(names.contains(u"search_index"_s), qPrintable(names.join(u", "_s)));

        qint64 scanned = -1;
        QCOMPARE(hits(*store, u"firefox"_s, &scanned).size(), 300); // every event's user agent, from the index
        QCOMPARE(scanned, 0);
        QCOMPARE(hits(*store, u"10.0.2.77"_s), QList<qint64> {78});
    }

    void appendsGoOnWhileAnIndexBatchIsOpen()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 100, 2);
        auto indexer = open(path);
        QVERIFY(indexer);
        QVERIFY(catchUpSearchIndex(*indexer).ok());
        // The indexer holds its file's write lock, as it does for the whole of every batch.
        auto batch
            = indexer->readModels().beginReadModelTransaction(SearchIndexProjection::readModel(), /*generation=*/1);
        QVERIFY2(batch.ok(), why(batch).constData());
        QVERIFY((*batch)
                    ->put(SearchIndexProjection::Table,
                        {{u"position"_s, 101}, {u"stream_id"_s, u"x"_s}, {u"terms"_s, u" x | x "_s}})
                    .ok());

        // An appender that would give up at once if it had to wait for that lock.
        StoreOptions impatient = storeOptions(false);
        impatient.busyTimeout = std::chrono::milliseconds(1);
        auto appender = SqliteEventStore::open(path, impatient);
        QVERIFY2(appender.ok(), why(appender).constData());
        for (int n = 0; n < 5; ++n) {
            auto appended = (*appender)->append(u"user-9"_s, u"User"_s, ExpectedRevision::any(), {loginEvent(9, n)});
            QVERIFY2(appended.ok(), why(appended).constData());
        }
        batch->reset(); // rolled back: the index is still at 100, the store at 105
        QCOMPARE(indexPosition(*indexer), 100);
        QCOMPARE(*(*appender)->headPosition(), 105);
        qint64 scanned = 0;
        QCOMPARE(hits(*indexer, u"firefox"_s, &scanned).size(), 105); // the unindexed tail is scanned
        QCOMPARE(scanned, 5);
    }

    void anotherStoresIndexIsStartedAgain()
    {
        const QString folder = m_folders.fresh();
        const QString first = folder + u"/first.flashback"_s;
        const QString second = folder + u"/second.flashback"_s;
        makeStore(first, 200, 2);
        makeStore(second, 50, 5);
        {
            auto store = open(first);
            QVERIFY(store);
            QVERIFY(catchUpSearchIndex(*store).ok());
        }
        QVERIFY(QFile::copy(indexOf(first), indexOf(second)));
        const QByteArray copied = sha256(indexOf(second));

        // Read-only: not this store's, and not to be reset by a reader: unused, untouched, searches scan.
        {
            auto reader = open(second, /*readOnly=*/true);
            QVERIFY(reader);
            QCOMPARE(indexPosition(*reader), 0);
            qint64 scanned = 0;
            QCOMPARE(hits(*reader, u"firefox"_s, &scanned).size(), 50);
            QCOMPARE(scanned, 50);
        }
        QCOMPARE(sha256(indexOf(second)), copied);

        auto store = open(second);
        QVERIFY(store);
        QCOMPARE(indexPosition(*store), 0); // the first store's 200 events are not this one's
        QVERIFY(catchUpSearchIndex(*store).ok());
        QCOMPARE(indexPosition(*store), 50);
        QCOMPARE(
            RawConnection(indexOf(second)).value(u"SELECT count(*) FROM rm_search_index__documents__g1"_s).toInt(), 50);
        qint64 scanned = -1;
        QCOMPARE(hits(*store, u"firefox"_s, &scanned).size(), 50);
        QCOMPARE(scanned, 0);
    }

    void anIndexAheadOfARestoredStoreIsStartedAgain()
    {
        const QString folder = m_folders.fresh();
        const QString path = folder + u"/store.flashback"_s;
        const QString backup = folder + u"/backup.flashback"_s;
        makeStore(path, 100, 2);
        QVERIFY(QFile::copy(path, backup)); // closed, so the WAL is folded in
        {
            auto store = open(path);
            QVERIFY(store);
            for (int n = 0; n < 3; ++n)
                QVERIFY(store->append(u"user-7"_s, u"User"_s, ExpectedRevision::any(), {loginEvent(7, n)}).ok());
            QVERIFY(catchUpSearchIndex(*store).ok());
            QCOMPARE(indexPosition(*store), 103);
        }
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::copy(backup, path));

        auto store = open(path);
        QVERIFY(store);
        QCOMPARE(indexPosition(*store), 0);
        QCOMPARE(hits(*store, u"firefox"_s).constFirst(), 100); // never an event the store no longer has
        QVERIFY(catchUpSearchIndex(*store).ok());
        QCOMPARE(indexPosition(*store), 100);
    }

    void aReadOnlySessionNeverCreatesTheIndex()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 40, 2);
        auto store = open(path, /*readOnly=*/true);
        QVERIFY(store);
        QCOMPARE(indexPosition(*store), 0);
        qint64 scanned = 0;
        QCOMPARE(hits(*store, u"firefox"_s, &scanned).size(), 40);
        QCOMPARE(scanned, 40);
        auto lease = store->readModels().acquireLease(SearchIndexProjection::Name, u"me"_s, std::chrono::seconds(5));
        QVERIFY(!lease.ok());
        QCOMPARE(lease.error().kind, ErrorKind::StoreReadOnly);
        store.reset();
        QCOMPARE(sidecars(path), QStringList()); // the index file, and anything of SQLite's
    }

    void aForeignFileWhereTheIndexWouldBeIsLeftAlone()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 30, 3);
        writeFile(indexOf(path), garbage(4096, 7));
        const QByteArray before = sha256(indexOf(path));
        auto store = open(path);
        QVERIFY(store);
        QCOMPARE(hits(*store, u"firefox"_s).size(), 30); // scanned, not refused
        auto indexed = catchUpSearchIndex(*store);
        QVERIFY(!indexed.ok());
        QCOMPARE(indexed.error().kind, ErrorKind::NotAFlashbackStore);
        QVERIFY2(indexed.error().message.contains(u"search index"_s), qPrintable(indexed.error().message));
        QCOMPARE(sha256(indexOf(path)), before);
    }

    void anEarlierBuildsIndexInTheStoreIsDropped()
    {
        // Builds before the index file kept the index in the store's own file.
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 20, 2);
        {
            const RawConnection raw(path);
            QVERIFY(
                !raw.exec(u"CREATE TABLE rm_search_index__documents__g1 (position INTEGER PRIMARY KEY, terms TEXT)"_s)
                     .isValid());
            QVERIFY(
                !raw.exec(u"CREATE VIRTUAL TABLE rm_search_index__documents__g1__fts USING fts5(terms)"_s).isValid());
            QVERIFY(!raw.exec(u"INSERT INTO projection_checkpoints (name, position, updated_at, moved_at) "
                              u"VALUES ('search_index', 20, 0, 0)"_s)
                         .isValid());
        }
        auto store = open(path);
        QVERIFY(store);
        QCOMPARE(indexPosition(*store), 0); // the old copy is not the index any more
        QVERIFY(catchUpSearchIndex(*store).ok());
        QCOMPARE(indexPosition(*store), 20);
        const RawConnection raw(path);
        QCOMPARE(raw.column(u"SELECT name FROM sqlite_schema WHERE name LIKE 'rm_search_index%'"_s), QStringList());
        QCOMPARE(raw.value(u"SELECT count(*) FROM projection_checkpoints WHERE name = 'search_index'"_s).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(SqliteIndexFileTest)
#include "tst_sqliteindexfile.moc"
