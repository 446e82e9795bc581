// SPDX-License-Identifier: GPL-3.0-or-later
// PostgreSQL-specific behaviour of the store: no reader skips a late commit, notifications wake subscriptions,
// passwords never leak into messages, connection failures are typed and bounded by the connect timeout, read-only
// sessions and servers refuse writes, and a database that is not a Flashback store (or a newer one) is left
// untouched. Needs FLASHBACK_TEST_PG (an admin conninfo of a throwaway server); fails without it. The
// backend-neutral behaviour is in tst_storecontract.cpp and tst_readsidecontract.cpp.
#include "eventscript.h"
#include "outbox/outboxstore.h"
#include "pgtestdatabases.h"
#include "readmodels/readmodelstore.h"
#include "resultcheck.h"
#include "store/postgres/pgschema.h"
#include "store/storeaddress.h"
#include "store/storeopener.h"
#include "util/uuid.h"
#include "watchdog.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

/// A plain libpq session, as another program (or psql) would have it.
class RawSession {
public:
    explicit RawSession(const QString& conninfo)
        : m_conn(PQconnectdb(conninfo.toUtf8().constData()))
    {
        if (PQstatus(m_conn) != CONNECTION_OK)
            qFatal("raw session: %s", PQerrorMessage(m_conn));
    }
    ~RawSession() { PQfinish(m_conn); }
    RawSession(const RawSession&) = delete;
    RawSession& operator=(const RawSession&) = delete;

    /// Runs `sql`; returns the first value of the first row ("" if none), or "ERROR: <sqlstate>".
    QString exec(const QString& sql)
    {
        PGresult* result = PQexec(m_conn, sql.toUtf8().constData());
        QString out;
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            out = u"ERROR: "_s + QString::fromUtf8(PQresultErrorField(result, PG_DIAG_SQLSTATE));
        else if (PQntuples(result) > 0)
            out = QString::fromUtf8(PQgetvalue(result, 0, 0));
        PQclear(result);
        return out;
    }

private:
    PGconn* m_conn;
};

std::unique_ptr<EventStore> open(const QString& address, StoreOptions options = {})
{
    auto store = openStore(*StoreAddress::parse(address), options);
    if (!store)
        qFatal("cannot open %s: %s", qPrintable(address), qPrintable(store.error().toString()));
    return std::move(store).value();
}

StoreOptions creating()
{
    StoreOptions options;
    options.mode = StoreOptions::OpenMode::CreateIfMissing;
    return options;
}

/// Polls `condition` every 10 ms until it holds (true) or GenerousDeadline has passed (false).
bool eventually(const std::function<bool()>& condition)
{
    const QDeadlineTimer deadline(GenerousDeadline);
    for (;;) {
        if (condition())
            return true;
        if (deadline.hasExpired())
            return false;
        QThread::msleep(10);
    }
}

/// Holds `lock` (SQL run in a transaction of its own session) from another thread until released, or for
/// LongerThanAnyDeadline at most: a writer that waits for the lock instead of giving up then gets it, and its
/// success fails the test instead of hanging it.
class LockHolder {
public:
    LockHolder(const QString& address, const QString& lock)
        : m_thread(QThread::create([this, address, lock] {
            RawSession holder(address);
            holder.exec(u"BEGIN"_s);
            const QString locked = holder.exec(lock);
            if (locked.startsWith(u"ERROR"_s))
                m_error = locked;
            m_locked.release();
            m_release.tryAcquire(1, int(std::chrono::milliseconds(LongerThanAnyDeadline).count()));
            holder.exec(u"ROLLBACK"_s);
        }))
    {
        m_thread->start();
        m_locked.acquire();
    }
    ~LockHolder() { release(); }
    /// Empty when the lock is held; else the error of the locking statement.
    QString error() const { return m_error; }
    void release()
    {
        if (!m_thread)
            return;
        m_release.release();
        m_thread->wait();
        m_thread.reset();
    }

private:
    QSemaphore m_locked;
    QSemaphore m_release;
    QString m_error;
    std::unique_ptr<QThread> m_thread;
};

bool mentions(const Error& error, const QString& text)
{
    if (error.message.contains(text) || error.detail.contains(text) || error.toString().contains(text))
        return true;
    for (auto it = error.context.cbegin(); it != error.context.cend(); ++it) {
        if (it.value().toString().contains(text))
            return true;
    }
    return false;
}

void appendOne(EventStore& store, const QString& type)
{
    auto appended = store.append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(type));
    if (!appended)
        qFatal("append failed: %s", qPrintable(appended.error().toString()));
}

} // namespace

