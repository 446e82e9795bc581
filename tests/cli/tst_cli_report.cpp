// SPDX-License-Identifier: GPL-3.0-or-later
// flashback-cli report through the real executable on a demo store, once per backend: Sarah's deletion as
// Markdown on standard output and as an HTML file, the JSON summary scripts read, the fields and range flags,
// masking and the password-free address, and the errors with their exit codes (docs/cli.md).
#include "clitestkit.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback::test;

class TestCliReport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_stores.isValid());
        m_demo = m_stores.newAddress(u"demo.flashback"_s);
        const CliRun demo = cli({u"demo"_s, u"--users"_s, u"20"_s, u"--json"_s});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        m_sarah = demo.json().value(u"deleted_user_id"_s).toString();
        QVERIFY(!m_sarah.isEmpty());
    }

    void sarahsDeletionAsMarkdown()
    {
        const CliRun run = cli({u"report"_s, m_sarah});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString text = run.outText();
        QVERIFY(text.startsWith(u"# Incident report: User "_s + m_sarah));
        QVERIFY(text.contains(u"**`USER_DELETED`**"_s)); // the event under scrutiny, marked in the list
        QVERIFY(text.contains(u"`admin@company.com`"_s));
        QVERIFY(text.contains(u"User requested account deletion"_s));
        QVERIFY(text.contains(u"### `status`"_s)); // what the deletion changed, with its history
        QVERIFY(text.contains(u"\u2022\u2022\u2022\u2022\u2022\u2022"_s)); // the password hash, masked
        QVERIFY(!text.contains(u"pbkdf2"_s));
        QVERIFY(!text.contains(CliStores::password()));
        if (!m_stores.isPostgres())
            QVERIFY(text.contains(u"- **Store:** `"_s + m_stores.shownAs(m_demo) + u'`'));
    }

    void aRangeAndFieldsAsAnHtmlFile()
    {
        const QString path = m_stores.path(u"sarah report.html"_s);
        const CliRun run = cli({u"report"_s, m_sarah, u"--from-revision"_s, u"2"_s, u"--to-revision"_s, u"3"_s,
            u"--field"_s, u"email"_s, u"--field"_s, u"status"_s, u"--output"_s, path, u"--json"_s});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = run.json();
        QCOMPARE(sortedKeys(summary),
            (QStringList {u"aggregate_type"_s, u"events_listed"_s, u"events_omitted"_s, u"fields"_s, u"format"_s,
                u"from_revision"_s, u"output"_s, u"stream_id"_s, u"to_revision"_s}));
        QCOMPARE(summary.value(u"format"_s).toString(), u"html"_s); // from the file's name
        QCOMPARE(summary.value(u"from_revision"_s).toInteger(), 2);
        QCOMPARE(summary.value(u"to_revision"_s).toInteger(), 3);
        QCOMPARE(summary.value(u"events_listed"_s).toInteger(), 2);
        QCOMPARE(summary.value(u"fields"_s).toArray(), (QJsonArray {u"email"_s, u"status"_s}));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
        QVERIFY(html.contains(u"<h3><code>email</code></h3>"_s));
        QVERIFY(!html.contains(u"pbkdf2"_s));

        const CliRun markdown = cli({u"report"_s, m_sarah, u"--format"_s, u"md"_s, u"--json"_s});
        QCOMPARE(markdown.exitCode, 0);
        QVERIFY(markdown.json().value(u"output"_s).isNull());
        QVERIFY(markdown.json().value(u"report"_s).toString().startsWith(u"# Incident report"_s));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("code");
        QTest::newRow("no stream") << QStringList {u"report"_s} << 2 << u"MissingArgument"_s;
        QTest::newRow("unknown stream") << QStringList {u"report"_s, u"user-nobody"_s} << 6 << u"StreamNotFound"_s;
        QTest::newRow("beyond the head") << QStringList {u"report"_s, u"@SARAH@"_s, u"--to-revision"_s, u"9999"_s} << 6
                                         << u"RevisionNotFound"_s;
        QTest::newRow("backwards range") << QStringList {u"report"_s, u"@SARAH@"_s, u"--from-revision"_s, u"3"_s,
            u"--to-revision"_s, u"2"_s} << 2
                                         << u"InvalidArgument"_s;
        QTest::newRow("bad format") << QStringList {u"report"_s, u"@SARAH@"_s, u"--format"_s, u"pdf"_s} << 2
                                    << u"InvalidArgument"_s;
        QTest::newRow("unwritable output")
            << QStringList {u"report"_s, u"@SARAH@"_s, u"--output"_s, u"/nonexistent-folder/report.md"_s} << 2
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

QTEST_GUILESS_MAIN(TestCliReport)
#include "tst_cli_report.moc"
