// SPDX-License-Identifier: GPL-3.0-or-later
// --read-only, a global option of flashback-cli (docs/cli.md): every subcommand that would write fails with
// StoreReadOnly (exit 3, category store) and leaves the store exactly as it was, every subcommand that only reads
// answers exactly as without it, and nothing is ever created. Runs once per backend (FLASHBACK_TEST_BACKEND=
// sqlite|postgres): a PostgreSQL session opened read-only must refuse what a read-only SQLite file refuses.

#include "clitestkit.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback::test;

namespace {

using Run = CliRun;

/// `value` without the keys in `dropped`, at any depth.
QJsonValue without(const QJsonValue& value, const QStringList& dropped)
{
    if (value.isArray()) {
        QJsonArray array;
        for (const auto& item : value.toArray())
            array.append(without(item, dropped));
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    for (const QString& key : dropped)
        object.remove(key);
    for (auto it = object.begin(); it != object.end(); ++it)
        *it = without(*it, dropped);
    return object;
}

} // namespace

class TestCliReadOnly : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesAreRefused_data();
    void writesAreRefused();
    void readsWork_data();
    void readsWork();
    void nothingIsCreated();

private:
    Run cli(const QStringList& arguments, const QString& store = {}) const
    {
        return runCli(arguments, cliEnvironment(store.isEmpty() ? m_store : store));
    }
    QString fingerprint() const;

    CliStores m_stores;
    /// Sarah (renamed, one snapshot) and Kyle (one login); audit_log one event behind, users never run; outbox
    /// row 1 failed, row 2 pending.
    QString m_store;
    QString m_sarah;
    QString m_before; ///< fingerprint() after initTestCase().
};

/// Everything a write could change, as the reads show it (without --read-only); a read that fails shows as
/// "FAILED: ...".
QString TestCliReadOnly::fingerprint() const
{
    QStringList parts;
    for (const QStringList& arguments : {QStringList {u"lag"_s}, QStringList {u"info"_s},
             QStringList {u"log"_s, u"--limit"_s, u"1000"_s, u"--reveal"_s}, QStringList {u"streams"_s},
             QStringList {u"snapshots"_s, m_sarah}, QStringList {u"outbox"_s, u"--limit"_s, u"1000"_s},
             QStringList {u"users"_s, u"--limit"_s, u"1000"_s}}) {
        const Run run = cli(arguments + QStringList {u"--json"_s});
        if (run.exitCode != 0)
            return u"FAILED: "_s + arguments.join(u' ') + u": "_s + run.errText();
        const QJsonValue stable = without(run.json(), {u"lag_seconds"_s, u"throughput"_s});
        parts.append(QString::fromUtf8(QJsonDocument(stable.toObject()).toJson(QJsonDocument::Compact)));
    }
    // After 10 s without progress, a projection that is behind turns from "running" to "stalled" (and its lag in
    // seconds, dropped above, grows with the clock): neither is a change to the store.
    return parts.join(u'\n').replace(u"\"stalled\""_s, u"\"running\""_s);
}

void TestCliReadOnly::initTestCase()
{
    QVERIFY(m_stores.isValid());
    m_store = m_stores.newAddress(u"readonly.flashback"_s);
    QCOMPARE(cli({u"init"_s}).exitCode, 0);
    const auto run = [this](const QStringList& arguments) {
        const Run result = cli(arguments + QStringList {u"--json"_s});
        if (result.exitCode != 0)
            qWarning() << arguments << result.err;
        return result;
    };
    m_sarah = run({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=sarah"_s, u"--set"_s,
                      u"email=sarah@example.com"_s, u"--set"_s, u"password=terminator1"_s})
                  .json()
                  .value(u"stream_id"_s)
                  .toString();
    const QString kyle = run({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=kyle"_s, u"--set"_s,
                                 u"email=kyle@example.com"_s, u"--set"_s, u"password=resistance"_s})
                             .json()
                             .value(u"stream_id"_s)
                             .toString();
    QVERIFY(!m_sarah.isEmpty() && !kyle.isEmpty());
    QCOMPARE(
        run({u"command"_s, u"ChangeName"_s, u"--stream"_s, m_sarah, u"--set"_s, u"first_name=Sally"_s}).exitCode, 0);
    QCOMPARE(run({u"snapshot"_s, m_sarah}).exitCode, 0);
    QCOMPARE(run({u"project"_s, u"--once"_s, u"--no-outbox"_s, u"--projection"_s, u"audit_log"_s}).exitCode, 0);
    QCOMPARE(run({u"command"_s, u"RecordLogin"_s, u"--stream"_s, kyle, u"--set"_s, u"ip=10.0.0.1"_s}).exitCode, 0);
    // Parked as failed, as the dispatcher leaves a row after its last attempt: retry and discard would both apply.
    const QString park = u"UPDATE outbox SET status = 'failed', last_error = 'smtp down' WHERE id = 1 RETURNING id"_s;
    QVERIFY(CliStores::sqlValue(m_store, park).isValid());
    m_before = fingerprint();
    QVERIFY2(!m_before.startsWith(u"FAILED"_s), qPrintable(m_before));
    QVERIFY(m_before.contains(u"smtp down"_s));
}