class PostgresStoreTest : public QObject {
    Q_OBJECT

private:
    PgTestDatabases m_databases;

private Q_SLOTS:
    void initTestCase()
    {
        // The one role the test server asks a password of (scripts/pg-test-server).
        m_databases.adminExec(u"DO $$ BEGIN CREATE ROLE fbtest_password LOGIN SUPERUSER PASSWORD 'the-password'; "
                              u"EXCEPTION WHEN duplicate_object THEN NULL; END $$"_s);
    }

    void theRightPasswordLogsIn()
    {
        const QString address = PgTestDatabases::withOption(
            PgTestDatabases::withOption(m_databases.create(), u"user"_s, u"fbtest_password"_s), u"password"_s,
            u"the-password"_s);
        auto store = openStore(*StoreAddress::parse(address), creating());
        QVERIFY2(store.ok(), why(store).constData());
        QVERIFY(!(*store)->address().contains(u"the-password"_s));
    }

    void aSequenceAloneLosesLateCommits()
    {
        // The hazard, shown with a bare sequence: B takes position 2 after A took 1, commits first, and a reader
        // that checkpoints 2 never sees 1. The store must not behave like this (next test).
        const QString address = m_databases.create();
        RawSession setup(address);
        setup.exec(u"CREATE TABLE log (position bigserial PRIMARY KEY, who text)"_s);
        RawSession a(address), b(address), reader(address);
        a.exec(u"BEGIN"_s);
        QCOMPARE(a.exec(u"INSERT INTO log (who) VALUES ('a') RETURNING position"_s), u"1"_s);
        b.exec(u"BEGIN"_s);
        QCOMPARE(b.exec(u"INSERT INTO log (who) VALUES ('b') RETURNING position"_s), u"2"_s);
        b.exec(u"COMMIT"_s);
        const QString checkpoint = reader.exec(u"SELECT max(position) FROM log WHERE position > 0"_s);
        QCOMPARE(checkpoint, u"2"_s);
        a.exec(u"COMMIT"_s);
        QCOMPARE(reader.exec(u"SELECT count(*) FROM log WHERE position > "_s + checkpoint), u"0"_s); // 1 is lost
    }

    void noReaderSkipsALateCommit_data()
    {
        QTest::addColumn<QString>("isolation");
        QTest::newRow("server defaults") << QString();
        // The store's sessions run read committed whatever the database defaults to: with a transaction-wide
        // snapshot, B would read the head as it was before it waited for the lock, and take A's position.
        QTest::newRow("database defaults to repeatable read") << u"repeatable read"_s;
        QTest::newRow("database defaults to serializable") << u"serializable"_s;
    }

    void noReaderSkipsALateCommit()
    {
        QFETCH(QString, isolation);
        const QString address = m_databases.create();
        if (!isolation.isEmpty()) {
            RawSession admin(m_databases.adminConninfo());
            admin.exec(u"ALTER DATABASE "_s + PgTestDatabases::databaseOf(address)
                + u" SET default_transaction_isolation = '"_s + isolation + u"'"_s);
            QCOMPARE(RawSession(address).exec(u"SHOW default_transaction_isolation"_s), isolation);
        }
        auto store = open(address, creating());
        // A brake: writer A's insert waits inside its transaction, after it took its position, until released.
        RawSession brake(address);
        brake.exec(u"CREATE FUNCTION test_brake() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   u"IF NEW.type = 'SLOW' THEN PERFORM pg_advisory_xact_lock(4242); END IF; RETURN NEW; END $$"_s);
        brake.exec(u"CREATE TRIGGER test_brake BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_brake()"_s);
        brake.exec(u"SELECT pg_advisory_lock(4242)"_s);
        auto subscription = store->subscribe(0);
        QVERIFY(subscription->next(10, std::chrono::milliseconds(0))->isEmpty());

        std::atomic<qint64> positionA {0}, positionB {0};
        std::unique_ptr<QThread> writerA(QThread::create([&store, &positionA] {
            auto own = store->reopen();
            auto result = (*own)->append(u"a"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"SLOW"_s));
            positionA = result ? result->lastPosition() : -1;
        }));
        writerA->start();
        RawSession watcher(address);
        const auto waiting = [&watcher](const QString& lock) {
            return watcher.exec(
                       u"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "_s + lock)
                == u"1"_s;
        };
        QVERIFY(eventually([&] { return waiting(u"objid = 4242"_s); })); // A holds position 1, uncommitted

        // B would take position 2 and commit first; instead it waits for A's append lock.
        std::unique_ptr<QThread> writerB(QThread::create([&store, &positionB] {
            auto own = store->reopen();
            auto result = (*own)->append(u"b"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"FAST"_s));
            positionB = result ? result->lastPosition() : -1;
        }));
        writerB->start();
        QVERIFY(eventually([&] { return waiting(u"classid = "_s + QString::number(postgres::AppendLockSpace)); }));
        QThread::msleep(200);
        QCOMPARE(positionB.load(), 0); // still waiting: it cannot commit ahead of A
        QVERIFY(store->readAll({})->isEmpty());
        QVERIFY(subscription->next(10, std::chrono::milliseconds(200))->isEmpty());

