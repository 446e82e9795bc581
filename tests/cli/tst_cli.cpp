// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the real flashback-cli executable: its flags, output shapes and exit codes are a public interface that
// scripts depend on (docs/cli.md), so they are tested from the outside, exactly as a script sees them. Runs once
// per backend (FLASHBACK_TEST_BACKEND=sqlite|postgres): every store it makes is a new SQLite file or a new
// PostgreSQL database.

#include "clitestkit.h"
#include "store/postgres/pgschema.h"
#include "storesession.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <optional>

using namespace Qt::StringLiterals;
using namespace flashback::test;

namespace {

using Run = CliRun;

const QString Masked = u"\u2022\u2022\u2022\u2022\u2022\u2022"_s;
const QStringList EventKeys {u"aggregate_type"_s, u"data"_s, u"event_id"_s, u"metadata"_s, u"occurred_at"_s,
    u"position"_s, u"recorded_at"_s, u"revision"_s, u"schema_version"_s, u"stream_id"_s, u"type"_s};

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// `text` as a POSIX shell word, quoted as flashback-cli quotes the store in the example commands it prints.
QString shellWord(const QString& text)
{
    static const QRegularExpression plain(uR"(^[A-Za-z0-9_./:@%+=,-]+$)"_s);
    if (plain.match(text).hasMatch())
        return text;
    return u'\'' + QString(text).replace(u"'"_s, uR"('\'')"_s) + u'\'';
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void initTwice();
    void errors_data();
    void errors();
    void notAStoreIsLeftUntouched();
    void foreignDatabaseIsLeftUntouched();
    void newerSchemaIsRefused();
    void lockedStoreFailsWithinTimeout();

    void createUserPrintsGeneratedStreamId();
    void sameCommandIdIsIdempotent();
    void reusedCommandIdIsRefused();
    void secretFromStdin();
    void jsonShapes();
    void paging_data();
    void paging();
    void logFilters_data();
    void logFilters();
    void logTimeRange();
    void maskingAndReveal();
    void globalOptionsAnywhere_data();
    void globalOptionsAnywhere();
    void helpAndVersion();
    void demo();

private:
    Run cli(const QStringList& arguments, const QString& store = {}, const QByteArray& input = {}) const;
    QString createStore(const QString& name);
    QString runForStream(const QStringList& arguments, const QString& store, const QByteArray& input = {}) const;
    static void verifyError(const Run& run, int exitCode, const QString& code, bool json)
    {
        verifyCliError(run, exitCode, code, json);
    }

    CliStores m_stores;
    QString m_store; ///< Read-only fixture: Sarah and Kyle, their logins and one rename (13 events).
    QString m_sarah;
    QString m_kyle;
};

Run TestCli::cli(const QStringList& arguments, const QString& store, const QByteArray& input) const
{
    return runCli(arguments, cliEnvironment(store), input);
}

QString TestCli::createStore(const QString& name)
{
    const QString file = m_stores.newAddress(name);
    const Run run = cli({u"init"_s, u"--store"_s, file});
    if (run.exitCode != 0)
        qWarning() << "init failed:" << run.err;
    return file;
}

/// Runs a command with --json and returns the stream it wrote to (empty on failure, with the reason logged).
QString TestCli::runForStream(const QStringList& arguments, const QString& store, const QByteArray& input) const
{
    const Run run = cli(QStringList {u"command"_s} + arguments + QStringList {u"--json"_s}, store, input);
    if (run.exitCode != 0) {
        qWarning() << "command failed:" << arguments << run.err;
        return {};
    }
    return run.json().value(u"stream_id"_s).toString();
}

void TestCli::initTestCase()
{
    QVERIFY(m_stores.isValid());
    QVERIFY(QFileInfo(QStringLiteral(FLASHBACK_CLI)).isExecutable());
    m_store = createStore(u"fixture.flashback"_s);
    m_sarah = runForStream(
        {u"CreateUser"_s, u"--set"_s, u"username=sarah"_s, u"--set"_s, u"email=sarah@example.com"_s, u"--set"_s,
            u"first_name=Sarah"_s, u"--set"_s, u"last_name=Connor"_s, u"--set"_s, u"password=terminator1"_s},
        m_store);
    QVERIFY(!m_sarah.isEmpty());
    m_kyle = runForStream(
        {u"CreateUser"_s, u"--fields"_s, uR"({"username":"kyle","email":"kyle@example.com","password":"resistance"})"_s,
            u"--actor"_s, u"admin@company.com"_s},
        m_store);
    QVERIFY(!m_kyle.isEmpty());
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!runForStream({u"RecordLogin"_s, u"--stream"_s, m_sarah, u"--set"_s, u"ip=10.0.0.%1"_s.arg(i)}, m_store)
                     .isEmpty());
        QVERIFY(!runForStream({u"RecordLogin"_s, u"--stream"_s, m_kyle, u"--set"_s, u"ip=192.168.1.%1"_s.arg(i),
                                  u"--actor"_s, u"admin@company.com"_s},
            m_store)
                     .isEmpty());
    }
    QVERIFY(!runForStream({u"ChangeName"_s, u"--stream"_s, m_sarah, u"--set"_s, u"first_name=Sally"_s, u"--actor"_s,
                              u"admin@company.com"_s, u"--reason"_s, u"typo"_s},
        m_store)
                 .isEmpty());
}