void TestCliReadOnly::writesAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    const QString sarah = u"@SARAH@"_s;
    QTest::newRow("command creating a stream") << QStringList {u"command"_s, u"CreateUser"_s, u"--set"_s,
        u"username=john"_s, u"--set"_s, u"email=john@example.com"_s, u"--set"_s, u"password=longenough"_s};
    QTest::newRow("command on a stream") << QStringList {
        u"command"_s, u"ChangeName"_s, u"--stream"_s, sarah, u"--set"_s, u"first_name=Sarah"_s};
    QTest::newRow("snapshot") << QStringList {u"snapshot"_s, sarah};
    QTest::newRow("project") << QStringList {u"project"_s};
    QTest::newRow("project --once, one projection, no outbox")
        << QStringList {u"project"_s, u"--once"_s, u"--projection"_s, u"users"_s, u"--no-outbox"_s};
    QTest::newRow("project --follow") << QStringList {u"project"_s, u"--follow"_s};
    QTest::newRow("rebuild") << QStringList {u"rebuild"_s, u"audit_log"_s};
    QTest::newRow("pause") << QStringList {u"pause"_s, u"users"_s};
    QTest::newRow("resume") << QStringList {u"resume"_s, u"audit_log"_s};
    QTest::newRow("outbox retry") << QStringList {u"outbox"_s, u"retry"_s, u"1"_s};
    QTest::newRow("outbox discard") << QStringList {u"outbox"_s, u"discard"_s, u"1"_s};
}

void TestCliReadOnly::writesAreRefused()
{
    QFETCH(QStringList, arguments);
    arguments.replaceInStrings(u"@SARAH@"_s, m_sarah);
    const Run text = cli(QStringList {u"--read-only"_s} + arguments);
    verifyCliError(text, 3, u"StoreReadOnly"_s, false);
    if (QTest::currentTestFailed())
        return;
    const Run json = cli(arguments + QStringList {u"--json"_s, u"--read-only"_s});
    verifyCliError(json, 3, u"StoreReadOnly"_s, true);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(fingerprint(), m_before);
}

void TestCliReadOnly::readsWork_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("volatileKeys"); ///< What may differ between two runs a moment apart.
    const QString sarah = u"@SARAH@"_s;
    QTest::newRow("info") << QStringList {u"info"_s} << QStringList {u"read_only"_s};
    QTest::newRow("log") << QStringList {u"log"_s, u"--type"_s, u"USER_CREATED"_s} << QStringList {};
    QTest::newRow("streams") << QStringList {u"streams"_s} << QStringList {};
    QTest::newRow("events") << QStringList {u"events"_s, sarah, u"--reveal"_s} << QStringList {};
    QTest::newRow("state") << QStringList {u"state"_s, sarah} << QStringList {};
    QTest::newRow("state at a revision") << QStringList {u"state"_s, sarah, u"--at-revision"_s, u"1"_s}
                                         << QStringList {};
    QTest::newRow("diff") << QStringList {u"diff"_s, sarah, u"1"_s, u"2"_s} << QStringList {};
    QTest::newRow("history") << QStringList {u"history"_s, sarah, u"first_name"_s} << QStringList {};
    QTest::newRow("snapshots --verify") << QStringList {u"snapshots"_s, sarah, u"--verify"_s} << QStringList {};
    QTest::newRow("lag") << QStringList {u"lag"_s} << QStringList {u"lag_seconds"_s, u"throughput"_s, u"state"_s};
    QTest::newRow("outbox") << QStringList {u"outbox"_s} << QStringList {};
    QTest::newRow("outbox, failed rows") << QStringList {u"outbox"_s, u"--status"_s, u"failed"_s} << QStringList {};
    QTest::newRow("users") << QStringList {u"users"_s} << QStringList {};
    QTest::newRow("commands") << QStringList {u"commands"_s} << QStringList {};
    // Both say when they were made.
    QTest::newRow("report") << QStringList {u"report"_s, sarah} << QStringList {u"report"_s};
    QTest::newRow("export-test") << QStringList {u"export-test"_s, sarah} << QStringList {u"source"_s};
}

