// SQLite-specific robustness of the store: whatever file it is pointed at, opening gives one clear typed error
// (never a crash) and never changes a file that is not a Flashback store. Also the schema's own guarantees
// (immutability triggers, recorded version) and the behaviour under locks, read-only access and concurrent
// initialisation. The backend-neutral behaviour is in tst_storecontract.cpp.
#include "eventscript.h"
#include "resultcheck.h"
#include "store/sqlite/sqliteconnection.h"
#include "store/sqlite/sqliteeventstore.h"
#include "store/storeaddress.h"
#include "store/storeopener.h"
#include "watchdog.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <latch>
#include <optional>
#include <vector>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

/// A plain QSQLITE connection, as another application (or a curious user with a SQL shell) would open the file.
class RawConnection {
public:
    explicit RawConnection(const QString& path)
        : m_name(u"raw-"_s + QString::number(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        m_open = db.open();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool isOpen() const { return m_open; }
    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

    /// Runs one statement; the error is invalid when it succeeded.
    QSqlError exec(const QString& sql) const
    {
        QSqlQuery query(database());
        query.exec(sql);
        return query.lastError();
    }
    /// The first column of the first row, or an invalid QVariant.
    QVariant value(const QString& sql) const
    {
        QSqlQuery query(database());
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }
    QStringList column(const QString& sql) const
    {
        QSqlQuery query(database());
        QStringList values;
        if (query.exec(sql)) {
            while (query.next())
                values.append(query.value(0).toString());
        }
        return values;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_open = false;
};

QByteArray sha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

/// Files SQLite would leave beside a database it wrote to (or prepared to write to).
QStringList sidecars(const QString& path)
{
    QStringList found;
    for (const auto& suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (QFileInfo::exists(path + suffix))
            found.append(path + suffix);
    }
    return found;
}

QByteArray garbage(qsizetype size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (auto& byte : bytes)
        byte = char(random.bounded(256));
    return bytes;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

StoreOptions storeOptions(bool create, bool readOnly = false)
{
    StoreOptions options;
    options.mode = create ? StoreOptions::OpenMode::CreateIfMissing : StoreOptions::OpenMode::OpenExisting;
    options.readOnly = readOnly;
    options.durability = StoreOptions::Durability::Normal;
    return options;
}

/// Through the address parser, as the CLI and the GUI open stores.
Result<std::unique_ptr<EventStore>> openAt(const QString& path, const StoreOptions& options)
{
    auto address = StoreAddress::parse(path);
    if (!address)
        return address.error();
    return openStore(*address, options);
}

NewEvent loginEvent(int user, int n)
{
    return makeEvent(u"USER_LOGGED_IN"_s,
        {{u"ip"_s, u"10.0.%1.%2"_s.arg(user % 256).arg(n % 256)},
            {u"user_agent"_s, u"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"_s}},
        u"user-"_s + QString::number(user));
}

/// A Flashback store with `events` events spread round-robin over `streams` streams, written in batches of 100.
void makeStore(const QString& path, int events, int streams = 10)
{
    auto store = SqliteEventStore::open(path, storeOptions(true));
    QVERIFY2(store.ok(), why(store).constData());
    for (int first = 0; first < events; first += 100) {
        QList<NewEvent> batch;
        for (int n = first; n < qMin(events, first + 100); ++n)
            batch.append(loginEvent(n % streams, n));
        UnitOfWork work;
        StreamAppend append;
        append.streamId = u"user-"_s + QString::number((first / 100) % streams);
        append.aggregateType = u"User"_s;
        append.events = batch;
        work.appends.append(append);
        auto committed = (*store)->commit(work);
        QVERIFY2(committed.ok(), why(committed).constData());
    }
}

/// Reads every stream, every event (by position and through each index a query can use) and the figures.
/// The first error, if any.
std::optional<Error> readEverything(EventStore& store)
{
    if (auto statistics = store.statistics(); !statistics)
        return statistics.error();
    QStringList streams;
    StreamListOptions listOptions;
    listOptions.limit = 200;
    for (int page = 0; page < 10000; ++page) {
        auto streamPage = store.listStreams(listOptions);
        if (!streamPage)
            return streamPage.error();
        for (const auto& info : std::as_const(streamPage->streams)) {
            streams.append(info.streamId);
            if (auto single = store.stream(info.streamId); !single)
                return single.error();
        }
        if (!streamPage->nextCursor)
            break;
        listOptions.beforePosition = streamPage->nextCursor;
    }
    EventFilter byType; // through events_by_type
    byType.types = QStringList {u"USER_LOGGED_IN"_s};
    EventFilter byActor; // through events_by_actor
    byActor.actor = u"user-1"_s;
    for (const auto& filter : {EventFilter {}, byType, byActor}) {
        ReadAllOptions options;
        options.filter = filter;
        options.cursor = 0;
        for (int page = 0; page < 10000; ++page) {
            auto events = store.readAll(options);
            if (!events)
                return events.error();
            if (events->isEmpty())
                break;
            options.cursor = events->constLast().position;
        }
    }
    for (const auto& id : std::as_const(streams)) {
        if (auto events = store.readStream(id, {}); !events)
            return events.error();
    }
    if (auto command = store.findCommand(u"no-such-command"_s); !command)
        return command.error();
    return std::nullopt;
}

} // namespace

class SqliteStoreTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    /// A fresh, empty folder for one test row.
    QString freshFolder()
    {
        const QString folder = m_dir.filePath(u"case-"_s + QString::number(++m_counter));
        QDir().mkpath(folder);
        return folder;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

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

        const QString folder = freshFolder();
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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
                {u"events_are_immutable_delete"_s, u"events_are_immutable_update"_s, u"events_are_never_replaced"_s}));
    }

    void replacingAnEventIsRefused()
    {
        const QString path = freshFolder() + u"/store.flashback"_s;
        makeStore(path, 3);
        RawConnection raw(path);
        QSqlQuery query(raw.database());
        QVERIFY(!query.exec(u"REPLACE INTO events SELECT * FROM events WHERE position = 2"_s));
        QVERIFY(query.lastError().text().contains(u"immutable"_s));
        QCOMPARE(raw.value(u"SELECT count(*) FROM events"_s).toInt(), 3);
    }

    void versionOneStoresAreUpgraded()
    {
        // A store as the first release wrote it: only migration 0001, schema version 1, with events in it.
        const QString path = freshFolder() + u"/old.flashback"_s;
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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
            const QString path = freshFolder() + u"/store.flashback"_s;
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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
        QTemporaryDir shared(QDir::tempPath() + u"/tst_sqlitestore-shared-XXXXXX"_s);
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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
        const QString path = freshFolder() + u"/store.flashback"_s;
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

QTEST_GUILESS_MAIN(SqliteStoreTest)
#include "tst_sqlitestore.moc"