void TestCli::initTwice()
{
    const QString file = m_stores.newAddress(u"twice.flashback"_s);
    // The absolute file path, or the PostgreSQL address with its password masked.
    const QString shown = m_stores.shownAs(file);
    Run first = cli({u"init"_s, u"--store"_s, file});
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.outText().contains(u"Created"_s), first.out.constData());
    QVERIFY2(first.outText().contains(shown), qPrintable(first.outText() + u" does not name "_s + shown));
    static const QRegularExpression schemaVersion(u"schema version (\\d+)"_s);
    const auto match = schemaVersion.match(first.outText());
    QVERIFY2(match.hasMatch(), first.out.constData());
    const int version = match.captured(1).toInt();
    QVERIFY(version >= 1);

    Run second = cli({u"init"_s, u"--store"_s, file});
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(second.outText().contains(u"already"_s), second.out.constData());
    QVERIFY2(second.outText().contains(shown), second.out.constData());
    QVERIFY2(second.outText().contains(u"schema version %1"_s.arg(version)), second.out.constData());

    Run json = cli({u"init"_s, u"--json"_s}, file);
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.json().value(u"created"_s), QJsonValue(false));
    QCOMPARE(json.json().value(u"schema_version"_s).toInt(), version);
    QCOMPARE(json.json().value(u"address"_s).toString(), shown);
}

void TestCli::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("code");

    const QString sarah = u"@SARAH@"_s;
    const QStringList create {
        u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=other"_s, u"--set"_s, u"password=longenough"_s};
    QTest::newRow("unknown subcommand") << QStringList {u"frobnicate"_s} << 2 << u"UnknownSubcommand"_s;
    QTest::newRow("no subcommand") << QStringList {} << 2 << u"MissingSubcommand"_s;
    QTest::newRow("unknown option") << QStringList {u"log"_s, u"--bogus"_s} << 2 << u"UnknownOption"_s;
    QTest::newRow("unknown option before subcommand")
        << QStringList {u"--bogus"_s, u"log"_s} << 2 << u"UnknownOption"_s;
    QTest::newRow("unknown command") << QStringList {u"command"_s, u"Nope"_s} << 2 << u"UnknownCommand"_s;
    QTest::newRow("unknown field") << QStringList {u"command"_s, u"CreateUser"_s, u"--set"_s, u"nope=1"_s} << 2
                                   << u"InvalidArgument"_s;
    QTest::newRow("wrong type (enum)") << create
            + QStringList {u"--set"_s, u"email=o@example.com"_s, u"--set"_s, u"role=superuser"_s}
                                       << 2 << u"InvalidArgument"_s;
    QTest::newRow("wrong type (JSON)") << QStringList {u"command"_s, u"CreateUser"_s, u"--fields"_s,
        uR"({"username": 5})"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("malformed --fields") << QStringList {u"command"_s, u"CreateUser"_s, u"--fields"_s,
        uR"({"username": )"_s} << 2 << u"InvalidJson"_s;
    QTest::newRow("--fields not an object")
        << QStringList {u"command"_s, u"CreateUser"_s, u"--fields"_s, u"[1]"_s} << 2 << u"InvalidJson"_s;
    QTest::newRow("--set without =") << QStringList {u"command"_s, u"CreateUser"_s, u"--set"_s, u"username"_s} << 2
                                     << u"InvalidArgument"_s;
    QTest::newRow("invalid UUID") << QStringList {u"command"_s, u"ChangeName"_s, u"--stream"_s, u"not-a-uuid"_s,
        u"--set"_s, u"first_name=X"_s}
                                  << 2 << u"InvalidArgument"_s;
    QTest::newRow("command without its stream")
        << QStringList {u"command"_s, u"ChangeName"_s, u"--set"_s, u"first_name=X"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("bad --since") << QStringList {u"log"_s, u"--since"_s, u"yesterday"_s} << 2 << u"InvalidTime"_s;
    QTest::newRow("bad --limit") << QStringList {u"log"_s, u"--limit"_s, u"many"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("bad --cursor") << QStringList {u"events"_s, sarah, u"--cursor"_s, u"x"_s} << 2 << u"InvalidCursor"_s;
    QTest::newRow("missing argument") << QStringList {u"events"_s} << 2 << u"MissingArgument"_s;
    QTest::newRow("extra argument") << QStringList {u"info"_s, u"extra"_s} << 2 << u"UnexpectedArgument"_s;
    QTest::newRow("empty --store") << QStringList {u"--store"_s, QString(), u"info"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("missing store") << QStringList {u"--store"_s, u"@MISSING@"_s, u"info"_s} << 3 << u"StoreNotFound"_s;
    // Nothing listens on port 1: the connection is refused at once.
    QTest::newRow("postgres URI, no server") << QStringList {u"--store"_s, u"postgresql://fb:secret@127.0.0.1:1/fb"_s,
        u"info"_s} << 3 << u"StoreUnavailable"_s;
    QTest::newRow("postgres conninfo, no server")
        << QStringList {u"info"_s, u"--store"_s, u"host=127.0.0.1 port=1 dbname=fb password=secret"_s} << 3
        << u"StoreUnavailable"_s;
    QTest::newRow("read-only write") << QStringList {u"--read-only"_s, u"command"_s, u"ChangeName"_s, u"--stream"_s,
        sarah, u"--set"_s, u"first_name=Kyle"_s}
                                     << 3 << u"StoreReadOnly"_s;
    QTest::newRow("domain rule") << create + QStringList {u"--set"_s, u"email=SARAH@example.com"_s} << 4
                                 << u"EmailTaken"_s;
    QTest::newRow("concurrency conflict") << QStringList {u"command"_s, u"ChangeName"_s, u"--stream"_s, sarah,
        u"--set"_s, u"first_name=Kyle"_s, u"--expected-revision"_s, u"3"_s}
                                          << 5 << u"ConcurrencyConflict"_s;
    QTest::newRow("events of a missing stream")
        << QStringList {u"events"_s, u"00000000-0000-4000-8000-000000000001"_s} << 6 << u"StreamNotFound"_s;
}

void TestCli::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, code);
    arguments.replaceInStrings(u"@SARAH@"_s, m_sarah).replaceInStrings(u"@MISSING@"_s, m_stores.missingAddress());

    const Run text = cli(arguments, m_store);
    verifyError(text, exitCode, code, false);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!text.errText().contains(u"secret"_s), "passwords in store addresses must never be printed");

    const Run json = cli(arguments + QStringList {u"--json"_s}, m_store);
    verifyError(json, exitCode, code, true);
    QVERIFY2(!json.errText().contains(u"secret"_s), "passwords in store addresses must never be printed");
}

void TestCli::notAStoreIsLeftUntouched()
{
    if (m_stores.isPostgres())
        QSKIP("random bytes are a SQLite-file case; a database that is not a store: foreignDatabaseIsLeftUntouched "
              "and tst_postgresstore's foreignAndEmptyDatabasesAreLeftUntouched");
    const QString file = m_stores.path(u"random.bin"_s);
    QByteArray bytes(8192, Qt::Uninitialized);
    QRandomGenerator generator(1234);
    for (auto& byte : bytes)
        byte = char(generator.bounded(256));
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    }
    const QList<QStringList> attempts {{u"info"_s}, {u"init"_s}, {u"demo"_s, u"--users"_s, u"1"_s},
        {u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=x1"_s, u"--set"_s, u"email=x@example.com"_s, u"--set"_s,
            u"password=longenough"_s}};
    for (const auto& arguments : attempts) {
        verifyError(cli(arguments, file), 3, u"NotAFlashbackStore"_s, false);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(readFile(file) == bytes, qPrintable(arguments.constFirst()));
    }
    QVERIFY(!QFile::exists(file + u"-wal"_s));
    QVERIFY(!QFile::exists(file + u"-journal"_s));
}

