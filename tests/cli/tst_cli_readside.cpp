// SPDX-License-Identifier: GPL-3.0-or-later
// The read side of flashback-cli (state, diff, history, snapshots, project, lag, outbox, users, rebuild), run
// through the real executable on a real demo store: the incident stories end to end, the JSON shapes scripts
// rely on, and the exit codes of its errors (docs/cli.md). Runs once per backend (FLASHBACK_TEST_BACKEND=sqlite|
// postgres): every store it makes is a new SQLite file or a new PostgreSQL database.

#include "clitestkit.h"

#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback::test;

namespace {

using Run = CliRun;

const QString Masked = u"\u2022\u2022\u2022\u2022\u2022\u2022"_s;

} // namespace

class TestCliReadSide : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void whoDeletedMyUser();
    void stateAtInstantAndRevision();
    void stateFromSnapshotAndMasking();
    void diff();
    void snapshotsVerify();
    void snapshotTakenNow();
    void projectOnceThenLag();
    void usersSearch();
    void outboxDelivered();
    void rebuildAuditLog();
    void emptyUsersReadModelAndOutboxActions();
    void followStopsOnSignal();
    void pauseAndResume();
    void errors_data();
    void errors();
    void jsonShapes();
    void help();

private:
    Run cli(const QStringList& arguments, const QString& store = {}) const;
    QString freshStoreWithOneUser(const QString& name, const QString& username);
    static void verifyError(const Run& run, int exitCode, const QString& code, bool json)
    {
        verifyCliError(run, exitCode, code, json);
    }

    CliStores m_stores;
    QString m_demo; ///< demo --users 20: Sarah's deletion, the 10,002-event stream, read models one event behind.
    QJsonObject m_summary;
    QString m_sarah;
    QString m_long;
    QString m_renamed;
};

Run TestCliReadSide::cli(const QStringList& arguments, const QString& store) const
{
    return runCli(arguments, cliEnvironment(store.isEmpty() ? m_demo : store));
}

QString TestCliReadSide::freshStoreWithOneUser(const QString& name, const QString& username)
{
    const QString file = m_stores.newAddress(name);
    if (cli({u"init"_s}, file).exitCode != 0)
        return {};
    const Run created = cli({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username="_s + username, u"--set"_s,
                                u"email="_s + username + u"@example.com"_s, u"--set"_s, u"password=longenough"_s},
        file);
    return created.exitCode == 0 ? file : QString();
}

void TestCliReadSide::initTestCase()
{
    QVERIFY(m_stores.isValid());
    m_demo = m_stores.newAddress(u"demo.flashback"_s);
    const Run demo = cli({u"demo"_s, u"--users"_s, u"20"_s, u"--json"_s}, m_demo);
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    m_summary = demo.json();
    m_sarah = m_summary.value(u"deleted_user_id"_s).toString();
    m_long = m_summary.value(u"long_stream_user_id"_s).toString();
    m_renamed = m_summary.value(u"renamed_user_id"_s).toString();
    QVERIFY(!m_sarah.isEmpty() && !m_long.isEmpty() && !m_renamed.isEmpty());
    QVERIFY(m_summary.value(u"long_stream_events"_s).toInteger() > 10000);
}

