// SPDX-License-Identifier: GPL-3.0-or-later
// flashback-cli export-test through the real executable on a demo store, once per backend: Sarah's deletion as a
// test on standard output and in a file, the JSON summary scripts read, a command asked with --command, anonymizing,
// and the errors with their exit codes (docs/cli.md). tst_exported* compile such files and run them.
#include "clitestkit.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback::test;

class TestCliExportTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_stores.isValid());
        m_demo = m_stores.newAddress(u"demo.flashback"_s);
        const CliRun demo = cli({u"demo"_s, u"--users"_s, u"5"_s, u"--json"_s});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        m_sarah = demo.json().value(u"deleted_user_id"_s).toString();
        QVERIFY(!m_sarah.isEmpty());
    }

    void herDeletionOnStandardOutput()
    {
        const CliRun run = cli({u"export-test"_s, m_sarah});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString source = run.outText();
        QVERIFY(source.startsWith(u"// A test exported by Flashback"_s));
        QVERIFY(source.contains(u"class IncidentTest : public QObject"_s));
        QVERIFY(source.contains(u"command.name = u\"DeleteUser\"_s;"_s));
        QVERIFY(source.contains(u"admin@company.com"_s));
        QVERIFY(source.contains(u"#include \"incidenttest.moc\""_s));
        QVERIFY(!source.contains(u"pbkdf2_sha256$"_s));
        QVERIFY(!source.contains(CliStores::password()));
    }

    void anAskedCommandAnonymizedIntoAFile()
    {
        const QString path = m_stores.path(u"tst_refusal.cpp"_s);
        const CliRun run = cli({u"export-test"_s, m_sarah, u"--command"_s, u"ChangeEmail"_s, u"--set"_s,
            u"email=sarah.new@example.com"_s, u"--actor"_s, u"support@company.com"_s, u"--anonymize"_s, u"--class"_s,
            u"RefusalTest"_s, u"--output"_s, path, u"--json"_s});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = run.json();
        QCOMPARE(sortedKeys(summary),
            (QStringList {u"aggregate_type"_s, u"anonymized_values"_s, u"class"_s, u"given_events"_s, u"note"_s,
                u"output"_s, u"revision"_s, u"stream_id"_s, u"test_function"_s, u"then"_s, u"when"_s}));
        QCOMPARE(summary.value(u"when"_s).toObject().value(u"kind"_s).toString(), u"command"_s);
        QCOMPARE(summary.value(u"when"_s).toObject().value(u"name"_s).toString(), u"ChangeEmail"_s);
        QCOMPARE(summary.value(u"then"_s).toObject().value(u"error"_s).toString(), u"UserDeleted"_s);
        QCOMPARE(summary.value(u"then"_s).toObject().value(u"events"_s).toArray(), QJsonArray());
        QCOMPARE(summary.value(u"given_events"_s).toInteger(), summary.value(u"revision"_s).toInteger());
        QCOMPARE(summary.value(u"class"_s).toString(), u"RefusalTest"_s);
        QVERIFY(summary.value(u"anonymized_values"_s).toInt() > 0);
        QVERIFY(summary.value(u"note"_s).isNull());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString source = QString::fromUtf8(file.readAll());
        QVERIFY(source.contains(u"#include \"tst_refusal.moc\""_s));
        QVERIFY(source.contains(u"QCOMPARE(outcome.errorCode(), u\"UserDeleted\"_s);"_s));
        for (const QString& personal : {u"sarah"_s, u"Connor"_s, u"support@company.com"_s, u"10.20.30.40"_s})
            QVERIFY2(!source.contains(personal), qPrintable(personal));
    }

    void herFirstEventIsRecorded()
    {
        const CliRun run = cli({u"export-test"_s, m_sarah, u"--revision"_s, u"1"_s, u"--json"_s});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = run.json();
        QCOMPARE(summary.value(u"when"_s).toObject().value(u"kind"_s).toString(), u"recorded-event"_s);
        QCOMPARE(summary.value(u"when"_s).toObject().value(u"name"_s).toString(), u"USER_CREATED"_s);
        QVERIFY(!summary.value(u"note"_s).toString().isEmpty());
        QVERIFY(summary.value(u"source"_s).toString().contains(u"scenario.whenEvents("_s));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("code");
        QTest::newRow("no stream") << QStringList {u"export-test"_s} << 2 << u"MissingArgument"_s;
        QTest::newRow("unknown stream") << QStringList {u"export-test"_s, u"user-nobody"_s} << 6 << u"StreamNotFound"_s;
        QTest::newRow("beyond the head") << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--revision"_s, u"9999"_s}
                                         << 6 << u"RevisionNotFound"_s;
        QTest::newRow("revision zero") << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--revision"_s, u"0"_s} << 2
                                       << u"InvalidArgument"_s;
        QTest::newRow("unknown command") << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--command"_s, u"Fly"_s} << 2
                                         << u"UnknownCommand"_s;
        QTest::newRow("bad field") << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--command"_s, u"ChangeEmail"_s,
            u"--set"_s, u"colour=red"_s}
                                   << 2 << u"InvalidArgument"_s;
        QTest::newRow("fields without a command") << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--set"_s,
            u"email=x@example.com"_s} << 2 << u"InvalidArgument"_s;
        QTest::newRow("bad class") << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--class"_s, u"not a class"_s} << 2
                                   << u"InvalidArgument"_s;
        QTest::newRow("bad time") << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--command"_s, u"SuspendUser"_s,
            u"--set"_s, u"reason=x"_s, u"--at"_s, u"yesterday"_s}
                                  << 2 << u"InvalidArgument"_s;
        QTest::newRow("unwritable output")
            << QStringList {u"export-test"_s, u"@SARAH@"_s, u"--output"_s, u"/nonexistent-folder/tst_x.cpp"_s} << 2
            << u"OutputNotWritable"_s;
    }

    void errors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, code);
        arguments.replaceInStrings(u"@SARAH@"_s, m_sarah);
        verifyCliError(cli(arguments), exitCode, code, false);
        if (QTest::currentTestFailed())
            return;
        verifyCliError(cli(arguments + QStringList {u"--json"_s}), exitCode, code, true);
    }

private:
    CliRun cli(const QStringList& arguments) const { return runCli(arguments, cliEnvironment(m_demo)); }

    CliStores m_stores;
    QString m_demo;
    QString m_sarah;
};

QTEST_GUILESS_MAIN(TestCliExportTest)
#include "tst_cli_exporttest.moc"