void TestCli::foreignDatabaseIsLeftUntouched()
{
    // Another application's database: a SQLite file, or a PostgreSQL database with its tables in the schema the
    // store would use.
    const QString address = m_stores.newAddress(u"foreign.sqlite"_s);
    QVERIFY(CliStores::execSql(address,
        {u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)"_s,
            u"INSERT INTO customers (id, name) VALUES (1, 'Miles Dyson')"_s}));
    // Byte for byte for a file; every relation of the schema and the row for a database.
    const auto contents = [&] {
        if (!m_stores.isPostgres())
            return readFile(address);
        return CliStores::sqlValue(address,
            u"SELECT (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class "
            u"WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())) || ' ' || "
            u"(SELECT string_agg(id || ':' || name, ',') FROM customers)"_s)
            .toString()
            .toUtf8();
    };
    const QByteArray before = contents();
    QVERIFY(!before.isEmpty());
    for (const auto& arguments : QList<QStringList> {{u"info"_s}, {u"init"_s}, {u"log"_s}}) {
        verifyError(cli(arguments, address), 3, u"NotAFlashbackStore"_s, false);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(contents() == before, qPrintable(arguments.constFirst()));
    }
}

void TestCli::newerSchemaIsRefused()
{
    const QString address = createStore(u"newer.flashback"_s);
    // Where each backend keeps its schema version.
    const QString version
        = m_stores.isPostgres() ? u"SELECT version FROM flashback_schema"_s : u"PRAGMA user_version"_s;
    QVERIFY(CliStores::execSql(address,
        {m_stores.isPostgres() ? u"UPDATE flashback_schema SET version = 99"_s : u"PRAGMA user_version = 99"_s}));
    verifyError(cli({u"info"_s}, address), 3, u"SchemaTooNew"_s, false);
    verifyError(cli({u"init"_s}, address), 3, u"SchemaTooNew"_s, false);
    verifyError(cli({u"log"_s, u"--json"_s}, address), 3, u"SchemaTooNew"_s, true);
    QCOMPARE(CliStores::sqlValue(address, version).toInt(), 99); // left as it was
}