        brake.exec(u"SELECT pg_advisory_unlock(4242)"_s);
        writerA->wait();
        writerB->wait();
        QCOMPARE(positionA.load(), 1);
        QCOMPARE(positionB.load(), 2);
        // A reader that goes on from its last position (a projection's checkpoint) gets both, in order.
        QList<qint64> seen;
        const QDeadlineTimer deadline(GenerousDeadline);
        while (seen.size() < 2 && !deadline.hasExpired()) {
            auto batch = subscription->next(10, std::chrono::milliseconds(1000));
            QVERIFY2(batch.ok(), why(batch).constData());
            for (const auto& event : *batch)
                seen.append(event.position);
        }
        QCOMPARE(seen, (QList<qint64> {1, 2}));
        const auto all = *store->readAll({});
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0].type, u"SLOW"_s);
        QVERIFY(all[0].recordedAt <= all[1].recordedAt);
    }

    void aNotificationWakesASubscriptionAtOnce()
    {
        const QString address = m_databases.create();
        StoreOptions options = creating();
        // Only the notification can wake it before the watchdog cancels it: its poll and its time-out come later.
        options.pollInterval = LongerThanAnyDeadline;
        auto store = open(address, options);
        auto subscription = store->subscribe(0);
        QVERIFY(subscription->next(10, std::chrono::milliseconds(0))->isEmpty());
        std::unique_ptr<QThread> writer(QThread::create([address] {
            QThread::msleep(300); // most likely waiting by then; if not yet, next() finds the event at once
            auto other = open(address);
            const auto appended = other->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"PING"_s));
            Q_UNUSED(appended);
        }));
        writer->start();
        Watchdog watchdog(GenerousDeadline, [&subscription] { subscription->cancel(); });
        auto events = subscription->next(10, LongerThanAnyDeadline);
        const bool woken = watchdog.disarm();
        writer->wait();
        QVERIFY2(events.ok(), why(events).constData());
        QVERIFY2(woken && events->size() == 1, "the notification should wake the subscription long before its poll");
    }

    void lockedStoreGivesStoreBusy()
    {
        const QString address = m_databases.create();
        StoreOptions options = creating();
        options.busyTimeout = std::chrono::milliseconds(300);
        auto store = open(address, options);
        {
            // The lock stays until the append has returned: StoreBusy means it gave up on its own.
            LockHolder holder(address,
                u"SELECT pg_advisory_xact_lock(%1, (SELECT oid::int FROM pg_namespace WHERE nspname = 'public'))"_s.arg(
                    postgres::AppendLockSpace));
            QCOMPARE(holder.error(), QString());
            auto result = store->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s));
            QVERIFY(!result.ok());
            QCOMPARE(result.error().kind, ErrorKind::StoreBusy);
        }
        QVERIFY(store->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s)).ok());
    }

    void passwordsNeverAppear_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("conninfo, no server")
            << u"host=127.0.0.1 port=1 user=postgres password=s3cr3tpw dbname=x connect_timeout=3"_s;
        QTest::newRow("quoted conninfo") << u"host=127.0.0.1 port=1 password='s3cr3tpw' dbname=x"_s;
        QTest::newRow("URI, no server") << u"postgresql://postgres:s3cr3tpw@127.0.0.1:1/x?connect_timeout=3"_s;
        QTest::newRow("URI query password") << u"postgresql://127.0.0.1:1/x?user=postgres&password=s3cr3tpw"_s;
        QTest::newRow("malformed") << u"host=127.0.0.1 password=s3cr3tpw port=notaport"_s;
        QTest::newRow("missing database") << u"@ADMIN@ password=s3cr3tpw dbname=fbtest_missing"_s;
    }

    void passwordsNeverAppear()
    {
        QFETCH(QString, address);
        address.replace(u"@ADMIN@"_s, m_databases.adminConninfo());
        const QString secret = u"s3cr3tpw"_s;
        QVERIFY(!StoreAddress::parse(address)->display().contains(secret));
        auto store = openStore(*StoreAddress::parse(address), {});
        QVERIFY(!store.ok());
        QVERIFY2(!mentions(store.error(), secret), qPrintable(store.error().toString()));
        QVERIFY(!store.error().message.isEmpty());
    }

    void aWorkingStoreNeverShowsItsPassword()
    {
        // Trust authentication ignores the password, so the store opens and its own texts can be checked.
        const QString address = PgTestDatabases::withOption(m_databases.create(), u"password"_s, u"s3cr3tpw"_s);
        auto store = open(address, creating());
        QVERIFY(!store->address().contains(u"s3cr3tpw"_s));
        QVERIFY(store->address().contains(u"***"_s));
        auto conflict = store->append(u"s"_s, u"Test"_s, ExpectedRevision::exact(7), eventScript(u"A"_s));
        QVERIFY(!mentions(conflict.error(), u"s3cr3tpw"_s));
        StoreOptions readOnly;
        readOnly.readOnly = true;
        auto reader = open(address, readOnly);
        auto refused = reader->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s));
        QCOMPARE(refused.error().kind, ErrorKind::StoreReadOnly);
        QVERIFY(!mentions(refused.error(), u"s3cr3tpw"_s));
    }

    void connectionFailuresAreTypedAndBounded_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing database")
            << u"@ADMIN@ dbname=fbtest_no_such_db"_s << int(ErrorKind::StoreNotFound) << u"createdb"_s;
        QTest::newRow("nothing listens") << u"host=127.0.0.1 port=1 user=postgres dbname=x"_s
                                         << int(ErrorKind::StoreUnavailable) << u"Cannot connect"_s;
        QTest::newRow("server never answers") << u"host=127.0.0.1 port=@SILENT@ dbname=x connect_timeout=2"_s
                                              << int(ErrorKind::StoreUnavailable) << u"within 2 s"_s;
        QTest::newRow("unknown user") << u"@ADMIN@ user=fbtest_nobody"_s << int(ErrorKind::StoreUnavailable)
                                      << u"refused the login"_s;
        QTest::newRow("wrong password") << u"@ADMIN@ user=fbtest_password password=not-the-password"_s
                                        << int(ErrorKind::StoreUnavailable) << u"refused the login"_s;
        QTest::newRow("unknown host") << u"host=no-such-host.invalid user=postgres dbname=x connect_timeout=2"_s
                                      << int(ErrorKind::StoreUnavailable) << u"not known"_s;
        QTest::newRow("malformed") << u"host=127.0.0.1 port=notaport"_s << int(ErrorKind::InvalidArgument)
                                   << u"not valid"_s;
    }

    void connectionFailuresAreTypedAndBounded()
    {
        QFETCH(QString, address);
        QFETCH(int, kind);
        QFETCH(QString, says);
        // A socket that accepts connections (the kernel's backlog) but never says a word: only the timeout ends it.
        const int silent = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in local {};
        local.sin_family = AF_INET;
        local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof local;
        QVERIFY(::bind(silent, reinterpret_cast<sockaddr*>(&local), length) == 0);
        QVERIFY(::listen(silent, 8) == 0);
        QVERIFY(::getsockname(silent, reinterpret_cast<sockaddr*>(&local), &length) == 0);
        address.replace(u"@ADMIN@"_s, m_databases.adminConninfo())
            .replace(u"@SILENT@"_s, QString::number(ntohs(local.sin_port)));
        // Bounded: connect_timeout=2 or an immediate refusal ends it. Were neither to, the watchdog would close the
        // silent socket, and the refusal that follows would not say "within 2 s".
        Watchdog watchdog(GenerousDeadline, [silent] { ::close(silent); });
        auto store = openStore(*StoreAddress::parse(address), creating());
        if (watchdog.disarm())
            ::close(silent);
        QVERIFY2(!watchdog.fired(), "the connection attempt outlasted its connect_timeout");
        QVERIFY(!store.ok());
        QCOMPARE(int(store.error().kind), kind);
        QVERIFY2(store.error().message.contains(says), qPrintable(store.error().toString()));
        QVERIFY2(!store.error().toString().contains(u"not-the-password"_s), qPrintable(store.error().toString()));
    }

    void libpqAddressFormsAndDefaultsWork()
    {
        const QString address = m_databases.create();
        open(address, creating());
        const QString database = PgTestDatabases::databaseOf(address);
        RawSession admin(m_databases.adminConninfo());
        const auto applications = [&] {
            return admin.exec(u"SELECT string_agg(application_name, ',') FROM pg_stat_activity WHERE datname = '"_s
                + database + u'\'');
        };
        {
            auto store = open(address); // fallback_application_name
            QVERIFY(eventually([&] { return applications() == u"flashback"_s; }));
        }
        {
            auto store = open(address + u" application_name=incident-bot"_s); // the address wins
            QVERIFY(eventually([&] { return applications() == u"incident-bot"_s; }));
        }
        // A URI, and PG* variables filling in what the address leaves out.
        const QString admin_ = m_databases.adminConninfo();
        const QString host = PgTestDatabases::option(admin_, u"host"_s);
        const QString port = PgTestDatabases::option(admin_, u"port"_s);
        const QString user = PgTestDatabases::option(admin_, u"user"_s);
        QString uri = u"postgresql:///"_s + database + u"?host="_s + QString::fromLatin1(QUrl::toPercentEncoding(host));
        if (!port.isEmpty())
            uri += u"&port="_s + port;
        if (!user.isEmpty())
            uri += u"&user="_s + QString::fromLatin1(QUrl::toPercentEncoding(user));
        auto fromUri = openStore(*StoreAddress::parse(uri), {});
        QVERIFY2(fromUri.ok(), why(fromUri).constData());
        qputenv("PGDATABASE", database.toUtf8());
        if (!port.isEmpty())
            qputenv("PGPORT", port.toUtf8());
        if (!user.isEmpty())
            qputenv("PGUSER", user.toUtf8());
        auto fromEnvironment = openStore(*StoreAddress::parse(u"host="_s + host), {});
        qunsetenv("PGDATABASE");
        qunsetenv("PGPORT");
        qunsetenv("PGUSER");
        QVERIFY2(fromEnvironment.ok(), why(fromEnvironment).constData());
        QCOMPARE(*(*fromEnvironment)->headPosition(), 0);

        // A service from a service file.
        QTemporaryDir dir;
        QFile services(dir.filePath(u"pg_service.conf"_s));
        QVERIFY(services.open(QIODevice::WriteOnly));
        services.write("[fbtest]\nhost=" + host.toUtf8() + "\ndbname=" + database.toUtf8() + '\n');
        if (!port.isEmpty())
            services.write("port=" + port.toUtf8() + '\n');
        if (!user.isEmpty())
            services.write("user=" + user.toUtf8() + '\n');
        services.close();
        qputenv("PGSERVICEFILE", services.fileName().toUtf8());
        auto fromService = openStore(*StoreAddress::parse(u"service=fbtest"_s), {});
        auto unknownService = openStore(*StoreAddress::parse(u"service=fbtest_unknown"_s), {});
        qunsetenv("PGSERVICEFILE");
        QVERIFY2(fromService.ok(), why(fromService).constData());
        QCOMPARE(unknownService.error().kind, ErrorKind::InvalidArgument);
    }

    void aLostConnectionIsReportedThenRestored()
    {
        const QString address = m_databases.create();
        auto store = open(address, creating());
        appendOne(*store, u"A"_s);
        RawSession admin(m_databases.adminConninfo());
        QCOMPARE(admin.exec(u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"_s
                     + PgTestDatabases::databaseOf(address) + u"' AND application_name = 'flashback'"_s),
            u"1"_s);
        auto lost = store->headPosition();
        QVERIFY(!lost.ok());
        QCOMPARE(lost.error().kind, ErrorKind::StoreUnavailable);
        QVERIFY(lost.error().message.contains(u"lost"_s));
        // The next call connects again (outside a transaction nothing can be half done).
        auto again = store->headPosition();
        QVERIFY2(again.ok(), why(again).constData());
        QCOMPARE(*again, 1);
        appendOne(*store, u"B"_s);
        QCOMPARE(*store->headPosition(), 2);
    }

    void readOnlyStoresNeverWrite()
    {
        const QString address = m_databases.create();
        appendOne(*open(address, creating()), u"A"_s);
        StoreOptions readOnly;
        readOnly.readOnly = true;
        auto reader = open(address, readOnly);
        QVERIFY(reader->isReadOnly());
        QCOMPARE(reader->readAll({})->size(), 1);
        QCOMPARE(reader->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"B"_s)).error().kind,
            ErrorKind::StoreReadOnly);
        QCOMPARE(reader->outbox()
                     .claimOutbox({u"w"_s, {}, 1, std::chrono::milliseconds(1000), Timestamp::now()})
                     .error()
                     .kind,
            ErrorKind::StoreReadOnly);
        QCOMPARE(reader->readModels().acquireLease(u"p"_s, u"w"_s, std::chrono::milliseconds(1000)).error().kind,
            ErrorKind::StoreReadOnly);
        QVERIFY((*reader->reopen())->isReadOnly());

        // A database whose sessions default to read-only is recognised as such, and the server enforces it too.
        RawSession(m_databases.adminConninfo())
            .exec(u"ALTER DATABASE "_s + PgTestDatabases::databaseOf(address)
                + u" SET default_transaction_read_only = on"_s);
        auto defaulted = open(address);
        QVERIFY(defaulted->isReadOnly());
        auto refused = defaulted->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"C"_s));
        QCOMPARE(refused.error().kind, ErrorKind::StoreReadOnly);
        QVERIFY(refused.error().message.contains(u"read-only"_s));
        QCOMPARE(*defaulted->headPosition(), 1);

        // Read-only never initialises an empty database: not a store to open, and a write to create one.
        const QString emptyAddress = m_databases.create();
        auto empty = openStore(*StoreAddress::parse(emptyAddress), readOnly);
        QCOMPARE(empty.error().kind, ErrorKind::NotAFlashbackStore);
        StoreOptions readOnlyCreate = creating();
        readOnlyCreate.readOnly = true;
        auto created = openStore(*StoreAddress::parse(emptyAddress), readOnlyCreate);
        QCOMPARE(created.error().kind, ErrorKind::StoreReadOnly);
        QCOMPARE(RawSession(emptyAddress)
                     .exec(u"SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"_s),
            u"0"_s);
    }

    void newerSchemaIsRefusedUntouched()
    {
        const QString address = m_databases.create();
        open(address, creating());
        RawSession raw(address);
        raw.exec(u"UPDATE flashback_schema SET version = 99"_s);
        for (const auto& options : {StoreOptions {}, creating()}) {
            auto store = openStore(*StoreAddress::parse(address), options);
            QVERIFY(!store.ok());
            QCOMPARE(store.error().kind, ErrorKind::SchemaTooNew);
            QVERIFY(store.error().message.contains(u"99"_s));
        }
        QCOMPARE(raw.exec(u"SELECT version FROM flashback_schema"_s), u"99"_s);
    }

    void aVersionOneStoreIsUpgradedInPlace()
    {
        const QString address = m_databases.create();
        QVERIFY(open(address, creating())->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s)));
        RawSession raw(address);
        // As schema version 1 left it: no session columns (2), the foreign key from events to streams (3).
        raw.exec(u"ALTER TABLE projection_checkpoints DROP COLUMN lease_pid"_s);
        raw.exec(u"ALTER TABLE outbox DROP COLUMN claimed_pid"_s);
        raw.exec(u"ALTER TABLE events ADD FOREIGN KEY (stream_pk) REFERENCES streams (stream_pk)"_s);
        raw.exec(u"UPDATE flashback_schema SET version = 1"_s);
        const QString foreignKeys = u"SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
                                    u"AND conrelid = 'events'::regclass"_s;
        QCOMPARE(raw.exec(foreignKeys), u"1"_s);

        auto store = open(address);
        QCOMPARE(raw.exec(u"SELECT version FROM flashback_schema"_s), QString::number(postgres::SchemaVersion));
        QCOMPARE(raw.exec(u"SELECT count(*) FROM information_schema.columns WHERE column_name IN "
                          u"('lease_pid', 'claimed_pid') AND table_schema = 'public'"_s),
            u"2"_s);
        QCOMPARE(raw.exec(foreignKeys), u"0"_s);
        QCOMPARE(*store->headPosition(), 1); // the events are still there, and the store appends as before
        QVERIFY(store->append(u"s"_s, u"Test"_s, ExpectedRevision::exact(1), eventScript(u"B"_s)));
        QVERIFY(store->append(u"t"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"C"_s)));
        QCOMPARE(*store->headPosition(), 3);
        QVERIFY(*store->readModels().acquireLease(u"p"_s, u"w"_s, std::chrono::milliseconds(60000)));
    }

    void aLeaseEndsWithTheSessionThatTookIt()
    {
        const QString address = m_databases.create();
        auto observer = open(address, creating());
        {
            auto holder = open(address);
            QVERIFY(*holder->readModels().acquireLease(u"p"_s, u"dead"_s, std::chrono::milliseconds(60000)));
            QVERIFY(!*observer->readModels().acquireLease(u"p"_s, u"other"_s, std::chrono::milliseconds(60000)));
            QCOMPARE(observer->readModels().checkpoint(u"p"_s)->leaseHolder, u"dead"_s);
        } // the holder's connection closes without releasing, as when its process is killed
        // The server notices the closed session a moment later; from then on the lease is free and shown so.
        QVERIFY(eventually([&] { return observer->readModels().checkpoint(u"p"_s)->leaseHolder.isEmpty(); }));
        QVERIFY(*observer->readModels().acquireLease(u"p"_s, u"other"_s, std::chrono::milliseconds(60000)));
        QCOMPARE(observer->readModels().checkpoint(u"p"_s)->leaseHolder, u"other"_s);
    }

    void foreignAndEmptyDatabasesAreLeftUntouched()
    {
        const QString foreign = m_databases.create();
        RawSession raw(foreign);
        raw.exec(u"CREATE TABLE customers (id int PRIMARY KEY, name text)"_s);
        auto store = openStore(*StoreAddress::parse(foreign), creating());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, ErrorKind::NotAFlashbackStore);
        QVERIFY(store.error().message.contains(u"untouched"_s));
        QCOMPARE(raw.exec(u"SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"_s),
            raw.exec(u"SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND "
                     u"relname IN ('customers', 'customers_pkey')"_s));

        const QString empty = m_databases.create();
        auto existing = openStore(*StoreAddress::parse(empty), {});
        QCOMPARE(existing.error().kind, ErrorKind::NotAFlashbackStore);
        QVERIFY(existing.error().message.contains(u"flashback-cli init"_s));
        QCOMPARE(RawSession(empty).exec(u"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"_s), u"0"_s);
    }

    void concurrentInitialisationCreatesTheSchemaOnce()
    {
        const QString address = m_databases.create();
        std::vector<std::unique_ptr<QThread>> threads;
        std::atomic<int> failures {0};
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back(QThread::create([&address, &failures] {
                auto store = openStore(*StoreAddress::parse(address), creating());
                if (!store || !(*store)->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s)))
                    ++failures;
            }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            thread->wait();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(*open(address)->headPosition(), 4);
    }

    void aLargeUnitIsPlannedAndWrittenWhole()
    {
        // Thousands of commands in one unit (an import): checked in order, written with set-based statements.
        const QString address = m_databases.create();
        auto store = open(address, creating());
        appendOne(*store, u"FIRST"_s); // stream "s" exists before the unit
        UnitOfWork work;
        constexpr int Commands = 3000;
        for (int i = 0; i < Commands; ++i) {
            const bool onS = i % 2 == 0;
            const QString stream = onS ? u"s"_s : u"t"_s;
            const qint64 expected = onS ? 1 + i / 2 : i / 2;
            work.appends.append({stream, u"Test"_s, ExpectedRevision::exact(expected), eventScript(u"E"_s),
                CommandRecord {u"cmd-%1"_s.arg(i), u"Do"_s, QByteArray::number(i)}});
            work.reservations.append(
                {ReservationChange::Action::Claim, u"n"_s, QString::number(i % 10), u"owner-%1"_s.arg(i)});
            work.reservations.append(
                {ReservationChange::Action::Release, u"n"_s, QString::number(i % 10), u"owner-%1"_s.arg(i)});
        }
        work.reservations.append({ReservationChange::Action::Claim, u"n"_s, u"kept"_s, u"t"_s});
        auto result = store->commit(work); // how fast is for bench/, not for a test on a machine of any speed
        QVERIFY2(result.ok(), why(result).constData());
        QCOMPARE(result->events.size(), Commands);
        QCOMPARE(result->events.constLast().position, Commands + 1);
        QCOMPARE(store->stream(u"s"_s)->value().revision, 1 + Commands / 2);
        QCOMPARE(store->stream(u"t"_s)->value().revision, Commands / 2);
        QCOMPARE(store->stream(u"t"_s)->value().firstPosition, 3);
        const auto command = store->findCommand(u"cmd-2999"_s)->value();
        QCOMPARE(command.streamId, u"t"_s);
        QCOMPARE(command.firstRevision, Commands / 2);
        QCOMPARE(command.lastPosition, Commands + 1);
        QCOMPARE(command.fingerprint, QByteArray("2999"));
        QVERIFY(!store->reservationOwner(u"n"_s, u"3"_s)->has_value());
        QCOMPARE(store->reservationOwner(u"n"_s, u"kept"_s)->value_or(QString()), u"t"_s);
        const auto events = *store->readStream(u"t"_s, {});
        for (qsizetype i = 0; i < events.size(); ++i)
            QCOMPARE(events[i].revision, i + 1);

        // One stale expectation deep inside the unit refuses all of it.
        UnitOfWork stale;
        for (int i = 0; i < 100; ++i)
            stale.appends.append(
                {u"u"_s, u"Test"_s, ExpectedRevision::exact(i == 50 ? 7 : i), eventScript(u"E"_s), {}});
        auto refused = store->commit(stale);
        QCOMPARE(refused.error().kind, ErrorKind::ConcurrencyConflict);
        QCOMPARE(refused.error().context.value(u"actual_revision"_s).toLongLong(), 50);
        QCOMPARE(*store->headPosition(), Commands + 1);
    }

    void aFailedWriteLeavesNothingAndTheConnectionReady()
    {
        // A commit is two pipelined round trips; whatever fails in them, nothing of the unit stays, and the next
        // commit on the same connection works (prepared statements, transaction state).
        const QString address = m_databases.create();
        auto first = open(address, creating());
        const NewEvent taken = makeEvent(u"TAKEN"_s);
        QVERIFY(first->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), {taken}).ok());

        // A fresh connection whose very first write fails on its own events statement: the statements were
        // prepared in the failing pipeline.
        auto store = open(address);
        for (int attempt = 0; attempt < 3; ++attempt) {
            UnitOfWork work;
            work.appends.append({u"new-%1"_s.arg(attempt), u"Test"_s, ExpectedRevision::noStream(),
                {makeEvent(u"FRESH"_s), taken}, CommandRecord {u"cmd-%1"_s.arg(attempt), u"Do"_s, {}}});
            work.outbox.append({u"mail-%1"_s.arg(attempt), u"mail"_s, u"new"_s, {}, QByteArray("{}")});
            auto refused = store->commit(work);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().kind, ErrorKind::InvalidArgument);
            QVERIFY(mentions(refused.error(), uuidText(taken.eventId)));
            QVERIFY(!store->stream(u"new-%1"_s.arg(attempt))->has_value()); // the stream row went with the events
            QVERIFY(!store->findCommand(u"cmd-%1"_s.arg(attempt))->has_value());
            QCOMPARE(*store->headPosition(), 1);
            QCOMPARE(store->outbox().outboxCounts()->value(OutboxStatus::Pending), 0);
        }
        appendOne(*store, u"A"_s);
        UnitOfWork command;
        command.appends.append({u"s"_s, u"Test"_s, ExpectedRevision::exact(2), eventScript(u"B"_s),
            CommandRecord {u"once"_s, u"Do"_s, {}}});
        QVERIFY(store->commit(command).ok());
        command.appends.first().expected = ExpectedRevision::exact(3);
        QCOMPARE(store->commit(command).error().kind, ErrorKind::InvalidArgument); // sent again: its events
        command.appends.first().events = eventScript(u"B"_s);
        QCOMPARE(store->commit(command).error().kind, ErrorKind::DuplicateCommand); // new events, same command
        appendOne(*store, u"C"_s);
        QCOMPARE(*store->headPosition(), 4);

        // The server ends the session between two commits: the next one says so, the one after reconnects.
        RawSession admin(m_databases.adminConninfo());
        QCOMPARE(admin.exec(u"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"_s
                     + PgTestDatabases::databaseOf(address) + u"' AND application_name = 'flashback'"_s),
            u"2"_s);
        auto lost = store->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"D"_s));
        QVERIFY(!lost.ok());
        QCOMPARE(lost.error().kind, ErrorKind::StoreUnavailable);
        appendOne(*store, u"E"_s);
        QCOMPARE(*store->headPosition(), 5);
        QCOMPARE(store->readStream(u"s"_s, {})->constLast().type, u"E"_s);
    }

    void aUnitInsideABatchTransactionGoesWithIt()
    {
        // A unit committed while a read-model batch is open on the same connection is part of that transaction
        // (a savepoint): it is undone with the batch, and its failure does not end the batch.
        const QString address = m_databases.create();
        auto store = open(address, creating());
        appendOne(*store, u"A"_s);
        const ReadModelSchema schema {u"notes"_s, {{u"notes"_s, {{u"id"_s, ColumnType::Text}}, {u"id"_s}, {}}}};
        {
            auto tx = store->readModels().beginReadModelTransaction(schema, 1);
            QVERIFY2(tx.ok(), why(tx).constData());
            QVERIFY(store->append(u"t"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"B"_s)).ok());
            QCOMPARE(*store->headPosition(), 2);
            auto stale = store->append(u"t"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"C"_s));
            QCOMPARE(stale.error().kind, ErrorKind::ConcurrencyConflict);
            QVERIFY((*tx)->put(u"notes"_s, {{u"id"_s, u"n1"_s}}).ok());
            // Dropped without a commit: rolled back, the unit with it.
        }
        QCOMPARE(*store->headPosition(), 1);
        QVERIFY(!store->stream(u"t"_s)->has_value());
        appendOne(*store, u"D"_s);
        QCOMPARE(*store->headPosition(), 2);
    }

    void eventsAreImmutable()
    {
        const QString address = m_databases.create();
        appendOne(*open(address, creating()), u"A"_s);
        RawSession raw(address);
        QVERIFY(raw.exec(u"UPDATE events SET type = 'B'"_s).startsWith(u"ERROR"_s));
        QVERIFY(raw.exec(u"DELETE FROM events"_s).startsWith(u"ERROR"_s));
        QVERIFY(raw.exec(u"TRUNCATE events CASCADE"_s).startsWith(u"ERROR"_s));
        QCOMPARE(raw.exec(u"SELECT type FROM events"_s), u"A"_s);
    }
};

QTEST_GUILESS_MAIN(PostgresStoreTest)
#include "tst_postgresstore.moc"
