// SPDX-License-Identifier: GPL-3.0-or-later
// What a SQLite store guarantees once it exists: its events are immutable even to a SQL shell, a store locked by
// another connection gives StoreBusy, read-only access (asked for, or forced by file permissions) never writes, and
// a damaged file is reported, never skipped. The backend-neutral behaviour is in tst_storecontract.cpp.
#include "eventscript.h"
#include "resultcheck.h"
#include "sqlitestorefiles.h"
#include "store/sqlite/sqliteconnection.h"
#include "store/sqlite/sqliteeventstore.h"
#include "watchdog.h"

#include <QFile>
#include <QProcess>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <memory>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

class SqliteIntegrityTest : public QObject {
    Q_OBJECT

private:
    CaseFolders m_folders;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_folders.isValid()); }

    void replacingAnEventIsRefused()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 3);
        RawConnection raw(path);
        QSqlQuery query(raw.database());
        QVERIFY(!query.exec(u"REPLACE INTO events SELECT * FROM events WHERE position = 2"_s));
        QVERIFY(query.lastError().text().contains(u"immutable"_s));
        QCOMPARE(raw.value(u"SELECT count(*) FROM events"_s).toInt(), 3);
    }

    void eventsAreImmutable_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::newRow("update a type") << u"UPDATE events SET type = 'USER_DELETED' WHERE position = 2"_s;
        QTest::newRow("update a payload") << u"UPDATE events SET data = CAST('{}' AS BLOB)"_s;
        QTest::newRow("update metadata of all") << u"UPDATE events SET actor = 'mallory', metadata = x'7b7d'"_s;
        QTest::newRow("delete one") << u"DELETE FROM events WHERE position = 1"_s;
        QTest::newRow("delete all") << u"DELETE FROM events"_s;
    }

    void eventsAreImmutable()
    {
        QFETCH(QString, statement);
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 20, 2);
        QList<RecordedEvent> before;
        {
            auto store = SqliteEventStore::open(path, storeOptions(false));
            QVERIFY2(store.ok(), why(store).constData());
            before = *(*store)->readAll({});
        }
        {
            RawConnection raw(path);
            QVERIFY(raw.isOpen());
            const QSqlError error = raw.exec(statement);
            QVERIFY(error.isValid());
            QVERIFY2(error.text().contains(u"events are immutable"_s), qPrintable(error.text()));
        }
        auto store = SqliteEventStore::open(path, storeOptions(false));
        QVERIFY2(store.ok(), why(store).constData());
        const auto after = *(*store)->readAll({});
        QCOMPARE(after.size(), before.size());
        for (qsizetype i = 0; i < after.size(); ++i) {
            QCOMPARE(after[i].eventId, before[i].eventId);
            QCOMPARE(after[i].type, before[i].type);
            QCOMPARE(after[i].data, before[i].data);
            QCOMPARE(after[i].metadata, before[i].metadata);
        }
    }

    void lockedStoreGivesStoreBusy()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 10);
        // Another writer in the middle of its transaction, on a thread of its own so that it can hold the lock
        // while this one waits: until the append below has returned, or for LongerThanAnyDeadline at most. An
        // append that waited for the lock instead of giving up would get it then, and fail the test, not hang it.
        QSemaphore locked, release;
        QString lockError;
        std::unique_ptr<QThread> other(QThread::create([&] {
            RawConnection connection(path);
            const QSqlError error = connection.exec(u"BEGIN IMMEDIATE"_s);
            lockError = !connection.isOpen() ? u"not open"_s : error.isValid() ? error.text() : QString();
            locked.release();
            release.tryAcquire(1, int(std::chrono::milliseconds(LongerThanAnyDeadline).count()));
            connection.exec(u"COMMIT"_s);
        }));
        other->start();
        auto finishOther = qScopeGuard([&] {
            release.release();
            other->wait();
        });
        locked.acquire();
        QCOMPARE(lockError, QString());

        StoreOptions options = storeOptions(false);
        options.busyTimeout = std::chrono::milliseconds(200);
        // Opening and reading must not wait for the writer: WAL lets readers run beside it.
        auto store = openAt(path, options);
        QVERIFY2(store.ok(), why(store).constData());
        QCOMPARE(*(*store)->headPosition(), 10);

        // StoreBusy while the lock is still held: the append gave up on its own.
        auto blocked = (*store)->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s));
        QVERIFY(!blocked.ok());
        QCOMPARE(blocked.error().kind, ErrorKind::StoreBusy);
        QVERIFY(!blocked.error().message.isEmpty());
        QCOMPARE(*(*store)->headPosition(), 10);

        // Once the other writer is done, the same store instance writes again.
        finishOther.dismiss();
        release.release();
        other->wait();
        auto retried = (*store)->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s));
        QVERIFY2(retried.ok(), why(retried).constData());
        QCOMPARE(*(*store)->headPosition(), 11);
    }

    void readOnlyStoreReadsButNeverWrites()
    {
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 300);
        QVERIFY(sidecars(path).isEmpty());
        const QByteArray before = sha256(path);
        {
            auto store = openAt(path, storeOptions(false, true));
            QVERIFY2(store.ok(), why(store).constData());
            QVERIFY((*store)->isReadOnly());
            QCOMPARE((*store)->readStream(u"user-1"_s, {})->size(), 100);
            QCOMPARE((*store)->readAll({})->size(), 300);
            QCOMPARE(*(*store)->headPosition(), 300);

            auto written = (*store)->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s));
            QVERIFY(!written.ok());
            QCOMPARE(written.error().kind, ErrorKind::StoreReadOnly);

            // Another connection for another thread keeps the mode.
            auto other = (*store)->reopen();
            QVERIFY2(other.ok(), why(other).constData());
            QVERIFY((*other)->isReadOnly());
            QCOMPARE((*other)->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s)).error().kind,
                ErrorKind::StoreReadOnly);
        }
        QCOMPARE(sha256(path), before);
        QVERIFY(sidecars(path).isEmpty());
    }

    void fileReadOnlyForAnotherUser_data()
    {
        QTest::addColumn<bool>("folderWritable");
        QTest::newRow("writable folder") << true;
        QTest::newRow("read-only folder") << false;
    }

    void fileReadOnlyForAnotherUser()
    {
        QFETCH(bool, folderWritable);
        if (::geteuid() != 0)
            QSKIP("needs root, to run a reader as another user for whom the file is read-only");
        // The test's own folders are private; the other user needs one it can reach.
        QTemporaryDir shared(QDir::tempPath() + u"/tst_sqliteintegrity-shared-XXXXXX"_s);
        QVERIFY(shared.isValid());
        const auto readable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
        QVERIFY(QFile::setPermissions(shared.path(), readable));
        const QStringList asNobody {u"--reuid=65534"_s, u"--regid=65534"_s, u"--clear-groups"_s};
        {
            QProcess probe;
            probe.start(u"setpriv"_s, asNobody + QStringList {QStringLiteral(STORE_WRITER)});
            if (!probe.waitForFinished(30000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 2)
                QSKIP("cannot run the store writer as user 65534 with setpriv here");
        }

        const QString path = shared.filePath(u"store.flashback"_s);
        makeStore(path, 100);
        QVERIFY(sidecars(path).isEmpty());
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        if (folderWritable) {
            QVERIFY(QFile::setPermissions(shared.path(),
                readable | QFile::WriteGroup | QFile::WriteOther)); // like /tmp, without the sticky bit
        }
        const QByteArray before = sha256(path);

        QProcess writer;
        writer.start(u"setpriv"_s,
            asNobody + QStringList {QStringLiteral(STORE_WRITER), u"contend"_s, path, u"user-1"_s, u"1"_s});
        QVERIFY(writer.waitForFinished(60000));
        const QString stderrText = QString::fromUtf8(writer.readAllStandardError());
        QCOMPARE(writer.exitStatus(), QProcess::NormalExit);
        if (folderWritable) {
            // Opened, read the stream, and refused the append with a clear error.
            QCOMPARE(writer.exitCode(), 4);
            QVERIFY2(stderrText.contains(u"[StoreReadOnly]"_s), qPrintable(stderrText));
        } else {
            // WAL readers need to create the -shm file beside the store: without it, opening fails, cleanly.
            QVERIFY2(writer.exitCode() == 3 || writer.exitCode() == 4, qPrintable(stderrText));
            QVERIFY2(stderrText.contains(u"[Store"_s), qPrintable(stderrText));
        }
        QCOMPARE(sha256(path), before);
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
        auto store = SqliteEventStore::open(path, storeOptions(false));
        QVERIFY2(store.ok(), why(store).constData());
        QCOMPARE(*(*store)->headPosition(), 100);
    }

    void damagedPageIsReportedNotSkipped()
    {
        // A listing or lookup that meets a damaged page must say so, not return a shorter list or "no such stream".
        constexpr int Streams = 3000;
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        {
            auto store = SqliteEventStore::open(path, storeOptions(true));
            QVERIFY2(store.ok(), why(store).constData());
            for (int first = 0; first < Streams; first += 100) {
                UnitOfWork work;
                for (int n = first; n < first + 100; ++n) {
                    StreamAppend append;
                    append.streamId = u"stream-"_s + QString::number(n);
                    append.aggregateType = u"Test"_s;
                    append.events = {makeEvent(u"CREATED"_s)};
                    work.appends.append(append);
                }
                auto committed = (*store)->commit(work);
                QVERIFY2(committed.ok(), why(committed).constData());
            }
        }
        qint64 pageSize = 0;
        qint64 page = 0;
        {
            RawConnection raw(path);
            pageSize = raw.value(u"PRAGMA page_size"_s).toLongLong();
            const QStringList leaves = raw.column(
                u"SELECT pageno FROM dbstat WHERE name = 'streams' AND pagetype = 'leaf' ORDER BY pageno"_s);
            if (leaves.size() < 3)
                QSKIP("this SQLite has no dbstat table to find the pages of the streams table");
            page = leaves.at(leaves.size() / 2).toLongLong();
        }
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek((page - 1) * pageSize));
            QCOMPARE(file.write(garbage(pageSize, 3)), pageSize);
        }
        auto store = SqliteEventStore::open(path, storeOptions(false));
        QVERIFY2(store.ok(), why(store).constData());

        qint64 listed = 0;
        std::optional<Error> listingError;
        StreamListOptions options;
        options.limit = 250;
        for (int n = 0; n < 1000 && !listingError; ++n) {
            auto streamPage = (*store)->listStreams(options);
            if (!streamPage) {
                listingError = streamPage.error();
                break;
            }
            listed += streamPage->streams.size();
            if (!streamPage->nextCursor)
                break;
            options.beforePosition = streamPage->nextCursor;
        }
        QVERIFY2(listingError || listed == Streams,
            qPrintable(u"listed %1 of %2 streams, no error"_s.arg(listed).arg(Streams)));
        if (listingError)
            QCOMPARE(listingError->kind, ErrorKind::StoreCorrupt);

        int lookupErrors = 0;
        for (int n = 0; n < Streams; ++n) {
            const QString id = u"stream-"_s + QString::number(n);
            auto info = (*store)->stream(id);
            if (!info) {
                QCOMPARE(info.error().kind, ErrorKind::StoreCorrupt);
                ++lookupErrors;
                continue;
            }
            QVERIFY2(info->has_value(), qPrintable(id + u" exists but was reported missing"_s));
        }
        QVERIFY(lookupErrors > 0);
    }

    void corruptStoreGivesTypedError_data()
    {
        QTest::addColumn<qint64>("offset"); // negative: from the middle of the file
        QTest::addColumn<qint64>("length");
        QTest::newRow("file header") << qint64(0) << qint64(100);
        QTest::newRow("schema page") << qint64(100) << qint64(3000);
        QTest::newRow("middle, one page") << qint64(-1) << qint64(4096);
        QTest::newRow("middle, 64 KiB") << qint64(-1) << qint64(64 * 1024);
        QTest::newRow("last quarter, 16 KiB") << qint64(-3) << qint64(16 * 1024);
    }

    void corruptStoreGivesTypedError()
    {
        QFETCH(qint64, offset);
        QFETCH(qint64, length);
        const QString path = m_folders.fresh() + u"/store.flashback"_s;
        makeStore(path, 4000, 40);
        QVERIFY(sidecars(path).isEmpty());
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            const qint64 size = file.size();
            if (offset < 0)
                offset = (size * -offset / 4) / 4096 * 4096 + 1000; // mid-page, so two pages are hit
            QVERIFY(offset + length <= size);
            QVERIFY(file.seek(offset));
            QCOMPARE(file.write(garbage(length, quint32(offset))), length);
        }

        std::optional<Error> error;
        auto store = openAt(path, storeOptions(false));
        if (!store)
            error = store.error();
        else
            error = readEverything(**store);
        QVERIFY2(error.has_value(), "the damage went unnoticed");
        QVERIFY2(error->kind == ErrorKind::StoreCorrupt || error->kind == ErrorKind::NotAFlashbackStore,
            qPrintable(error->toString()));
        QVERIFY(error->message.contains(path));
        if (offset == 0)
            QCOMPARE(error->kind, ErrorKind::NotAFlashbackStore);
    }
};

QTEST_GUILESS_MAIN(SqliteIntegrityTest)
#include "tst_sqliteintegrity.moc"