void TestCli::lockedStoreFailsWithinTimeout()
{
    const QString address = createStore(u"locked.flashback"_s);
    const auto write = [](const QString& name, int busyTimeoutMs) {
        return QStringList {u"command"_s, u"CreateUser"_s, u"--set"_s, u"username="_s + name, u"--set"_s,
            u"email="_s + name + u"@example.com"_s, u"--set"_s, u"password=longenough"_s, u"--busy-timeout"_s,
            QString::number(busyTimeoutMs)};
    };
    // Another writer in the middle of its transaction: SQLite's write lock, or PostgreSQL's append lock (an
    // advisory lock keyed by the store's schema) that serialises appends.
    const QString begin = m_stores.isPostgres()
        ? u"BEGIN; SELECT pg_advisory_xact_lock(%1, (SELECT oid::int FROM pg_namespace WHERE nspname = current_schema()))"_s
              .arg(flashback::postgres::AppendLockSpace)
        : u"BEGIN IMMEDIATE"_s;
    {
        // The lock is held until the write has returned: StoreBusy means it gave up on its own.
        StoreSession writer(address);
        QVERIFY2(writer.isOpen(), qPrintable(writer.lastError()));
        QVERIFY2(writer.exec(begin), qPrintable(writer.lastError()));

        const Run blocked = cli(write(u"locked"_s, 200), address);
        verifyError(blocked, 3, u"StoreBusy"_s, false);
        // Readers are not blocked by a writer (SQLite: WAL; PostgreSQL: MVCC).
        QCOMPARE(cli({u"log"_s}, address).exitCode, 0);

        QVERIFY(writer.exec(u"ROLLBACK"_s));
    }
    QCOMPARE(cli(write(u"locked"_s, 200), address).exitCode, 0);

    // And it waits as long as --busy-timeout says, not the default: a lock held for longer than the default is
    // waited out with a longer --busy-timeout, and the write goes through once the lock is released.
    constexpr int DefaultBusyTimeoutMs = 5000; // docs/cli.md
    {
        StoreSession writer(address);
        QVERIFY2(writer.exec(begin), qPrintable(writer.lastError()));
        auto patient = startCli(write(u"patient"_s, 600000), cliEnvironment(address));
        auto killPatient = qScopeGuard([&] {
            patient->kill();
            patient->waitForFinished();
        });
        if (m_stores.isPostgres()) {
            // From the moment it waits for the append lock, so that the default would certainly have run out.
            QVERIFY2(pollUntil([&] {
                return StoreSession::queryValue(address,
                           u"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
                           u"database = (SELECT oid FROM pg_database WHERE datname = current_database())"_s)
                           .toInt()
                    == 1;
            }),
                "the second writer was never seen waiting for the lock");
        }
        // Deliberately longer than the default (a sleep never ends early); on SQLite, counted from the start, so a
        // slow start only makes the test less strict, never fail.
        QThread::msleep(DefaultBusyTimeoutMs + 1000);
        QVERIFY(writer.exec(u"ROLLBACK"_s));
        killPatient.dismiss();
        const Run done = finishCli(*patient);
        QVERIFY2(done.exitCode == 0, done.err.constData());
    }
}

void TestCli::createUserPrintsGeneratedStreamId()
{
    const QString file = createStore(u"create.flashback"_s);
    const Run run = cli({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=john"_s, u"--set"_s,
                            u"email=john@example.com"_s, u"--set"_s, u"password=longenough"_s},
        file);
    QCOMPARE(run.exitCode, 0);
    static const QRegularExpression line(
        uR"(^New User stream id: ([0-9a-f-]{36})$)"_s, QRegularExpression::MultilineOption);
    const auto match = line.match(run.outText());
    QVERIFY2(match.hasMatch(), run.out.constData());
    QVERIFY2(run.outText().startsWith(u"New User stream id"_s), "the new id comes first");

    const Run events = cli({u"events"_s, match.captured(1), u"--json"_s}, file);
    QCOMPARE(events.exitCode, 0);
    QCOMPARE(events.json().value(u"stream_id"_s).toString(), match.captured(1));
    QCOMPARE(events.events().size(), 1);
}

void TestCli::sameCommandIdIsIdempotent()
{
    const QString file = createStore(u"idempotent.flashback"_s);
    const QStringList arguments {u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=retry"_s, u"--set"_s,
        u"email=retry@example.com"_s, u"--set"_s, u"password=longenough"_s, u"--command-id"_s, u"retry-1"_s,
        u"--json"_s};
    const Run first = cli(arguments, file);
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(first.json().value(u"duplicate"_s), QJsonValue(false));
    const qint64 eventsAfterFirst = cli({u"info"_s, u"--json"_s}, file).json().value(u"event_count"_s).toInteger();

    const Run second = cli(arguments, file);
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.json().value(u"duplicate"_s), QJsonValue(true));
    QCOMPARE(second.json().value(u"stream_id"_s), first.json().value(u"stream_id"_s));
    QCOMPARE(second.json().value(u"revision"_s), first.json().value(u"revision"_s));
    QCOMPARE(second.json().value(u"command_id"_s).toString(), u"retry-1"_s);
    QCOMPARE(
        second.events().at(0).toObject().value(u"event_id"_s), first.events().at(0).toObject().value(u"event_id"_s));
    QCOMPARE(cli({u"info"_s, u"--json"_s}, file).json().value(u"event_count"_s).toInteger(), eventsAfterFirst);

    const Run text = cli(arguments.mid(0, arguments.size() - 1), file);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.outText().contains(u"duplicate:   yes"_s), text.out.constData());
}