void TestCliReadOnly::readsWork()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, volatileKeys);
    arguments.replaceInStrings(u"@SARAH@"_s, m_sarah);
    const Run text = cli(arguments + QStringList {u"--read-only"_s});
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY(!text.out.isEmpty());

    const Run readOnly = cli(QStringList {u"--read-only"_s, u"--json"_s} + arguments);
    QVERIFY2(readOnly.exitCode == 0, readOnly.err.constData());
    const Run readWrite = cli(arguments + QStringList {u"--json"_s});
    QVERIFY2(readWrite.exitCode == 0, readWrite.err.constData());
    QVERIFY(!readOnly.json().isEmpty());
    QCOMPARE(without(readOnly.json(), volatileKeys), without(readWrite.json(), volatileKeys));
    if (arguments.constFirst() == u"info"_s) {
        QCOMPARE(readOnly.json().value(u"read_only"_s), QJsonValue(true));
        QCOMPARE(readWrite.json().value(u"read_only"_s), QJsonValue(false));
    }
    QCOMPARE(fingerprint(), m_before);
}

void TestCliReadOnly::nothingIsCreated()
{
    // No store: init and demo would create one.
    const QString address = m_stores.newAddress(u"never.flashback"_s);
    verifyCliError(cli({u"--read-only"_s, u"init"_s}, address), 3, u"StoreReadOnly"_s, false);
    verifyCliError(cli({u"init"_s, u"--json"_s, u"--read-only"_s}, address), 3, u"StoreReadOnly"_s, true);
    verifyCliError(cli({u"--read-only"_s, u"demo"_s, u"--users"_s, u"1"_s}, address), 3, u"StoreReadOnly"_s, false);
    if (QTest::currentTestFailed())
        return;
    // Still nothing there: no file, or a database without a table.
    if (m_stores.isPostgres()) {
        QCOMPARE(CliStores::sqlValue(address,
                     u"SELECT count(*) FROM pg_class WHERE relnamespace = "
                     u"(SELECT oid FROM pg_namespace WHERE nspname = current_schema())"_s)
                     .toInt(),
            0);
        verifyCliError(cli({u"info"_s}, address), 3, u"NotAFlashbackStore"_s, false);
    } else {
        QVERIFY(!QFile::exists(address));
        verifyCliError(cli({u"info"_s}, address), 3, u"StoreNotFound"_s, false);
    }

    // An empty store: demo would fill it. init only looks, so it reports the store as it would without the flag.
    QCOMPARE(cli({u"init"_s}, address).exitCode, 0);
    verifyCliError(
        cli({u"demo"_s, u"--users"_s, u"1"_s, u"--json"_s, u"--read-only"_s}, address), 3, u"StoreReadOnly"_s, true);
    // With no event to project, project would never reach a write of its own: --follow must not run on regardless.
    verifyCliError(cli({u"--read-only"_s, u"project"_s, u"--follow"_s}, address), 3, u"StoreReadOnly"_s, false);
    verifyCliError(
        cli({u"--read-only"_s, u"project"_s, u"--no-outbox"_s, u"--json"_s}, address), 3, u"StoreReadOnly"_s, true);
    const Run init = cli({u"init"_s, u"--read-only"_s, u"--json"_s}, address);
    QVERIFY2(init.exitCode == 0, init.err.constData());
    QCOMPARE(init.json().value(u"created"_s), QJsonValue(false));
    QCOMPARE(cli({u"info"_s, u"--json"_s}, address).json().value(u"event_count"_s).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCliReadOnly)
#include "tst_cli_readonly.moc"
