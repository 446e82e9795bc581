// SPDX-License-Identifier: GPL-3.0-or-later
// flashback-cli audit, through the real executable: every operator action the CLI does (command, pause, resume,
// rebuild, outbox retry and discard) leaves one row, refused ones included, and audit lists them newest first with
// its filters, paging, JSON shape and usage errors (docs/cli.md). Runs once per backend.

#include "clitestkit.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback::test;

class TestCliAudit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_stores.isValid());
        m_store = m_stores.newAddress(u"audit.flashback"_s);
        QCOMPARE(cli({u"init"_s}).exitCode, 0);
    }

    void everyCliActionLeavesOneRow()
    {
        QCOMPARE(cli({u"audit"_s, u"--json"_s}).array(u"actions"_s).size(), 0);
        QCOMPARE(cli({u"audit"_s}).outText(), u"No operator actions recorded.\n"_s);

        const CliRun created = cli({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=kyle"_s, u"--set"_s,
            u"email=kyle@example.com"_s, u"--set"_s, u"password=longenough"_s, u"--reason"_s, u"ticket 12"_s});
        QCOMPARE(created.exitCode, 0);
        const CliRun taken = cli({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=kyle2"_s, u"--set"_s,
            u"email=kyle@example.com"_s, u"--set"_s, u"password=longenough"_s});
        QVERIFY(taken.exitCode != 0);
        QCOMPARE(cli({u"command"_s, u"CreateUser"_s, u"--dry-run"_s, u"--set"_s, u"username=dry"_s, u"--set"_s,
                         u"email=dry@example.com"_s, u"--set"_s, u"password=longenough"_s})
                     .exitCode,
            0); // a dry run is not an action: nothing recorded
        QCOMPARE(cli({u"pause"_s, u"users"_s}).exitCode, 0);
        QCOMPARE(cli({u"resume"_s, u"users"_s}).exitCode, 0);
        QCOMPARE(cli({u"rebuild"_s, u"users"_s}).exitCode, 0);
        QCOMPARE(cli({u"outbox"_s, u"retry"_s, u"1"_s}).exitCode, 2); // pending: not retryable, recorded as refused
        QCOMPARE(cli({u"outbox"_s, u"discard"_s, u"1"_s}).exitCode, 2);

        const CliRun listed = cli({u"audit"_s, u"--json"_s});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray actions = listed.array(u"actions"_s);
        QStringList done;
        for (const auto& value : actions)
            done.prepend(value[u"action"_s].toString() + u':' + value[u"result"_s].toString());
        QCOMPARE(done,
            QStringList({u"command:ok"_s, u"command:refused"_s, u"projection.pause:ok"_s, u"projection.resume:ok"_s,
                u"projection.rebuild:ok"_s, u"outbox.retry:refused"_s, u"outbox.discard:refused"_s}));
        QVERIFY(listed.json().value(u"next_cursor"_s).isNull());

        const QJsonObject command = actions.last().toObject();
        QCOMPARE(sortedKeys(command),
            QStringList({u"action"_s, u"actor"_s, u"at"_s, u"detail"_s, u"host"_s, u"id"_s, u"message"_s, u"result"_s,
                u"target"_s, u"tool"_s}));
        QCOMPARE(command[u"actor"_s].toString(), u"tester@example.com"_s);
        QVERIFY(command[u"tool"_s].toString().startsWith(u"flashback-cli "_s));
        QVERIFY(!command[u"host"_s].toString().isEmpty());
        QVERIFY(command[u"target"_s].toString().startsWith(u"User/"_s));
        QCOMPARE(command[u"detail"_s][u"reason"_s].toString(), u"ticket 12"_s);
        QCOMPARE(
            command[u"detail"_s][u"fields"_s][u"password"_s].toString(), u"\u2022\u2022\u2022\u2022\u2022\u2022"_s);
        QVERIFY(!listed.outText().contains(u"longenough"_s));
        QVERIFY(QDateTime::fromString(command[u"at"_s].toString(), Qt::ISODateWithMs).isValid());
        QCOMPARE(actions.at(2)[u"target"_s].toString(), u"users"_s); // the rebuild
        QVERIFY(actions.at(2)[u"message"_s].toString().contains(u"swapped in"_s));
        QCOMPARE(actions.at(0)[u"target"_s].toString(), u"outbox/1"_s);
    }

    void filtersAndPages()
    {
        QCOMPARE(cli({u"audit"_s, u"--action"_s, u"projection.pause,projection.resume"_s, u"--json"_s})
                     .array(u"actions"_s)
                     .size(),
            2);
        QCOMPARE(cli({u"audit"_s, u"--result"_s, u"refused"_s, u"--json"_s}).array(u"actions"_s).size(), 3);
        QCOMPARE(cli({u"audit"_s, u"--actor"_s, u"someone@else"_s, u"--json"_s}).array(u"actions"_s).size(), 0);
        QCOMPARE(cli({u"audit"_s, u"--since"_s, u"2999-01-01T00:00:00Z"_s}).outText(),
            u"No operator actions recorded that match.\n"_s);
        QCOMPARE(cli({u"audit"_s, u"--until"_s, u"2999-01-01T00:00:00Z"_s, u"--json"_s}).array(u"actions"_s).size(), 7);

        const CliRun first = cli({u"audit"_s, u"--limit"_s, u"4"_s, u"--json"_s});
        QCOMPARE(first.array(u"actions"_s).size(), 4);
        const QString cursor = first.json().value(u"next_cursor"_s).toVariant().toString();
        QVERIFY(!cursor.isEmpty());
        const CliRun second = cli({u"audit"_s, u"--limit"_s, u"4"_s, u"--cursor"_s, cursor, u"--json"_s});
        QCOMPARE(second.array(u"actions"_s).size(), 3);
        QVERIFY(second.array(u"actions"_s).first()[u"id"_s].toInteger()
            < first.array(u"actions"_s).last()[u"id"_s].toInteger());

        const CliRun text = cli({u"audit"_s, u"--limit"_s, u"4"_s});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.outText().startsWith(u"ID"_s) && text.outText().contains(u"ACTION"_s), text.out.constData());
        QVERIFY(text.outText().contains(u"projection.rebuild"_s));
        QVERIFY(text.outText().contains(u"More actions: add --cursor "_s));
    }

    void usageErrors()
    {
        verifyCliError(cli({u"audit"_s, u"--action"_s, u"delete_everything"_s}), 2, u"InvalidArgument"_s, false);
        verifyCliError(cli({u"audit"_s, u"--result"_s, u"maybe"_s, u"--json"_s}), 2, u"InvalidArgument"_s, true);
        QVERIFY(cli({u"audit"_s, u"--since"_s, u"yesterday-ish"_s}).exitCode == 2);
        QVERIFY(cli({u"audit"_s, u"extra"_s}).exitCode == 2);
    }

private:
    CliRun cli(const QStringList& arguments) const { return runCli(arguments, cliEnvironment(m_store)); }

    CliStores m_stores;
    QString m_store;
};

QTEST_MAIN(TestCliAudit)
#include "tst_cli_audit.moc"