void TestCli::reusedCommandIdIsRefused()
{
    const QString file = createStore(u"reused.flashback"_s);
    QStringList arguments {u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=reuse"_s, u"--set"_s,
        u"email=reuse@example.com"_s, u"--set"_s, u"password=longenough"_s, u"--command-id"_s, u"reuse-1"_s};
    QCOMPARE(cli(arguments, file).exitCode, 0);
    arguments.replaceInStrings(u"email=reuse@example.com"_s, u"email=other@example.com"_s);
    verifyError(cli(arguments, file), 2, u"CommandIdReused"_s, false);
}

void TestCli::secretFromStdin()
{
    const QString file = createStore(u"stdin.flashback"_s);
    const QString user = runForStream({u"CreateUser"_s, u"--set"_s, u"username=reese"_s, u"--set"_s,
                                          u"email=reese@example.com"_s, u"--set"_s, u"password=-"_s},
        file, "from-stdin-1\n");
    QVERIFY(!user.isEmpty());
    const QStringList change {u"command"_s, u"ChangePassword"_s, u"--stream"_s, user, u"--set"_s,
        u"current_password=-"_s, u"--set"_s, u"new_password=-"_s};
    // The stored hash verifies the piped password, so it was read exactly (one line, without its line break).
    verifyError(cli(change, file, "wrong-password\nfrom-stdin-2\n"), 4, u"IncorrectPassword"_s, false);
    QCOMPARE(cli(change, file, "from-stdin-1\r\nfrom-stdin-2\n").exitCode, 0);
    QCOMPARE(cli(change, file, "from-stdin-2\nfrom-stdin-3").exitCode, 0);
    verifyError(cli(change, file), 2, u"MissingSecret"_s, false);
}

