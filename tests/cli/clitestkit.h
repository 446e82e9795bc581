// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgtestdatabases.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

#include <chrono>
#include <memory>
#include <optional>

namespace flashback::test {

/// What one run of flashback-cli produced.
struct CliRun {
    int exitCode = -1; ///< -2: did not finish in time; -3: crashed.
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonArray array(const QString& key) const { return json().value(key).toArray(); }
    QJsonArray events() const { return array(QStringLiteral("events")); }
};

QStringList sortedKeys(const QJsonObject& object);

/// Checks `condition` until it holds (true) or `timeout` has passed (false), leaving `interval` between checks
/// (with the event loop running) so that checks that each run flashback-cli leave the machine to what they watch.
template <typename Condition>
bool pollUntil(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(30),
    std::chrono::milliseconds interval = std::chrono::milliseconds(200))
{
    const QDeadlineTimer deadline(timeout);
    for (;;) {
        if (condition())
            return true;
        if (deadline.hasExpired())
            return false;
        QTest::qWait(int(interval.count()));
    }
}

/// The environment flashback-cli runs in: FLASHBACK_STORE set to `store` (removed when it is empty), a fixed
/// FLASHBACK_ACTOR (tester@example.com) and cheap password hashes (FLASHBACK_PASSWORD_ITERATIONS=1000).
QProcessEnvironment cliEnvironment(const QString& store);

/// Runs the flashback-cli executable with `input` on its stdin. Whatever the outcome, the run fails the current
/// test if its output shows the password that CliStores puts into every PostgreSQL address: passwords in store
/// addresses are never printed (docs/cli.md).
CliRun runCli(const QStringList& arguments, const QProcessEnvironment& environment, const QByteArray& input = {});

/// runCli() in two halves, for a test that acts while flashback-cli runs: startCli() starts it (with `input` on its
/// stdin) and returns at once; finishCli() waits for it to end (120 s at most) and makes the same checks.
std::unique_ptr<QProcess> startCli(
    const QStringList& arguments, const QProcessEnvironment& environment, const QByteArray& input = {});
CliRun finishCli(QProcess& process);

/// A failed run as docs/cli.md specifies it: the exit code, nothing on stdout, and on stderr either one line
/// "flashback-cli: <message> [<code>]" or (`json`) one error object with every key and the category that goes
/// with the exit code.
void verifyCliError(const CliRun& run, int exitCode, const QString& code, bool json);

/// The stores a CLI test gives flashback-cli: new SQLite files in a temporary folder, or new databases on the
/// PostgreSQL test server, as FLASHBACK_TEST_BACKEND says (sqlite when unset, so the executable also runs by hand).
class CliStores {
public:
    /// In every PostgreSQL address: the test server trusts local logins and ignores it, so it can only show up
    /// in the output if the CLI prints an address unmasked (runCli() checks).
    static QString password() { return QStringLiteral("s3cr3t-cli-pw"); }

    CliStores();

    QString backend() const { return m_backend; }
    bool isPostgres() const { return m_databases.has_value(); }
    bool isValid() const { return m_dir.isValid(); }

    /// The address of a new store that does not exist yet: the file `name` in the temporary folder (SQLite), or a
    /// new, empty database (PostgreSQL; `name` is not used).
    QString newAddress(const QString& name);
    /// The address of a store that does not exist: a file in the temporary folder, or a database that is not on
    /// the server.
    QString missingAddress() const;
    /// A file in the temporary folder, for the cases about SQLite files.
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString folder() const { return m_dir.path(); }
    /// How flashback-cli names the store at `address` (made by newAddress()) in what it prints: the absolute file
    /// path, or the PostgreSQL address with its password masked.
    QString shownAs(const QString& address) const;

    /// The first value `sql` selects, on a connection of its own (see StoreSession); invalid on failure (logged).
    static QVariant sqlValue(const QString& address, const QString& sql);
    /// Runs each statement on one connection of its own; false on the first failure (logged).
    static bool execSql(const QString& address, const QStringList& statements);
    /// SQL counting the tables called `table` in the store (its schema on PostgreSQL).
    QString tableCountSql(const QString& table) const;

private:
    QString m_backend;
    QTemporaryDir m_dir;
    std::optional<PgTestDatabases> m_databases;
};

} // namespace flashback::test
