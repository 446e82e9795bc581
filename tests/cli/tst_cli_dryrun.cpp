// SPDX-License-Identifier: GPL-3.0-or-later
// flashback-cli command --dry-run through the real executable, once per backend: what it prints (JSON and text),
// a refusal by the real command's code and exit code, and nothing written (docs/cli.md).
#include "clitestkit.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback::test;

class TestCliDryRun : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_stores.isValid()); }

    void aDryRunWritesNothing()
    {
        const QString file = m_stores.newAddress(u"dryrun.flashback"_s);
        QCOMPARE(cli({u"init"_s}, file).exitCode, 0);
        const QString ann = runForStream({u"CreateUser"_s, u"--set"_s, u"username=ann"_s, u"--set"_s,
                                             u"email=ann@example.com"_s, u"--set"_s, u"password=longenough"_s},
            file);
        QVERIFY(!ann.isEmpty());
        QVERIFY(!runForStream({u"CreateUser"_s, u"--set"_s, u"username=ben"_s, u"--set"_s, u"email=ben@example.com"_s,
                                  u"--set"_s, u"password=longenough"_s},
            file)
                     .isEmpty());
        const auto everything = [&]() -> QByteArray {
            return cli({u"info"_s, u"--json"_s}, file).out + cli({u"log"_s, u"--json"_s}, file).out
                + cli({u"outbox"_s, u"--json"_s}, file).out;
        };
        const QByteArray before = everything();

        const CliRun run
            = cli({u"command"_s, u"ChangeEmail"_s, u"--stream"_s, ann, u"--set"_s, u"email=ann.b@example.com"_s,
                      u"--reason"_s, u"ticket 12"_s, u"--dry-run"_s, u"--json"_s},
                file);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = run.json();
        QCOMPARE(json.value(u"dry_run"_s), QJsonValue(true));
        QCOMPARE(json.value(u"revision_before"_s).toInteger(), 1);
        QCOMPARE(json.value(u"revision_after"_s).toInteger(), 2);
        const QJsonObject event = run.events().at(0).toObject();
        QCOMPARE(event.value(u"type"_s).toString(), u"USER_EMAIL_CHANGED"_s);
        QVERIFY(event.value(u"position"_s).isNull());
        QCOMPARE(event.value(u"metadata"_s).toObject().value(u"reason"_s).toString(), u"ticket 12"_s);
        QCOMPARE(json.value(u"state_after"_s).toObject().value(u"email"_s).toString(), u"ann.b@example.com"_s);
        QCOMPARE(json.value(u"state_after"_s).toObject().value(u"password_hash"_s).toString(),
            u"\u2022\u2022\u2022\u2022\u2022\u2022"_s);
        const QJsonArray changes = json.value(u"changes"_s).toArray();
        QVERIFY(std::any_of(changes.begin(), changes.end(),
            [](const QJsonValue& c) { return c.toObject().value(u"path"_s).toString() == u"email"_s; }));
        QVERIFY(!json.value(u"reservations"_s).toArray().isEmpty());
        QCOMPARE(everything(), before);

        // Text, and a refusal by its code with the real command's exit code; still nothing written.
        const CliRun text = cli({u"command"_s, u"ChangeEmail"_s, u"--stream"_s, ann, u"--set"_s,
                                    u"email=ann.b@example.com"_s, u"--dry-run"_s},
            file);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.outText().startsWith(u"Dry run: nothing was written."_s), text.out.constData());
        QVERIFY2(text.outText().contains(u"USER_EMAIL_CHANGED"_s), text.out.constData());
        verifyError(cli({u"command"_s, u"ChangeEmail"_s, u"--stream"_s, ann, u"--set"_s, u"email=ben@example.com"_s,
                            u"--dry-run"_s, u"--json"_s},
                        file),
            4, u"EmailTaken"_s, true);
        QCOMPARE(everything(), before);
    }

private:
    CliRun cli(const QStringList& arguments, const QString& store) const
    {
        return runCli(arguments, cliEnvironment(store));
    }
    /// Runs a command with --json and returns the stream it wrote to (empty on failure).
    QString runForStream(const QStringList& arguments, const QString& store) const
    {
        const CliRun run = cli(QStringList {u"command"_s} + arguments + QStringList {u"--json"_s}, store);
        return run.exitCode == 0 ? run.json().value(u"stream_id"_s).toString() : QString();
    }
    static void verifyError(const CliRun& run, int exitCode, const QString& code, bool json)
    {
        verifyCliError(run, exitCode, code, json);
    }

    CliStores m_stores;
};

QTEST_GUILESS_MAIN(TestCliDryRun)
#include "tst_cli_dryrun.moc"