void TestCli::jsonShapes()
{
    const Run init = cli({u"init"_s, u"--json"_s}, m_store);
    QCOMPARE(init.exitCode, 0);
    QCOMPARE(
        sortedKeys(init.json()), (QStringList {u"address"_s, u"created"_s, u"schema_version"_s, u"search_index"_s}));
    // How search is answered here, and why: FTS5 on SQLite, a tsvector GIN on PostgreSQL.
    const QJsonObject searchIndex = init.json().value(u"search_index"_s).toObject();
    QCOMPARE(sortedKeys(searchIndex), (QStringList {u"kind"_s, u"note"_s}));
    QCOMPARE(searchIndex.value(u"kind"_s).toString(), m_stores.isPostgres() ? u"tsvector"_s : u"fts5"_s);
    QVERIFY(!searchIndex.value(u"note"_s).toString().isEmpty());

    const Run info = cli({u"info"_s, u"--json"_s}, m_store);
    QCOMPARE(info.exitCode, 0);
    QCOMPARE(sortedKeys(info.json()),
        (QStringList {u"address"_s, u"event_count"_s, u"first_occurred_at"_s, u"head_position"_s, u"last_occurred_at"_s,
            u"read_only"_s, u"search_index"_s, u"stream_count"_s}));
    QCOMPARE(info.json().value(u"search_index"_s).toObject(), searchIndex);
    QCOMPARE(info.json().value(u"event_count"_s).toInt(), 13);
    // The absolute file path, or the PostgreSQL address with its password masked.
    QCOMPARE(info.json().value(u"address"_s).toString(), m_stores.shownAs(m_store));
    QCOMPARE(init.json().value(u"address"_s).toString(), m_stores.shownAs(m_store));
    QCOMPARE(info.json().value(u"stream_count"_s).toInt(), 2);

    const Run commands = cli({u"commands"_s, u"--json"_s});
    QCOMPARE(commands.exitCode, 0);
    const QJsonArray specs = commands.json().value(u"commands"_s).toArray();
    QVERIFY(specs.size() >= 8);
    const QJsonObject create = specs.at(0).toObject();
    QCOMPARE(sortedKeys(create),
        (QStringList {u"aggregate_type"_s, u"creates_stream"_s, u"description"_s, u"fields"_s, u"name"_s}));
    QCOMPARE(sortedKeys(create.value(u"fields"_s).toArray().at(0).toObject()),
        (QStringList {u"choices"_s, u"default"_s, u"description"_s, u"label"_s, u"name"_s, u"required"_s, u"secret"_s,
            u"type"_s}));

    const QString file = createStore(u"shapes.flashback"_s);
    const Run command = cli({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=shape"_s, u"--set"_s,
                                u"email=shape@example.com"_s, u"--set"_s, u"password=longenough"_s, u"--json"_s},
        file);
    QCOMPARE(command.exitCode, 0);
    QCOMPARE(sortedKeys(command.json()),
        (QStringList {u"aggregate_type"_s, u"command"_s, u"command_id"_s, u"duplicate"_s, u"events"_s, u"revision"_s,
            u"stream_id"_s}));
    QCOMPARE(sortedKeys(command.events().at(0).toObject()), EventKeys);

    const Run streams = cli({u"streams"_s, u"--json"_s}, m_store);
    QCOMPARE(streams.exitCode, 0);
    QCOMPARE(sortedKeys(streams.json()), (QStringList {u"next_cursor"_s, u"streams"_s}));
    QVERIFY(streams.json().value(u"next_cursor"_s).isNull());
    const QJsonArray streamList = streams.json().value(u"streams"_s).toArray();
    QCOMPARE(streamList.size(), 2);
    QCOMPARE(sortedKeys(streamList.at(0).toObject()),
        (QStringList {u"aggregate_type"_s, u"created_at"_s, u"event_count"_s, u"last_event_type"_s,
            u"last_occurred_at"_s, u"last_position"_s, u"last_recorded_at"_s, u"revision"_s, u"stream_id"_s}));
    QCOMPARE(streamList.at(0).toObject().value(u"stream_id"_s).toString(), m_sarah); // most recently active first

    const Run events = cli({u"events"_s, m_sarah, u"--json"_s}, m_store);
    QCOMPARE(events.exitCode, 0);
    QCOMPARE(sortedKeys(events.json()), (QStringList {u"events"_s, u"next_cursor"_s, u"stream_id"_s}));
    QCOMPARE(events.events().size(), 7);
    const QJsonObject event = events.events().at(0).toObject();
    QCOMPARE(sortedKeys(event), EventKeys);
    QCOMPARE(event.value(u"type"_s).toString(), u"USER_CREATED"_s);
    QCOMPARE(event.value(u"revision"_s).toInt(), 1);
    QVERIFY(event.value(u"occurred_at"_s).toString().endsWith(u'Z'));
    QCOMPARE(event.value(u"metadata"_s).toObject().value(u"source"_s).toString(), u"flashback-cli"_s);
    QCOMPARE(event.value(u"metadata"_s).toObject().value(u"actor"_s).toString(), u"tester@example.com"_s);

    const Run log = cli({u"log"_s, u"--json"_s}, m_store);
    QCOMPARE(log.exitCode, 0);
    QCOMPARE(sortedKeys(log.json()), (QStringList {u"events"_s, u"next_cursor"_s}));
    QCOMPARE(log.events().size(), 13);
    QCOMPARE(sortedKeys(log.events().at(0).toObject()), EventKeys);
    QCOMPARE(log.events().at(0).toObject().value(u"type"_s).toString(), u"USER_NAME_CHANGED"_s); // newest first
}

void TestCli::paging_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("itemsKey");
    QTest::addColumn<QString>("idKey");

    const QString events = u"events"_s;
    QTest::newRow("events") << QStringList {events, u"@SARAH@"_s} << 3 << events << u"event_id"_s;
    QTest::newRow("events newest first") << QStringList {events, u"@SARAH@"_s, u"--newest-first"_s} << 2 << events
                                         << u"event_id"_s;
    QTest::newRow("events in a revision range")
        << QStringList {events, u"@SARAH@"_s, u"--from-revision"_s, u"2"_s, u"--to-revision"_s, u"6"_s} << 2 << events
        << u"event_id"_s;
    QTest::newRow("log") << QStringList {u"log"_s} << 4 << events << u"event_id"_s;
    QTest::newRow("log in exact pages") << QStringList {u"log"_s, u"--type"_s, u"USER_LOGGED_IN"_s} << 5 << events
                                        << u"event_id"_s;
    QTest::newRow("log oldest first") << QStringList {u"log"_s, u"--oldest-first"_s} << 5 << events << u"event_id"_s;
    QTest::newRow("log filtered") << QStringList {u"log"_s, u"--type"_s, u"USER_LOGGED_IN"_s} << 3 << events
                                  << u"event_id"_s;
    QTest::newRow("streams") << QStringList {u"streams"_s} << 1 << u"streams"_s << u"stream_id"_s;
}

void TestCli::paging()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, limit);
    QFETCH(QString, itemsKey);
    QFETCH(QString, idKey);
    arguments.replaceInStrings(u"@SARAH_UPPER@"_s, m_sarah.toUpper());
    arguments.replaceInStrings(u"@SARAH@"_s, m_sarah);
    arguments.append(u"--json"_s);

    auto ids = [&](const Run& run) {
        QStringList list;
        for (const auto& item : run.json().value(itemsKey).toArray())
            list.append(item.toObject().value(idKey).toString());
        return list;
    };
    const Run all = cli(arguments + QStringList {u"--limit"_s, u"1000"_s}, m_store);
    QCOMPARE(all.exitCode, 0);
    const QStringList expected = ids(all);
    QVERIFY(expected.size() > limit);

    QStringList walked;
    std::optional<QString> cursor;
    int pages = 0;
    do {
        QStringList page = arguments + QStringList {u"--limit"_s, QString::number(limit)};
        if (cursor)
            page += QStringList {u"--cursor"_s, *cursor};
        const Run run = cli(page, m_store);
        QCOMPARE(run.exitCode, 0);
        QVERIFY(ids(run).size() <= limit);
        walked += ids(run);
        const QJsonValue next = run.json().value(u"next_cursor"_s);
        QVERIFY(next.isNull() || next.isString());
        cursor = next.isString() ? std::optional(next.toString()) : std::nullopt;
        QVERIFY(++pages <= 20);
    } while (cursor);

    QCOMPARE(walked, expected);
    QCOMPARE(pages, int((expected.size() + limit - 1) / limit)); // no empty last page
}

