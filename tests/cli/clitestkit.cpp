// SPDX-License-Identifier: GPL-3.0-or-later
#include "clitestkit.h"
#include "storesession.h"

#include <QFileInfo>
#include <QJsonParseError>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace flashback::test {

QStringList sortedKeys(const QJsonObject& object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

QProcessEnvironment cliEnvironment(const QString& store)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"FLASHBACK_STORE"_s);
    environment.insert(u"FLASHBACK_ACTOR"_s, u"tester@example.com"_s);
    environment.insert(u"FLASHBACK_PASSWORD_ITERATIONS"_s, u"1000"_s);
    if (!store.isEmpty())
        environment.insert(u"FLASHBACK_STORE"_s, store);
    return environment;
}

CliRun runCli(const QStringList& arguments, const QProcessEnvironment& environment, const QByteArray& input)
{
    return finishCli(*startCli(arguments, environment, input));
}

std::unique_ptr<QProcess> startCli(
    const QStringList& arguments, const QProcessEnvironment& environment, const QByteArray& input)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(environment);
    process->start(QStringLiteral(FLASHBACK_CLI), arguments);
    if (process->waitForStarted(30000)) {
        if (!input.isEmpty())
            process->write(input);
        process->closeWriteChannel();
    }
    return process;
}

CliRun finishCli(QProcess& process)
{
    CliRun run;
    if (process.state() == QProcess::NotRunning && process.error() == QProcess::FailedToStart)
        return run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        run.exitCode = -2;
    } else {
        run.exitCode = process.exitStatus() == QProcess::CrashExit ? -3 : process.exitCode();
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    const QByteArray password = CliStores::password().toUtf8();
    if (run.out.contains(password) || run.err.contains(password)) {
        const QByteArray message = "flashback-cli " + process.arguments().join(u' ').toUtf8()
            + " printed the store's password:\n" + run.out + run.err;
        QTest::qFail(message.constData(), __FILE__, __LINE__);
    }
    return run;
}

void verifyCliError(const CliRun& run, int exitCode, const QString& code, bool json)
{
    QVERIFY2(run.exitCode == exitCode,
        qPrintable(u"exit %1, expected %2; stderr: %3"_s.arg(run.exitCode).arg(exitCode).arg(run.errText())));
    QVERIFY2(run.out.isEmpty(), run.out.constData());
    if (json) {
        QJsonParseError parseError {};
        const QJsonObject error = QJsonDocument::fromJson(run.err, &parseError).object().value(u"error"_s).toObject();
        QVERIFY2(parseError.error == QJsonParseError::NoError, run.err.constData());
        QCOMPARE(sortedKeys(error),
            (QStringList {u"category"_s, u"code"_s, u"context"_s, u"detail"_s, u"kind"_s, u"message"_s}));
        QCOMPARE(error.value(u"code"_s).toString(), code);
        QVERIFY(!error.value(u"message"_s).toString().isEmpty());
        static const QStringList categories {
            u"internal"_s, u"usage"_s, u"store"_s, u"domain_rule"_s, u"conflict"_s, u"not_found"_s};
        QCOMPARE(error.value(u"category"_s).toString(), categories.value(exitCode - 1));
        return;
    }
    // Exactly one plain line: "flashback-cli: <message> [<code>]".
    const QString text = run.errText();
    QVERIFY2(text.count(u'\n') == 1 && text.endsWith(u'\n'), qPrintable(text));
    QVERIFY2(text.startsWith(u"flashback-cli: "_s), qPrintable(text));
    QVERIFY2(text.trimmed().endsWith(u" ["_s + code + u']'), qPrintable(text));
}

CliStores::CliStores()
    : m_backend(qEnvironmentVariable("FLASHBACK_TEST_BACKEND", u"sqlite"_s))
{
    if (m_backend == u"postgres"_s)
        m_databases.emplace();
    else if (m_backend != u"sqlite"_s)
        qFatal("FLASHBACK_TEST_BACKEND=%s: the CLI tests run on sqlite or postgres", qPrintable(m_backend));
}

QString CliStores::newAddress(const QString& name)
{
    if (!m_databases)
        return path(name);
    return PgTestDatabases::withOption(m_databases->create(), u"password"_s, password());
}

QString CliStores::missingAddress() const
{
    if (!m_databases)
        return path(u"missing.flashback"_s);
    const QString missing = PgTestDatabases::withOption(m_databases->adminConninfo(), u"dbname"_s, u"fbtest_missing"_s);
    return PgTestDatabases::withOption(missing, u"password"_s, password());
}

QString CliStores::shownAs(const QString& address) const
{
    if (!m_databases)
        return QFileInfo(address).absoluteFilePath();
    QString shown = address;
    // withOption() writes every value quoted.
    return shown.replace(u"password='"_s + password() + u'\'', u"password=***"_s);
}

QVariant CliStores::sqlValue(const QString& address, const QString& sql)
{
    return StoreSession::queryValue(address, sql);
}

bool CliStores::execSql(const QString& address, const QStringList& statements)
{
    StoreSession session(address);
    for (const QString& sql : statements) {
        if (!session.exec(sql)) {
            qWarning().noquote() << sql << u"failed:"_s << session.lastError();
            return false;
        }
    }
    return true;
}

QString CliStores::tableCountSql(const QString& table) const
{
    if (m_databases)
        return u"SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = '%1'"_s.arg(table);
    return u"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%1'"_s.arg(table);
}

} // namespace flashback::test
