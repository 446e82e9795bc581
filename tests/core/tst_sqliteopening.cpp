// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a SQLite store: whatever file it is pointed at, opening gives one clear typed error (never a crash) and
// never changes a file that is not a Flashback store; the schema is created once, even by racing processes, recorded,
// and upgraded from older versions. The backend-neutral behaviour is in tst_storecontract.cpp.
#include "eventscript.h"
#include "resultcheck.h"
#include "sqlitestorefiles.h"
#include "store/sqlite/sqliteconnection.h"
#include "store/sqlite/sqliteeventstore.h"
#include "watchdog.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <latch>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

class SqliteOpeningTest : public QObject {
    Q_OBJECT

private:
    CaseFolders m_folders;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_folders.isValid()); }

    void refusesWhatIsNotAStore_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<bool>("create");
        QTest::addColumn<bool>("readOnly");
        QTest::addColumn<QString>("expected");

        const auto row = [](const char* name, const QString& setup, bool create, bool readOnly, ErrorKind kind) {
            QTest::newRow(name) << setup << create << readOnly << errorKindName(kind);
        };
        row("missing file, open existing", u"missing"_s, false, false, ErrorKind::StoreNotFound);
        // Creating a store is a write: refused as one on a read-only open.
        row("missing file, read-only create", u"missing"_s, true, true, ErrorKind::StoreReadOnly);
        row("missing folder, create", u"missing-folder"_s, true, false, ErrorKind::StoreUnavailable);
        row("directory, open existing", u"directory"_s, false, false, ErrorKind::NotAFlashbackStore);
        row("directory, create", u"directory"_s, true, false, ErrorKind::NotAFlashbackStore);
        row("random bytes, open existing", u"random"_s, false, false, ErrorKind::NotAFlashbackStore);
        row("random bytes, create", u"random"_s, true, false, ErrorKind::NotAFlashbackStore);
        row("random bytes, read-only", u"random"_s, false, true, ErrorKind::NotAFlashbackStore);
        row("SQLite magic then garbage, create", u"magic"_s, true, false, ErrorKind::NotAFlashbackStore);
        row("foreign database, open existing", u"foreign"_s, false, false, ErrorKind::NotAFlashbackStore);
        row("foreign database, create", u"foreign"_s, true, false, ErrorKind::NotAFlashbackStore);
        row("foreign database, read-only", u"foreign"_s, false, true, ErrorKind::NotAFlashbackStore);
        row("foreign WAL database, create", u"foreign-wal"_s, true, false, ErrorKind::NotAFlashbackStore);
        row("foreign database without tables, create", u"foreign-versioned"_s, true, false,
            ErrorKind::NotAFlashbackStore);
        row("empty file, open existing", u"empty"_s, false, false, ErrorKind::NotAFlashbackStore);
        row("empty file, read-only create", u"empty"_s, true, true, ErrorKind::StoreReadOnly);
        row("schema too new, open existing", u"too-new"_s, false, false, ErrorKind::SchemaTooNew);
        row("schema too new, create", u"too-new"_s, true, false, ErrorKind::SchemaTooNew);
        row("schema too new, read-only", u"too-new"_s, false, true, ErrorKind::SchemaTooNew);
    }

    void refusesWhatIsNotAStore()
    {
        QFETCH(QString, setup);
        QFETCH(bool, create);
        QFETCH(bool, readOnly);
        QFETCH(QString, expected);

        const QString folder = m_folders.fresh();
        QString path = folder + u"/store.flashback"_s;
        if (setup == u"missing-folder"_s) {
            path = folder + u"/no-such-folder/store.flashback"_s;
        } else if (setup == u"directory"_s) {
            QVERIFY(QDir().mkpath(path));
        } else if (setup == u"random"_s) {
            writeFile(path, garbage(64 * 1024, 1));
        } else if (setup == u"magic"_s) {
            writeFile(path, QByteArray("SQLite format 3\0", 16) + garbage(8 * 1024, 2));
        } else if (setup == u"foreign"_s || setup == u"foreign-wal"_s || setup == u"foreign-versioned"_s) {
            RawConnection raw(path);
            QVERIFY(raw.isOpen());
            if (setup == u"foreign-versioned"_s) {
                // Another application that marks its files before it creates its tables.
                QVERIFY(!raw.exec(u"PRAGMA user_version = 7"_s).isValid());
            } else {
                if (setup == u"foreign-wal"_s)
                    QCOMPARE(raw.value(u"PRAGMA journal_mode = WAL"_s).toString(), u"wal"_s);
                QVERIFY(!raw.exec(u"CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)"_s).isValid());
                QVERIFY(!raw.exec(u"INSERT INTO contacts (name) VALUES ('Ada'), ('Grace')"_s).isValid());
            }
        } else if (setup == u"empty"_s) {
            writeFile(path, {});
        } else if (setup == u"too-new"_s) {
            makeStore(path, 5);
            RawConnection raw(path);
            QVERIFY(!raw.exec(u"PRAGMA user_version = 99"_s).isValid());
        } else {
            QCOMPARE(setup, u"missing"_s);
        }
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(sidecars(path).isEmpty(), qPrintable(sidecars(path).join(u", "_s)));
        const bool existed = QFileInfo::exists(path);
        const QByteArray before = sha256(path);

        auto store = openAt(path, storeOptions(create, readOnly));
        QVERIFY(!store.ok());
        const Error& error = store.error();
        QCOMPARE(errorKindName(error.kind), expected);
        QCOMPARE(error.code, expected);
        QVERIFY(!error.message.isEmpty());
        QVERIFY2(error.message.contains(path), qPrintable(error.message));

        // Whatever the file was, it is exactly as it was, with nothing new beside it.
        QCOMPARE(QFileInfo::exists(path), existed);
        QCOMPARE(sha256(path), before);
        QVERIFY2(sidecars(path).isEmpty(), qPrintable(sidecars(path).join(u", "_s)));
        if (setup == u"directory"_s)
            QVERIFY(QDir(path).isEmpty());
        if (setup == u"foreign"_s || setup == u"foreign-versioned"_s) {
            RawConnection raw(path);
            QCOMPARE(raw.value(u"PRAGMA journal_mode"_s).toString(), u"delete"_s);
            QCOMPARE(raw.value(u"PRAGMA application_id"_s).toLongLong(), 0);
        }
        if (setup == u"too-new"_s) {
            RawConnection raw(path);
            QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), 99);
            QCOMPARE(error.context.value(u"schema_version"_s).toInt(), 99);
        }
    }

    void emptyFileIsInitialisedWhenCreating()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        writeFile(path, {});
        {
            auto store = SqliteEventStore::open(path, storeOptions(true));
            QVERIFY2(store.ok(), why(store).constData());
            QVERIFY((*store)->append(u"s"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"A; B"_s)));
        }
        auto again = SqliteEventStore::open(path, storeOptions(false));
        QVERIFY2(again.ok(), why(again).constData());
        QCOMPARE(*(*again)->headPosition(), 2);
    }

    void migrationIsRecorded()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        {
            auto store = SqliteEventStore::open(path, storeOptions(true));
            QVERIFY2(store.ok(), why(store).constData());
        }
        RawConnection raw(path);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.value(u"PRAGMA application_id"_s).toLongLong(), qint64(0x46426B31));
        QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), sqlite::SchemaVersion);
        QCOMPARE(raw.value(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(raw.column(u"SELECT key FROM store_info ORDER BY key"_s),
            QStringList({u"created_at"_s, u"created_by"_s, u"store_id"_s}));
        QVERIFY(parseUuid(raw.value(u"SELECT value FROM store_info WHERE key = 'store_id'"_s).toString()));
        QVERIFY(raw.value(u"SELECT value FROM store_info WHERE key = 'created_by'"_s)
                    .toString()
                    .startsWith(u"Flashback "_s));
        QVERIFY(Timestamp::parse(raw.value(u"SELECT value FROM store_info WHERE key = 'created_at'"_s).toString()));
        QCOMPARE(raw.column(u"SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name"_s),
            QStringList(
                {u"events_are_immutable_delete"_s, u"events_are_immutable_update"_s, u"events_are_never_replaced"_s,
                    u"operator_audit_is_never_changed"_s, u"operator_audit_is_never_removed"_s}));
    }

    void versionOneStoresAreUpgraded()
    {
        // A store as the first release wrote it: only migration 0001, schema version 1, with events in it.
        const QString path = m_folders.fresh() + u"/old.flashback"_s;
        {
            RawConnection raw(path);
            QFile script(u":/flashback/migrations/sqlite/0001_initial.sql"_s);
            QVERIFY(script.open(QIODevice::ReadOnly));
            QString sql = QString::fromUtf8(script.readAll());
            QStringList statements;
            QString current;
            for (const QString& line : sql.split(u'\n')) {
                const QString trimmed = line.trimmed();
                if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith(u"--"_s)))
                    continue;
                current += line + u'\n';
                const bool trigger = current.trimmed().startsWith(u"CREATE TRIGGER"_s);
                if ((trigger && trimmed == u"END;"_s)
                    || (!trigger && trimmed.endsWith(u';') && !trimmed.startsWith(u"--"_s))) {
                    statements.append(current);
                    current.clear();
                }
            }
            QSqlQuery query(raw.database());
            for (const QString& statement : std::as_const(statements))
                QVERIFY2(query.exec(statement), qPrintable(query.lastError().text() + u" in "_s + statement));
            QVERIFY(query.exec(u"PRAGMA application_id = "_s + QString::number(sqlite::ApplicationId)));
            QVERIFY(query.exec(u"PRAGMA user_version = 1"_s));
            QVERIFY(query.exec(u"INSERT INTO streams VALUES (1, 'old-stream', 'User', 1, 1, 1, 0, 0, 0, 'E')"_s));
            QVERIFY(query.exec(u"INSERT INTO events VALUES (1, x'0123456789abcdef0123456789abcdef', 1, 1, 'E', 1, "
                               u"0, 0, NULL, CAST('{}' AS BLOB), CAST('{}' AS BLOB))"_s));
        }
        auto store = SqliteEventStore::open(path, storeOptions(false));
        QVERIFY2(store.ok(), why(store).constData());
        QCOMPARE((*store)->readStream(u"old-stream"_s, {})->size(), 1);
        UnitOfWork work;
        work.snapshots.append({u"old-stream"_s, u"User"_s, 1, 1, "{}", Timestamp::now()});
        QVERIFY((*store)->commit(work).ok());
        QCOMPARE((*store)->snapshots(u"old-stream"_s)->size(), 1);
        store->reset();
        RawConnection raw(path);
        QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), sqlite::SchemaVersion);
    }

    void initOnAnExistingStoreIsHarmless()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 250);
        QString storeId;
        {
            RawConnection raw(path);
            storeId = raw.value(u"SELECT value FROM store_info WHERE key = 'store_id'"_s).toString();
        }
        QVERIFY(!storeId.isEmpty());
        for (const bool readOnly : {false, true}) {
            auto store = openAt(path, storeOptions(true, readOnly));
            QVERIFY2(store.ok(), why(store).constData());
            QCOMPARE((*store)->statistics()->eventCount, 250);
            QCOMPARE((*store)->readStream(u"user-0"_s, {})->size(), 100);
        }
        RawConnection raw(path);
        QCOMPARE(raw.value(u"SELECT value FROM store_info WHERE key = 'store_id'"_s).toString(), storeId);
        QCOMPARE(raw.value(u"SELECT count(*) FROM store_info"_s).toInt(), 3);
        QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), sqlite::SchemaVersion);
    }

    void concurrentInitialisationCreatesTheSchemaOnce()
    {
        constexpr int Rounds = 100;
        constexpr int Threads = 4;
        for (int round = 0; round < Rounds; ++round) {
            const QString path = m_folders.fresh() + u"/store.flashback"_s;
            std::latch start(Threads);
            std::vector<QString> failures(Threads);
            std::vector<std::unique_ptr<QThread>> threads;
            for (int t = 0; t < Threads; ++t) {
                threads.emplace_back(QThread::create([&, t] {
                    start.arrive_and_wait();
                    // Each thread its own connection (ARCHITECTURE.md section 9).
                    auto store = SqliteEventStore::open(path, storeOptions(true));
                    if (!store) {
                        failures[t] = store.error().toString();
                        return;
                    }
                    auto appended = (*store)->append(u"thread-"_s + QString::number(t), u"Test"_s,
                        ExpectedRevision::noStream(), {makeEvent(u"STARTED"_s)});
                    if (!appended)
                        failures[t] = appended.error().toString();
                }));
                threads.back()->start();
            }
            for (auto& thread : threads)
                QVERIFY(thread->wait(60000));
            for (int t = 0; t < Threads; ++t)
                QVERIFY2(
                    failures[t].isEmpty(), qPrintable(u"round %1, thread %2: %3"_s.arg(round).arg(t).arg(failures[t])));

            RawConnection raw(path);
            QCOMPARE(raw.value(u"PRAGMA user_version"_s).toInt(), sqlite::SchemaVersion);
            QCOMPARE(raw.value(u"PRAGMA application_id"_s).toLongLong(), qint64(0x46426B31));
            QCOMPARE(raw.value(u"SELECT count(*) FROM store_info"_s).toInt(), 3);
            QCOMPARE(raw.value(u"SELECT count(*) FROM events"_s).toInt(), Threads);
            QCOMPARE(raw.value(u"SELECT count(DISTINCT stream_pk) FROM events"_s).toInt(), Threads);
        }
    }
};

QTEST_GUILESS_MAIN(SqliteOpeningTest)
#include "tst_sqliteopening.moc"