void TestCli::logFilters_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("count");

    const QString type = u"--type"_s;
    QTest::newRow("one type") << QStringList {type, u"USER_CREATED"_s} << 2;
    QTest::newRow("comma-separated types") << QStringList {type, u"USER_CREATED,USER_NAME_CHANGED"_s} << 3;
    QTest::newRow("repeated types") << QStringList {type, u"USER_CREATED"_s, type, u"USER_NAME_CHANGED"_s} << 3;
    QTest::newRow("actor") << QStringList {u"--actor"_s, u"admin@company.com"_s} << 7;
    QTest::newRow("default actor from FLASHBACK_ACTOR") << QStringList {u"--actor"_s, u"tester@example.com"_s} << 6;
    QTest::newRow("type and actor") << QStringList {type, u"USER_LOGGED_IN"_s, u"--actor"_s, u"admin@company.com"_s}
                                    << 5;
    QTest::newRow("text: an IP prefix") << QStringList {u"--text"_s, u"192.168.1*"_s} << 5;
    QTest::newRow("text: a word, any case") << QStringList {u"--text"_s, u"SALLY"_s} << 1;
    QTest::newRow("stream") << QStringList {u"--stream"_s, u"@SARAH@"_s} << 7;
    QTest::newRow("stream id in upper case, as events takes it")
        << QStringList {u"--stream"_s, u"@SARAH_UPPER@"_s} << 7;
    QTest::newRow("unknown stream") << QStringList {u"--stream"_s, u"00000000-0000-4000-8000-000000000009"_s} << 0;
    QTest::newRow("aggregate type") << QStringList {u"--aggregate-type"_s, u"User"_s} << 13;
    QTest::newRow("unknown aggregate type") << QStringList {u"--aggregate-type"_s, u"Order"_s} << 0;
}

void TestCli::logFilters()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, count);
    arguments.replaceInStrings(u"@SARAH_UPPER@"_s, m_sarah.toUpper());
    arguments.replaceInStrings(u"@SARAH@"_s, m_sarah);
    const Run run = cli(QStringList {u"log"_s, u"--json"_s} + arguments, m_store);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.events().size(), count);

    const Run text = cli(QStringList {u"log"_s} + arguments, m_store);
    QCOMPARE(text.exitCode, 0);
    const int lines = int(text.outText().count(u'\n'));
    QCOMPARE(lines, count == 0 ? 1 : count + 1); // header + one line per event, or "No matching events."
}

void TestCli::logTimeRange()
{
    const Run all = cli({u"log"_s, u"--oldest-first"_s, u"--json"_s}, m_store);
    QCOMPARE(all.exitCode, 0);
    const QJsonArray events = all.events();
    QCOMPARE(events.size(), 13);
    const QString middle = events.at(5).toObject().value(u"occurred_at"_s).toString();

    const Run since = cli({u"log"_s, u"--since"_s, middle, u"--json"_s}, m_store);
    QCOMPARE(since.exitCode, 0);
    QCOMPARE(since.events().size(), 8); // occurred_at >= since
    const Run until = cli({u"log"_s, u"--until"_s, middle, u"--json"_s}, m_store);
    QCOMPARE(until.exitCode, 0);
    QCOMPARE(until.events().size(), 5); // occurred_at < until
    const Run empty = cli({u"log"_s, u"--since"_s, middle, u"--until"_s, middle, u"--json"_s}, m_store);
    QCOMPARE(empty.events().size(), 0);
    const Run dates = cli(
        {u"log"_s, u"--since"_s, u"2000-01-01"_s, u"--until"_s, u"2000-01-02 00:00+02:00"_s, u"--json"_s}, m_store);
    QCOMPARE(dates.exitCode, 0);
    QCOMPARE(dates.events().size(), 0);
}