void TestCliReadSide::whoDeletedMyUser()
{
    const Run log = cli({u"log"_s, u"--type"_s, u"USER_DELETED"_s, u"--json"_s});
    QCOMPARE(log.exitCode, 0);
    qint64 deletionRevision = 0;
    for (const auto& event : log.array(u"events"_s)) {
        if (event.toObject().value(u"stream_id"_s).toString() == m_sarah)
            deletionRevision = event.toObject().value(u"revision"_s).toInteger();
    }
    QVERIFY(deletionRevision > 1);

    const Run text = cli({u"history"_s, m_sarah, u"status"_s});
    QCOMPARE(text.exitCode, 0);
    // At a glance: one line says who set status to deleted, when, and why.
    const QStringList lines = text.outText().split(u'\n');
    const auto deletion = std::find_if(lines.begin(), lines.end(),
        [](const QString& line) { return line.contains(u"\"active\" \u2192 \"deleted\""_s); });
    QVERIFY2(deletion != lines.end(), text.out.constData());
    QVERIFY(deletion->contains(u"admin@company.com"_s));
    QVERIFY(deletion->contains(u"USER_DELETED"_s));
    QVERIFY(deletion->contains(u"2025-03-17T15:47:23"_s));
    QVERIFY(deletion->contains(u"User requested account deletion"_s));

    const Run json = cli({u"history"_s, m_sarah, u"status"_s, u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray changes = json.array(u"changes"_s);
    QCOMPARE(changes.size(), 2); // created active, then deleted
    QVERIFY(changes.at(0).toObject().value(u"before"_s).isNull());
    const QJsonObject last = changes.last().toObject();
    QCOMPARE(last.value(u"revision"_s).toInteger(), deletionRevision);
    QCOMPARE(last.value(u"event_type"_s).toString(), u"USER_DELETED"_s);
    QCOMPARE(last.value(u"actor"_s).toString(), u"admin@company.com"_s);
    QCOMPARE(last.value(u"reason"_s).toString(), u"User requested account deletion"_s);
    QCOMPARE(last.value(u"before"_s).toString(), u"active"_s);
    QCOMPARE(last.value(u"after"_s).toString(), u"deleted"_s);

    const Run unknownField = cli({u"history"_s, m_sarah, u"nickname"_s});
    QCOMPARE(unknownField.exitCode, 0);
    QVERIFY2(unknownField.outText().contains(u"status"_s), "names the fields there are");
}

void TestCliReadSide::stateAtInstantAndRevision()
{
    const Run before = cli({u"state"_s, m_sarah, u"--at"_s, u"2025-03-17T15:47:00Z"_s, u"--json"_s});
    QCOMPARE(before.exitCode, 0);
    QCOMPARE(before.json().value(u"state"_s).toObject().value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(before.json().value(u"as_of"_s).toString(), u"2025-03-17T15:47:00.000000Z"_s);
    const Run after = cli({u"state"_s, m_sarah, u"--at"_s, u"2025-03-17T15:48:00Z"_s, u"--json"_s});
    QCOMPARE(after.exitCode, 0);
    const QJsonObject state = after.json().value(u"state"_s).toObject();
    QCOMPARE(state.value(u"status"_s).toString(), u"deleted"_s);
    QCOMPARE(state.value(u"deleted_by"_s).toString(), u"admin@company.com"_s);
    QCOMPARE(after.json().value(u"revision"_s), after.json().value(u"head_revision"_s));
    QCOMPARE(after.json().value(u"revision"_s).toInteger(), before.json().value(u"revision"_s).toInteger() + 1);

    const Run text = cli({u"state"_s, m_sarah, u"--at"_s, u"2025-03-17 15:47:00"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.outText().contains(QRegularExpression(u"status\\s+\"active\""_s)));

    const Run first = cli({u"state"_s, m_sarah, u"--at-revision"_s, u"1"_s, u"--json"_s});
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(first.json().value(u"revision"_s).toInteger(), 1);
    QCOMPARE(first.json().value(u"events_folded"_s).toInteger(), 1);
    QCOMPARE(first.json().value(u"from_snapshot"_s), QJsonValue(false));
    QVERIFY(first.json().value(u"snapshot_revision"_s).isNull());
    QCOMPARE(first.json().value(u"generic"_s), QJsonValue(false));
    QVERIFY(first.json().value(u"head_revision"_s).toInteger() > 50);
}

void TestCliReadSide::stateFromSnapshotAndMasking()
{
    const Run current = cli({u"state"_s, m_long, u"--json"_s});
    QCOMPARE(current.exitCode, 0);
    const QJsonObject json = current.json();
    QCOMPARE(json.value(u"from_snapshot"_s), QJsonValue(true));
    const qint64 head = json.value(u"head_revision"_s).toInteger();
    QCOMPARE(json.value(u"snapshot_revision"_s).toInteger(), head / 1000 * 1000);
    QCOMPARE(json.value(u"events_folded"_s).toInteger(), head % 1000);
    QCOMPARE(json.value(u"state"_s).toObject().value(u"password_hash"_s).toString(), Masked);

    const Run revealed = cli({u"state"_s, m_long, u"--reveal"_s, u"--json"_s});
    QVERIFY(revealed.json()
                .value(u"state"_s)
                .toObject()
                .value(u"password_hash"_s)
                .toString()
                .startsWith(u"pbkdf2_sha256$"_s));
    const Run text = cli({u"state"_s, m_long});
    QVERIFY(text.outText().contains(u"snapshot at revision %1"_s.arg(head / 1000 * 1000)));
    QVERIFY(!text.outText().contains(u"pbkdf2_sha256$"_s));
}

void TestCliReadSide::diff()
{
    const qint64 head = cli({u"state"_s, m_sarah, u"--json"_s}).json().value(u"head_revision"_s).toInteger();
    const Run json = cli({u"diff"_s, m_sarah, QString::number(head - 1), QString::number(head), u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.json().value(u"from_revision"_s).toInteger(), head - 1);
    bool statusChanged = false;
    for (const auto& value : json.array(u"changes"_s)) {
        const QJsonObject change = value.toObject();
        if (change.value(u"path"_s).toString() == u"status"_s) {
            statusChanged = true;
            QCOMPARE(change.value(u"kind"_s).toString(), u"changed"_s);
            QCOMPARE(change.value(u"before"_s).toString(), u"active"_s);
            QCOMPARE(change.value(u"after"_s).toString(), u"deleted"_s);
        }
    }
    QVERIFY(statusChanged);
    const Run text = cli({u"diff"_s, m_sarah, QString::number(head - 1), QString::number(head)});
    QVERIFY(text.outText().contains(QRegularExpression(u"changed\\s+status\\s+\"active\" \u2192 \"deleted\""_s)));
    QVERIFY(cli({u"diff"_s, m_sarah, u"3"_s, u"3"_s}).outText().contains(u"No differences."_s));

    // "The slow password change": the hash changed, and stays hidden on both sides.
    const Run password = cli({u"diff"_s, m_long, u"1"_s,
        QString::number(m_summary.value(u"long_stream_events"_s).toInteger()), u"--json"_s});
    QCOMPARE(password.exitCode, 0);
    bool hashChanged = false;
    for (const auto& value : password.array(u"changes"_s)) {
        const QJsonObject change = value.toObject();
        if (change.value(u"path"_s).toString() == u"password_hash"_s) {
            hashChanged = true;
            QCOMPARE(change.value(u"before"_s).toString(), Masked);
            QCOMPARE(change.value(u"after"_s).toString(), Masked);
        }
    }
    QVERIFY(hashChanged);
}

void TestCliReadSide::snapshotsVerify()
{
    const Run json = cli({u"snapshots"_s, m_long, u"--verify"_s, u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.json().value(u"all_match"_s), QJsonValue(true));
    const QJsonArray snapshots = json.array(u"snapshots"_s);
    QCOMPARE(snapshots.size(), int(m_summary.value(u"long_stream_events"_s).toInteger() / 1000));
    for (qsizetype i = 0; i < snapshots.size(); ++i) {
        const QJsonObject snapshot = snapshots.at(i).toObject();
        QCOMPARE(snapshot.value(u"revision"_s).toInteger(), (i + 1) * 1000);
        QCOMPARE(snapshot.value(u"check"_s).toString(), u"matches"_s);
        QVERIFY(snapshot.value(u"differences"_s).toArray().isEmpty());
    }
    const Run text = cli({u"snapshots"_s, m_long, u"--verify"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.outText().contains(u"All %1 usable snapshots match"_s.arg(snapshots.size())), text.out.constData());

    const Run list = cli({u"snapshots"_s, m_long, u"--json"_s});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.json().value(u"all_match"_s).isNull());
    QVERIFY(!list.array(u"snapshots"_s).at(0).toObject().contains(u"check"_s));
}

void TestCliReadSide::snapshotTakenNow()
{
    QVERIFY(cli({u"snapshots"_s, m_renamed}).outText().contains(u"No snapshots."_s));
    const Run taken = cli({u"snapshot"_s, m_renamed, u"--json"_s});
    QCOMPARE(taken.exitCode, 0);
    const qint64 head = cli({u"state"_s, m_renamed, u"--json"_s}).json().value(u"head_revision"_s).toInteger();
    QCOMPARE(taken.json().value(u"revision"_s).toInteger(), head);
    const Run verified = cli({u"snapshots"_s, m_renamed, u"--verify"_s, u"--json"_s});
    QCOMPARE(verified.array(u"snapshots"_s).size(), 1);
    QCOMPARE(verified.json().value(u"all_match"_s), QJsonValue(true));
    QCOMPARE(cli({u"state"_s, m_renamed, u"--json"_s}).json().value(u"events_folded"_s).toInteger(), 0);
}

void TestCliReadSide::projectOnceThenLag()
{
    const Run once = cli({u"project"_s, u"--once"_s, u"--json"_s});
    QVERIFY2(once.exitCode == 0, once.err.constData());
    QVERIFY2(once.err.isEmpty(), "no progress output when stderr is not a terminal");
    const qint64 head = cli({u"info"_s, u"--json"_s}).json().value(u"head_position"_s).toInteger();
    QStringList names;
    for (const auto& value : once.array(u"projections"_s)) {
        const QJsonObject report = value.toObject();
        names.append(report.value(u"name"_s).toString());
        QCOMPARE(report.value(u"outcome"_s).toString(), u"caught up"_s);
        QCOMPARE(report.value(u"position"_s).toInteger(), head);
    }
    QCOMPARE(names, (QStringList {u"users"_s, u"audit_log"_s, u"search_index"_s}));
    QVERIFY(once.json().value(u"outbox"_s).isObject());

    const Run lag = cli({u"lag"_s, u"--json"_s});
    QCOMPARE(lag.exitCode, 0);
    QCOMPARE(lag.array(u"projections"_s).size(), 3);
    for (const auto& value : lag.array(u"projections"_s)) {
        const QJsonObject projection = value.toObject();
        QCOMPARE(projection.value(u"state"_s).toString(), u"caught up"_s);
        QCOMPARE(projection.value(u"lag_events"_s).toInteger(), 0);
        QCOMPARE(projection.value(u"checkpoint_position"_s).toInteger(), head);
        QVERIFY(projection.value(u"last_error"_s).isNull());
    }
    QCOMPARE(lag.json().value(u"outbox"_s).toObject().value(u"pending"_s).toInteger(), 0);
    const Run text = cli({u"lag"_s});
    QCOMPARE(text.outText().count(u"caught up"_s), 3);
    QVERIFY(text.outText().contains(u"Outbox: 0 pending"_s));
}

void TestCliReadSide::usersSearch()
{
    const Run json = cli({u"users"_s, u"--search"_s, u"sarah"_s, u"--json"_s});
    QCOMPARE(json.exitCode, 0);
    QCOMPARE(json.json().value(u"read_model_position"_s), json.json().value(u"head_position"_s));
    bool found = false;
    for (const auto& value : json.array(u"users"_s)) {
        const QJsonObject user = value.toObject();
        if (user.value(u"user_id"_s).toString() == m_sarah) {
            found = true;
            QCOMPARE(user.value(u"first_name"_s).toString(), u"Sarah"_s);
            QVERIFY(user.value(u"last_name"_s).toString().startsWith(u"Connor"_s));
            QCOMPARE(user.value(u"status"_s).toString(), u"deleted"_s);
        }
    }
    QVERIFY(found);
    const Run text = cli({u"users"_s, u"--search"_s, u"connor"_s, u"--status"_s, u"deleted"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.outText().contains(QRegularExpression(u"sarah\\.connor\\s+Sarah Connor.*deleted"_s)));

    // Keyset pages walk every user once.
    const int all = int(cli({u"users"_s, u"--limit"_s, u"1000"_s, u"--json"_s}).array(u"users"_s).size());
    QStringList walked;
    QString cursor;
    do {
        QStringList arguments {u"users"_s, u"--limit"_s, u"7"_s, u"--json"_s};
        if (!cursor.isEmpty())
            arguments += QStringList {u"--cursor"_s, cursor};
        const Run page = cli(arguments);
        QCOMPARE(page.exitCode, 0);
        for (const auto& user : page.array(u"users"_s))
            walked.append(user.toObject().value(u"user_id"_s).toString());
        cursor = page.json().value(u"next_cursor"_s).toString();
    } while (!cursor.isEmpty() && walked.size() <= all);
    QCOMPARE(walked.size(), all);
    QCOMPARE(QSet<QString>(walked.begin(), walked.end()).size(), all);
}

void TestCliReadSide::outboxDelivered()
{
    const Run completed = cli({u"outbox"_s, u"--status"_s, u"completed"_s, u"--limit"_s, u"1000"_s, u"--json"_s});
    QCOMPARE(completed.exitCode, 0);
    const QJsonArray rows = completed.array(u"rows"_s);
    QVERIFY(rows.size() >= m_summary.value(u"users"_s).toInt());
    for (const auto& value : rows) {
        QCOMPARE(value.toObject().value(u"topic"_s).toString(), u"welcome_email"_s);
        QCOMPARE(value.toObject().value(u"status"_s).toString(), u"completed"_s);
        QVERIFY(value.toObject().value(u"attempts"_s).toInt() >= 1);
    }
    const QString id = QString::number(rows.at(0).toObject().value(u"id"_s).toInteger());
    verifyError(cli({u"outbox"_s, u"retry"_s, id}), 2, u"OutboxRowNotRetryable"_s, false);
    verifyError(cli({u"outbox"_s, u"retry"_s, id, u"--json"_s}), 2, u"OutboxRowNotRetryable"_s, true);
    verifyError(cli({u"outbox"_s, u"discard"_s, id}), 2, u"OutboxRowNotDiscardable"_s, false);
    verifyError(cli({u"outbox"_s, u"retry"_s, u"999999"_s}), 6, u"OutboxRowNotFound"_s, false);
    verifyError(cli({u"outbox"_s, u"discard"_s, u"999999"_s, u"--json"_s}), 6, u"OutboxRowNotFound"_s, true);
    QCOMPARE(cli({u"outbox"_s, u"--status"_s, u"completed"_s, u"--json"_s}).array(u"rows"_s).at(0), rows.at(0));

    QStringList walked;
    QString cursor;
    do {
        QStringList arguments {u"outbox"_s, u"--limit"_s, u"10"_s, u"--json"_s};
        if (!cursor.isEmpty())
            arguments += QStringList {u"--cursor"_s, cursor};
        const Run page = cli(arguments);
        for (const auto& row : page.array(u"rows"_s))
            walked.append(QString::number(row.toObject().value(u"id"_s).toInteger()));
        cursor = page.json().value(u"next_cursor"_s).toString();
    } while (!cursor.isEmpty() && walked.size() <= rows.size());
    QCOMPARE(walked.size(), rows.size());
}

void TestCliReadSide::rebuildAuditLog()
{
    const qint64 events = cli({u"info"_s, u"--json"_s}).json().value(u"event_count"_s).toInteger();
    const Run rebuilt = cli({u"rebuild"_s, u"audit_log"_s, u"--json"_s});
    QVERIFY2(rebuilt.exitCode == 0, rebuilt.err.constData());
    const QJsonObject report = rebuilt.json();
    const qint64 generation = report.value(u"generation"_s).toInteger();
    QVERIFY(generation >= 2);
    QCOMPARE(report.value(u"events_handled"_s).toInteger(), events);
    QCOMPARE(report.value(u"position"_s).toInteger(), events); // positions have no gaps on either backend

    // Still complete: one row per event in the generation readers now see, and the old one is gone.
    const QString table = u"rm_audit_log__entries__g%1"_s.arg(generation);
    QCOMPARE(CliStores::sqlValue(m_demo, u"SELECT count(*) FROM "_s + table).toLongLong(), events);
    QCOMPARE(CliStores::sqlValue(m_demo, u"SELECT max(position) FROM "_s + table).toLongLong(), events);
    QCOMPARE(CliStores::sqlValue(m_demo, m_stores.tableCountSql(table)).toInt(), 1);
    QCOMPARE(CliStores::sqlValue(m_demo, m_stores.tableCountSql(u"rm_audit_log__entries__g%1"_s.arg(generation - 1)))
                 .toInt(),
        0);
    const Run lag = cli({u"lag"_s, u"--json"_s});
    for (const auto& value : lag.array(u"projections"_s))
        QCOMPARE(value.toObject().value(u"state"_s).toString(), u"caught up"_s);

    const Run text = cli({u"rebuild"_s, u"audit_log"_s});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.outText().contains(u"Generation %1 swapped in"_s.arg(generation + 1)), text.out.constData());
}

void TestCliReadSide::emptyUsersReadModelAndOutboxActions()
{
    const QString file = freshStoreWithOneUser(u"fresh.flashback"_s, u"kyle"_s);
    QVERIFY(!file.isEmpty());
    const Run empty = cli({u"users"_s}, file);
    QCOMPARE(empty.exitCode, 0);
    QCOMPARE(empty.outText(), u"The users read model is empty; run flashback-cli project first.\n"_s);
    QCOMPARE(cli({u"users"_s, u"--json"_s}, file).json().value(u"read_model_position"_s).toInteger(), 0);
    QCOMPARE(cli({u"outbox"_s, u"--status"_s, u"pending"_s, u"--json"_s}, file).array(u"rows"_s).size(), 1);

    const Run once = cli({u"project"_s, u"--no-outbox"_s, u"--projection"_s, u"users"_s, u"--json"_s}, file);
    QCOMPARE(once.exitCode, 0);
    QCOMPARE(once.array(u"projections"_s).size(), 1);
    QVERIFY(once.json().value(u"outbox"_s).isNull());
    QVERIFY(cli({u"users"_s}, file).outText().contains(u"kyle"_s));
    QCOMPARE(cli({u"outbox"_s, u"--status"_s, u"pending"_s, u"--json"_s}, file).array(u"rows"_s).size(), 1);

    // A row parked as failed (as the dispatcher leaves it after its last attempt) can be retried or discarded.
    QVERIFY(CliStores::sqlValue(file, u"UPDATE outbox SET status = 'failed', last_error = 'smtp down' RETURNING id"_s)
                .isValid());
    QVERIFY(cli({u"outbox"_s}, file).outText().contains(u"smtp down"_s));
    const Run retried = cli({u"outbox"_s, u"retry"_s, u"1"_s, u"--json"_s}, file);
    QCOMPARE(retried.exitCode, 0);
    QCOMPARE(retried.json().value(u"previous_status"_s).toString(), u"failed"_s);
    QCOMPARE(retried.json().value(u"row"_s).toObject().value(u"status"_s).toString(), u"pending"_s);
    verifyError(cli({u"outbox"_s, u"discard"_s, u"1"_s}, file), 2, u"OutboxRowNotDiscardable"_s, false);
    QVERIFY(CliStores::sqlValue(file, u"UPDATE outbox SET status = 'failed' RETURNING id"_s).isValid());
    const Run discarded = cli({u"outbox"_s, u"discard"_s, u"1"_s}, file);
    QCOMPARE(discarded.exitCode, 0);
    QVERIFY(discarded.outText().contains(u"discarded"_s));
    QCOMPARE(cli({u"outbox"_s, u"--status"_s, u"discarded"_s, u"--json"_s}, file).array(u"rows"_s).size(), 1);
    QCOMPARE(cli({u"outbox"_s, u"retry"_s, u"1"_s}, file).exitCode, 0); // discarded rows can come back too

    const Run delivered = cli({u"project"_s, u"--json"_s}, file);
    QCOMPARE(delivered.json().value(u"outbox"_s).toObject().value(u"delivered"_s).toInt(), 1);
    QCOMPARE(cli({u"outbox"_s, u"--status"_s, u"completed"_s, u"--json"_s}, file).array(u"rows"_s).size(), 1);
}

void TestCliReadSide::followStopsOnSignal()
{
    const QString file = freshStoreWithOneUser(u"follow.flashback"_s, u"sarah"_s);
    QVERIFY(!file.isEmpty());
    QProcess follower;
    follower.setProcessEnvironment(cliEnvironment(file));
    follower.start(QStringLiteral(FLASHBACK_CLI), {u"project"_s, u"--follow"_s, u"--json"_s});
    QVERIFY(follower.waitForStarted(30000));
    auto stopFollower = qScopeGuard([&follower] {
        follower.kill();
        follower.waitForFinished(30000);
    });

    // Events and mails written by other processes while it follows are taken in. (Whether it has opened the store
    // yet does not matter: it starts from the checkpoints.)
    QCOMPARE(cli({u"command"_s, u"CreateUser"_s, u"--set"_s, u"username=john"_s, u"--set"_s,
                     u"email=john@example.com"_s, u"--set"_s, u"password=longenough"_s},
                 file)
                 .exitCode,
        0);
    const qint64 head = cli({u"info"_s, u"--json"_s}, file).json().value(u"head_position"_s).toInteger();
    const bool caughtUp = pollUntil([&] {
        const QJsonObject lag = cli({u"lag"_s, u"--json"_s}, file).json();
        bool done = lag.value(u"outbox"_s).toObject().value(u"completed"_s).toInt() == 2;
        for (const auto& value : lag.value(u"projections"_s).toArray())
            done = done && value.toObject().value(u"checkpoint_position"_s).toInteger() == head;
        return done;
    });
    QVERIFY2(caughtUp, "project --follow did not take in another process's commits");

    // A rebuild asked for while it follows: the follower holds the lease, so the request is left pending
    // (RebuildPending, exit 5), and the follower carries it out and says so in its summary.
    verifyError(cli({u"rebuild"_s, u"audit_log"_s, u"--json"_s}, file), 5, u"RebuildPending"_s, true);
    const bool rebuilt = pollUntil([&] {
        for (const auto& value : cli({u"lag"_s, u"--json"_s}, file).array(u"projections"_s)) {
            const QJsonObject projection = value.toObject();
            if (projection.value(u"name"_s).toString() == u"audit_log"_s)
                return projection.value(u"rebuild_position"_s).isNull();
        }
        return false;
    });
    QVERIFY2(rebuilt, "the follower did not finish the pending rebuild");

    stopFollower.dismiss();
    follower.terminate(); // SIGTERM
    QVERIFY(follower.waitForFinished(30000));
    QCOMPARE(follower.exitStatus(), QProcess::NormalExit);
    QCOMPARE(follower.exitCode(), 0);
    const QJsonObject summary = QJsonDocument::fromJson(follower.readAllStandardOutput()).object();
    QCOMPARE(summary.value(u"mode"_s).toString(), u"follow"_s);
    QCOMPARE(summary.value(u"stopped_by_signal"_s), QJsonValue(true));
    QCOMPARE(summary.value(u"outbox"_s).toObject().value(u"delivered"_s).toInt(), 2);
    for (const auto& value : summary.value(u"projections"_s).toArray()) {
        const QJsonObject projection = value.toObject();
        QCOMPARE(projection.value(u"outcome"_s).toString(), u"stopped"_s);
        QCOMPARE(projection.value(u"position"_s).toInteger(), head);
        QCOMPARE(
            projection.value(u"rebuild_finished"_s).toBool(), projection.value(u"name"_s).toString() == u"audit_log"_s);
    }
    // Leases were released on the way out, so the next runner starts at once.
    for (const auto& value : cli({u"lag"_s, u"--json"_s}, file).array(u"projections"_s))
        QVERIFY(value.toObject().value(u"lease_holder"_s).isNull());
}

void TestCliReadSide::pauseAndResume()
{
    const QString store = freshStoreWithOneUser(u"paused.flashback"_s, u"pauline"_s);
    QVERIFY(!store.isEmpty());
    const Run paused = cli({u"pause"_s, u"users"_s, u"--json"_s}, store);
    QVERIFY2(paused.exitCode == 0, paused.err.constData());
    QCOMPARE(paused.array(u"projections"_s).first().toObject().value(u"paused"_s).toBool(), true);
    QVERIFY(cli({u"project"_s, u"--once"_s}, store).exitCode == 0);
    const auto stateOf = [&](const QString& name) {
        for (const auto& value : cli({u"lag"_s, u"--json"_s}, store).array(u"projections"_s)) {
            if (value.toObject().value(u"name"_s).toString() == name)
                return value.toObject();
        }
        return QJsonObject();
    };
    QCOMPARE(stateOf(u"users"_s).value(u"state"_s).toString(), u"paused"_s);
    QCOMPARE(stateOf(u"users"_s).value(u"checkpoint_position"_s).toInteger(), 0);
    QCOMPARE(stateOf(u"audit_log"_s).value(u"state"_s).toString(), u"caught up"_s);

    const Run resumed = cli({u"resume"_s, u"users"_s}, store);
    QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
    QVERIFY(resumed.outText().contains(u"Resumed users"_s));
    QVERIFY(cli({u"project"_s, u"--once"_s}, store).exitCode == 0);
    QCOMPARE(stateOf(u"users"_s).value(u"state"_s).toString(), u"caught up"_s);

    verifyError(cli({u"pause"_s}, store), 2, u"MissingArgument"_s, false);
    verifyError(cli({u"resume"_s, u"nope"_s}, store), 2, u"UnknownProjection"_s, false);
}

void TestCliReadSide::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("code");

    const QString sarah = u"@SARAH@"_s;
    const QString missing = u"00000000-0000-4000-8000-000000000001"_s;
    QTest::newRow("state of a missing stream") << QStringList {u"state"_s, missing} << 6 << u"StreamNotFound"_s;
    QTest::newRow("bad --at") << QStringList {u"state"_s, sarah, u"--at"_s, u"teatime"_s} << 2 << u"InvalidTime"_s;
    QTest::newRow("--at-revision 0") << QStringList {u"state"_s, sarah, u"--at-revision"_s, u"0"_s} << 2
                                     << u"InvalidArgument"_s;
    QTest::newRow("revision beyond head")
        << QStringList {u"state"_s, sarah, u"--at-revision"_s, u"100000"_s} << 6 << u"RevisionNotFound"_s;
    QTest::newRow("before the stream existed")
        << QStringList {u"state"_s, sarah, u"--at"_s, u"2020-01-01"_s} << 6 << u"NotYetCreated"_s;
    QTest::newRow("--at and --at-revision") << QStringList {u"state"_s, sarah, u"--at"_s, u"2025-03-17"_s,
        u"--at-revision"_s, u"2"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("diff with a bad revision")
        << QStringList {u"diff"_s, sarah, u"one"_s, u"2"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("diff beyond head") << QStringList {u"diff"_s, sarah, u"1"_s, u"100000"_s} << 6
                                      << u"RevisionNotFound"_s;
    QTest::newRow("history without a field") << QStringList {u"history"_s, sarah} << 2 << u"MissingArgument"_s;
    QTest::newRow("history of a missing stream")
        << QStringList {u"history"_s, missing, u"status"_s} << 6 << u"StreamNotFound"_s;
    QTest::newRow("snapshot of a missing stream") << QStringList {u"snapshot"_s, missing} << 6 << u"StreamNotFound"_s;
    QTest::newRow("snapshot read-only") << QStringList {u"snapshot"_s, sarah, u"--read-only"_s} << 3
                                        << u"StoreReadOnly"_s;
    QTest::newRow("unknown projection") << QStringList {u"project"_s, u"--projection"_s, u"users,orders"_s} << 2
                                        << u"UnknownProjection"_s;
    QTest::newRow("--once and --follow") << QStringList {u"project"_s, u"--once"_s, u"--follow"_s} << 2
                                         << u"InvalidArgument"_s;
    QTest::newRow("bad --batch-size") << QStringList {u"project"_s, u"--batch-size"_s, u"0"_s} << 2
                                      << u"InvalidArgument"_s;
    QTest::newRow("rebuild unknown") << QStringList {u"rebuild"_s, u"orders"_s} << 2 << u"UnknownProjection"_s;
    QTest::newRow("outbox bad status") << QStringList {u"outbox"_s, u"--status"_s, u"lost"_s} << 2
                                       << u"InvalidArgument"_s;
    QTest::newRow("outbox bad action") << QStringList {u"outbox"_s, u"resend"_s, u"1"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("outbox retry without id") << QStringList {u"outbox"_s, u"retry"_s} << 2 << u"MissingArgument"_s;
    QTest::newRow("outbox bad id") << QStringList {u"outbox"_s, u"retry"_s, u"first"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("outbox bad cursor") << QStringList {u"outbox"_s, u"--cursor"_s, u"x"_s} << 2 << u"InvalidCursor"_s;
    QTest::newRow("users bad status") << QStringList {u"users"_s, u"--status"_s, u"banned"_s} << 2
                                      << u"InvalidArgument"_s;
    QTest::newRow("users bad cursor") << QStringList {u"users"_s, u"--cursor"_s, u"!!"_s} << 2 << u"InvalidCursor"_s;
    QTest::newRow("users bad limit") << QStringList {u"users"_s, u"--limit"_s, u"5000"_s} << 2 << u"InvalidArgument"_s;
    QTest::newRow("lag takes no argument") << QStringList {u"lag"_s, u"users"_s} << 2 << u"UnexpectedArgument"_s;
}

void TestCliReadSide::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, code);
    arguments.replaceInStrings(u"@SARAH@"_s, m_sarah);
    verifyError(cli(arguments), exitCode, code, false);
    if (QTest::currentTestFailed())
        return;
    verifyError(cli(arguments + QStringList {u"--json"_s}), exitCode, code, true);
}

void TestCliReadSide::jsonShapes()
{
    const auto keys = [this](const QStringList& arguments) { return sortedKeys(cli(arguments).json()); };
    QCOMPARE(keys({u"state"_s, m_sarah, u"--json"_s}),
        (QStringList {u"aggregate_type"_s, u"as_of"_s, u"events_folded"_s, u"from_snapshot"_s, u"generic"_s,
            u"head_revision"_s, u"occurred_at"_s, u"revision"_s, u"snapshot_revision"_s, u"state"_s, u"stream_id"_s}));
    const Run diff = cli({u"diff"_s, m_sarah, u"1"_s, u"2"_s, u"--json"_s});
    QCOMPARE(
        sortedKeys(diff.json()), (QStringList {u"changes"_s, u"from_revision"_s, u"stream_id"_s, u"to_revision"_s}));
    QCOMPARE(sortedKeys(diff.array(u"changes"_s).at(0).toObject()),
        (QStringList {u"after"_s, u"before"_s, u"kind"_s, u"path"_s}));
    const Run history = cli({u"history"_s, m_sarah, u"email"_s, u"--json"_s});
    QCOMPARE(sortedKeys(history.json()), (QStringList {u"changes"_s, u"field"_s, u"stream_id"_s}));
    QCOMPARE(sortedKeys(history.array(u"changes"_s).at(0).toObject()),
        (QStringList {u"actor"_s, u"after"_s, u"before"_s, u"event_type"_s, u"occurred_at"_s, u"position"_s,
            u"reason"_s, u"revision"_s}));
    const Run snapshots = cli({u"snapshots"_s, m_long, u"--verify"_s, u"--json"_s});
    QCOMPARE(sortedKeys(snapshots.json()),
        (QStringList {
            u"aggregate_type"_s, u"all_match"_s, u"head_revision"_s, u"snapshots"_s, u"stream_id"_s, u"verified"_s}));
    QCOMPARE(sortedKeys(snapshots.array(u"snapshots"_s).at(0).toObject()),
        (QStringList {
            u"check"_s, u"differences"_s, u"revision"_s, u"schema_version"_s, u"size_bytes"_s, u"taken_at"_s}));
    QCOMPARE(keys({u"snapshot"_s, m_sarah, u"--json"_s}),
        (QStringList {
            u"aggregate_type"_s, u"revision"_s, u"schema_version"_s, u"size_bytes"_s, u"stream_id"_s, u"taken_at"_s}));

    const Run project = cli({u"project"_s, u"--json"_s});
    QCOMPARE(sortedKeys(project.json()),
        (QStringList {u"mode"_s, u"outbox"_s, u"projections"_s, u"stopped_by_signal"_s, u"worker_id"_s}));
    QCOMPARE(sortedKeys(project.array(u"projections"_s).at(0).toObject()),
        (QStringList {u"batches"_s, u"error"_s, u"events_handled"_s, u"events_scanned"_s, u"failed_position"_s,
            u"name"_s, u"outcome"_s, u"position"_s, u"rebuild_finished"_s, u"retries"_s}));
    QCOMPARE(sortedKeys(project.json().value(u"outbox"_s).toObject()),
        (QStringList {u"claimed"_s, u"delivered"_s, u"lost_lease"_s, u"parked"_s, u"retried"_s}));
    const Run lag = cli({u"lag"_s, u"--json"_s});
    QCOMPARE(sortedKeys(lag.json()), (QStringList {u"head_position"_s, u"outbox"_s, u"projections"_s}));
    QCOMPARE(sortedKeys(lag.array(u"projections"_s).at(0).toObject()),
        (QStringList {u"checkpoint_position"_s, u"events_processed"_s, u"failed_position"_s, u"head_position"_s,
            u"lag_events"_s, u"lag_seconds"_s, u"last_error"_s, u"lease_holder"_s, u"lease_since"_s, u"lease_until"_s,
            u"moved_at"_s, u"name"_s, u"rebuild_position"_s, u"state"_s, u"throughput"_s}));
    QCOMPARE(sortedKeys(lag.json().value(u"outbox"_s).toObject()),
        (QStringList {u"completed"_s, u"discarded"_s, u"failed"_s, u"pending"_s, u"processing"_s}));
    const Run outbox = cli({u"outbox"_s, u"--limit"_s, u"1"_s, u"--json"_s});
    QCOMPARE(sortedKeys(outbox.json()), (QStringList {u"next_cursor"_s, u"rows"_s}));
    QCOMPARE(sortedKeys(outbox.array(u"rows"_s).at(0).toObject()),
        (QStringList {u"attempts"_s, u"claimed_by"_s, u"claimed_until"_s, u"created_at"_s, u"event_id"_s, u"id"_s,
            u"idempotency_key"_s, u"last_error"_s, u"next_attempt_at"_s, u"payload"_s, u"status"_s, u"stream_id"_s,
            u"topic"_s, u"updated_at"_s}));
    const Run users = cli({u"users"_s, u"--limit"_s, u"1"_s, u"--json"_s});
    QCOMPARE(sortedKeys(users.json()),
        (QStringList {u"head_position"_s, u"next_cursor"_s, u"read_model_position"_s, u"users"_s}));
    QVERIFY(users.array(u"users"_s).at(0).toObject().contains(u"deleted_by"_s));
    QCOMPARE(keys({u"rebuild"_s, u"users"_s, u"--json"_s}),
        (QStringList {
            u"batches"_s, u"events_handled"_s, u"events_scanned"_s, u"generation"_s, u"position"_s, u"projection"_s}));
}

void TestCliReadSide::help()
{
    const Run help = cli({u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    const QStringList subcommands {u"state"_s, u"diff"_s, u"history"_s, u"snapshot"_s, u"snapshots"_s, u"project"_s,
        u"lag"_s, u"outbox"_s, u"users"_s, u"rebuild"_s};
    for (const auto& name : subcommands) {
        QVERIFY2(help.outText().contains(u"\n  "_s + name + u' '), qPrintable(name));
        const Run own = cli({name, u"--help"_s});
        QCOMPARE(own.exitCode, 0);
        QVERIFY2(own.outText().startsWith(u"Usage: flashback-cli [GLOBAL OPTIONS] "_s + name), qPrintable(name));
        QVERIFY(own.outText().contains(u"--store"_s));
    }
    const Run project = cli({u"project"_s, u"--help"_s});
    for (const auto& option : {u"--projection"_s, u"--once"_s, u"--follow"_s, u"--batch-size"_s, u"--worker"_s,
             u"--no-outbox"_s, u"outbox"_s, u"SIGTERM"_s})
        QVERIFY2(project.outText().contains(option), qPrintable(option));
    QVERIFY(cli({u"state"_s, u"--help"_s}).outText().contains(u"--at-revision"_s));
    QVERIFY(cli({u"snapshots"_s, u"--help"_s}).outText().contains(u"--verify"_s));
}

QTEST_GUILESS_MAIN(TestCliReadSide)
#include "tst_cli_readside.moc"