void TestCli::maskingAndReveal()
{
    const QStringList created {u"log"_s, u"--type"_s, u"USER_CREATED"_s, u"--json"_s};
    const Run masked = cli(created, m_store);
    QCOMPARE(masked.exitCode, 0);
    for (const auto& event : masked.events())
        QCOMPARE(event.toObject().value(u"data"_s).toObject().value(u"password_hash"_s).toString(), Masked);

    const Run revealed = cli(created + QStringList {u"--reveal"_s}, m_store);
    QCOMPARE(revealed.exitCode, 0);
    for (const auto& event : revealed.events()) {
        // Also shows that FLASHBACK_PASSWORD_ITERATIONS reached the hasher.
        QVERIFY(event.toObject()
                    .value(u"data"_s)
                    .toObject()
                    .value(u"password_hash"_s)
                    .toString()
                    .startsWith(u"pbkdf2_sha256$1000$"_s));
    }

    const Run text = cli({u"events"_s, m_sarah}, m_store);
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.outText().contains(u"\"password_hash\":\""_s + Masked));
    QVERIFY(!text.outText().contains(u"pbkdf2_sha256$"_s));
    const Run textRevealed = cli({u"events"_s, m_sarah, u"--reveal"_s}, m_store);
    QVERIFY(textRevealed.outText().contains(u"pbkdf2_sha256$"_s));
}

void TestCli::globalOptionsAnywhere_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("before") << QStringList {u"--json"_s, u"--store"_s, u"@STORE@"_s, u"info"_s};
    QTest::newRow("after") << QStringList {u"info"_s, u"--store"_s, u"@STORE@"_s, u"--json"_s};
    QTest::newRow("with =") << QStringList {u"--store=@STORE@"_s, u"info"_s, u"--busy-timeout=100"_s, u"--json"_s};
    QTest::newRow("mixed") << QStringList {u"--busy-timeout"_s, u"100"_s, u"--read-only"_s, u"info"_s, u"--json"_s,
        u"--store"_s, u"@STORE@"_s, u"--verbose"_s};
}

void TestCli::globalOptionsAnywhere()
{
    QFETCH(QStringList, arguments);
    arguments.replaceInStrings(u"@STORE@"_s, m_store);
    const Run run = cli(arguments);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.json().value(u"event_count"_s).toInt(), 13);
}

void TestCli::helpAndVersion()
{
    const Run help = cli({u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    for (const auto& name : {u"init"_s, u"info"_s, u"demo"_s, u"commands"_s, u"command"_s, u"streams"_s, u"events"_s,
             u"log"_s, u"FLASHBACK_STORE"_s})
        QVERIFY2(help.outText().contains(name), qPrintable(name));

    const Run logHelp = cli({u"log"_s, u"--help"_s});
    QCOMPARE(logHelp.exitCode, 0);
    QVERIFY(logHelp.outText().contains(u"--cursor"_s));
    QVERIFY(logHelp.outText().contains(u"--store"_s));

    const Run version = cli({u"--version"_s});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.outText().startsWith(u"flashback-cli "_s));
}

void TestCli::demo()
{
    const QString file = m_stores.newAddress(u"demo.flashback"_s);
    const Run run = cli({u"demo"_s, u"--users"_s, u"5"_s, u"--seed"_s, u"7"_s, u"--json"_s, u"--store"_s, file});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.isEmpty(), "no progress output when stderr is not a terminal");
    const QJsonObject summary = run.json();
    for (const auto& key : {u"users"_s, u"events"_s, u"first_event_at"_s, u"last_event_at"_s, u"deleted_user_id"_s,
             u"suspended_user_id"_s, u"renamed_user_id"_s, u"long_stream_user_id"_s})
        QVERIFY2(summary.contains(key), qPrintable(key));
    QVERIFY(summary.value(u"users"_s).toInt() >= 5);
    QVERIFY(summary.value(u"events"_s).toInteger() > 10000);
    const QString deleted = summary.value(u"deleted_user_id"_s).toString();

    const Run log = cli({u"log"_s, u"--type"_s, u"USER_DELETED"_s, u"--json"_s}, file);
    QCOMPARE(log.exitCode, 0);
    bool found = false;
    for (const auto& event : log.events()) {
        const QJsonObject object = event.toObject();
        if (object.value(u"stream_id"_s).toString() == deleted) {
            found = true;
            QCOMPARE(object.value(u"metadata"_s).toObject().value(u"actor"_s).toString(), u"admin@company.com"_s);
        }
    }
    QVERIFY(found);

    const Run latest = cli({u"events"_s, deleted, u"--newest-first"_s, u"--limit"_s, u"1"_s, u"--json"_s}, file);
    QCOMPARE(latest.exitCode, 0);
    QCOMPARE(latest.events().at(0).toObject().value(u"type"_s).toString(), u"USER_DELETED"_s);

    const QString textStore = m_stores.newAddress(u"demo-text.flashback"_s);
    const Run text = cli({u"demo"_s, u"--users"_s, u"5"_s, u"--store"_s, textStore});
    QCOMPARE(text.exitCode, 0);
    // Ready-to-paste next commands name the store as given, except a PostgreSQL password (masked).
    const QString prefix = u"flashback-cli --store "_s + shellWord(m_stores.shownAs(textStore)) + u' ';
    QVERIFY2(text.outText().contains(prefix + u"log --type USER_DELETED"_s), text.out.constData());
    QVERIFY2(text.outText().contains(prefix + u"events "_s), text.out.constData());

    const Run again = cli({u"demo"_s, u"--users"_s, u"5"_s}, file);
    QVERIFY2(again.exitCode == 2, again.err.constData()); // refuses a store that already holds events
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
