// SPDX-License-Identifier: GPL-3.0-or-later
// The operator audit on every backend: rows are recorded and listed newest first with every filter and keyset
// paging; a read-only store refuses to record; and every operator action done through OperatorAudit — a command
// that succeeds, one a rule refuses, pause, resume, rebuild started and cancelled, outbox retry and discard, and
// one refused for the row's state — leaves exactly one row saying who, where, what and how it ended, with the
// command's secret fields masked. CTest runs it once per backend.
#include "audit/operatoraudit.h"
#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "eventscript.h"
#include "outbox/outboxdispatcher.h"
#include "projections/builtinprojections.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "store/storeopener.h"
#include "storefixture.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

OperatorAction action(const QString& name, const QString& actor, Timestamp at, const QString& result = u"ok"_s)
{
    OperatorAction row;
    row.at = at;
    row.actor = actor;
    row.host = u"host-1"_s;
    row.tool = u"test"_s;
    row.action = name;
    row.target = u"users"_s;
    row.detail = {{u"n"_s, 1}};
    row.result = result;
    row.message = u"done"_s;
    return row;
}

QList<OperatorAction> all(EventStore& store)
{
    OperatorAuditQuery query;
    query.limit = 1000;
    return store.operatorAudit().listOperatorActions(query).value();
}

/// A failed outbox row nobody delivers, parked by a dispatcher that claims every topic.
qint64 failedOutboxRow(EventStore& store)
{
    UnitOfWork work;
    work.appends.append({u"reminder-1"_s, u"Reminder"_s, ExpectedRevision::noStream(),
        {makeEvent(u"REMINDER_SET"_s, {{u"to"_s, u"+15550100"_s}})}, std::nullopt});
    work.outbox.append({u"sms:reminder-1"_s, u"sms"_s, u"reminder-1"_s, QUuid::createUuid(), QByteArrayLiteral("{}")});
    if (!store.commit(work).ok())
        qFatal("commit failed");
    OutboxDispatcherOptions options;
    options.workerId = u"dispatcher"_s;
    options.maxAttempts = 1;
    if (!OutboxDispatcher(store, options).dispatchUntilIdle().ok())
        qFatal("dispatch failed");
    return store.outbox().listOutbox({OutboxStatus::Failed, 10, {}}).value().constFirst().id;
}

} // namespace

class OperatorAuditTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;
    PasswordHasher m_hasher {1000};

private Q_SLOTS:
    void initTestCase() { qInfo() << "backend:" << m_fixture.backend(); }

    void rowsAreListedNewestFirstWithFilters()
    {
        auto store = m_fixture.createStore();
        QVERIFY(all(*store).isEmpty());
        const Timestamp t0 = Timestamp::parse(u"2026-12-01T10:00:00Z").value();
        auto& audit = store->operatorAudit();
        QList<qint64> ids;
        for (int i = 0; i < 6; ++i) {
            auto id = audit.recordOperatorAction(action(i % 2 ? u"projection.pause"_s : u"command"_s,
                i < 3 ? u"alice"_s : u"bob"_s, t0.addSecs(i * 60), i == 5 ? u"failed"_s : u"ok"_s));
            QVERIFY2(id.ok(), why(id).constData());
            ids.append(*id);
        }
        QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));

        const auto rows = all(*store);
        QCOMPARE(rows.size(), 6);
        QCOMPARE(rows.constFirst().id, ids.constLast()); // newest first
        const OperatorAction& newest = rows.constFirst();
        QCOMPARE(newest.at, t0.addSecs(300));
        QCOMPARE(newest.actor, u"bob"_s);
        QCOMPARE(newest.host, u"host-1"_s);
        QCOMPARE(newest.tool, u"test"_s);
        QCOMPARE(newest.action, u"projection.pause"_s);
        QCOMPARE(newest.target, u"users"_s);
        QCOMPARE(newest.detail.value(u"n"_s).toInt(), 1);
        QCOMPARE(newest.result, u"failed"_s);
        QCOMPARE(newest.message, u"done"_s);

        OperatorAuditQuery query;
        query.actor = u"alice"_s;
        QCOMPARE(audit.listOperatorActions(query)->size(), 3);
        query = {};
        query.actions = {u"projection.pause"_s};
        QCOMPARE(audit.listOperatorActions(query)->size(), 3);
        query.actions = {u"projection.pause"_s, u"command"_s};
        QCOMPARE(audit.listOperatorActions(query)->size(), 6);
        query = {};
        query.since = t0.addSecs(120);
        query.until = t0.addSecs(240);
        QCOMPARE(audit.listOperatorActions(query)->size(), 2); // at 120 and 180; 240 is not before until
        query = {};
        query.result = u"failed"_s;
        QCOMPARE(audit.listOperatorActions(query)->size(), 1);
        query = {};
        query.actor = u"alice'; DROP TABLE operator_audit; --"_s;
        QCOMPARE(audit.listOperatorActions(query)->size(), 0);
        QCOMPARE(all(*store).size(), 6);

        // Keyset pages of 4 and 2, newest first, never overlapping.
        query = {};
        query.limit = 4;
        const auto first = audit.listOperatorActions(query).value();
        QCOMPARE(first.size(), 4);
        query.beforeId = first.constLast().id;
        const auto second = audit.listOperatorActions(query).value();
        QCOMPARE(second.size(), 2);
        QCOMPARE(second.constFirst().id, ids.at(1));
        QCOMPARE(second.constLast().id, ids.at(0));
    }

    void aReadOnlyStoreRecordsNothing()
    {
        if (!m_fixture.isDurable())
            QSKIP("an in-memory store is opened read-only only through its own backend");
        auto store = m_fixture.createStore();
        QVERIFY(store->operatorAudit().recordOperatorAction(action(u"command"_s, u"a"_s, Timestamp::now())).ok());
        StoreOptions options = StoreFixture::defaultOptions();
        options.readOnly = true;
        options.mode = StoreOptions::OpenMode::OpenExisting;
        auto address = StoreAddress::parse(m_fixture.lastAddress());
        QVERIFY(address.ok());
        auto readOnly = openStore(*address, options);
        QVERIFY2(readOnly.ok(), why(readOnly).constData());
        auto refused
            = (*readOnly)->operatorAudit().recordOperatorAction(action(u"command"_s, u"b"_s, Timestamp::now()));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::StoreReadOnly);
        QCOMPARE(all(**readOnly).size(), 1); // it still reads
    }

    void onlyKnownActionsAndResultsAreRecorded()
    {
        auto store = m_fixture.createStore();
        OperatorAction bad = action(u"drop_everything"_s, u"a"_s, Timestamp::now());
        auto refused = store->operatorAudit().recordOperatorAction(bad);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::InvalidArgument);
        bad = action(u"command"_s, u"a"_s, Timestamp::now(), u"maybe"_s);
        QCOMPARE(store->operatorAudit().recordOperatorAction(bad).error().kind, ErrorKind::InvalidArgument);
        OperatorAction bare; // nothing but what it is: empty text, the time taken now
        bare.action = OperatorAction::Command;
        bare.result = OperatorAction::Ok;
        QVERIFY(store->operatorAudit().recordOperatorAction(bare).ok());
        const auto rows = all(*store);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].message, QString());
        QVERIFY(rows[0].at.micros() > 0);
    }

    void everyOperatorActionLeavesOneRow()
    {
        auto store = m_fixture.createStore();
        const auto& catalog = DomainCatalog::builtin();
        OperatorAudit audit(*store, {u"operator@example.com"_s, u"desk-7"_s, u"flashback-test"_s}, catalog);
        CommandHandler handler(*store, catalog, m_hasher);

        Command create;
        create.name = u"CreateUser"_s;
        create.fields = {{u"username"_s, u"sarah.connor"_s}, {u"email"_s, u"sarah@example.com"_s},
            {u"first_name"_s, u"Sarah"_s}, {u"last_name"_s, u"Connor"_s}, {u"password"_s, u"long-enough-password"_s}};
        create.metadata.actor = u"support@example.com"_s;
        create.metadata.reason = u"ticket 4711"_s;
        auto created = audit.execute(handler, create);
        QVERIFY2(created.ok(), why(created).constData());
        QVERIFY(!audit.auditError());

        Command again = create; // the email is taken: a rule refuses it
        again.streamId.clear();
        again.fields.insert(u"username"_s, u"other"_s);
        QVERIFY(!audit.execute(handler, again).ok());

        const auto users = builtinProjection(u"users"_s)->schema();
        QVERIFY(audit.controlProjection(u"users"_s, ProjectionControl::pause(), users).ok());
        QVERIFY(audit.controlProjection(u"users"_s, ProjectionControl::resume(), users).ok());
        QVERIFY(audit.controlProjection(u"users"_s, ProjectionControl::startRebuild(), users).ok());
        QVERIFY(audit.controlProjection(u"users"_s, ProjectionControl::cancelRebuild(), users).ok());
        const qint64 row = failedOutboxRow(*store);
        QVERIFY(*audit.discardOutbox(row));
        QVERIFY(*audit.retryOutbox(row));
        QVERIFY(!*audit.retryOutbox(row)); // pending now: refused, and recorded as such
        // Runner-only controls are not operator actions.
        QVERIFY(audit.controlProjection(u"users"_s, ProjectionControl::markFailed(1, u"x"_s), users).ok());

        QList<OperatorAction> rows = all(*store);
        std::reverse(rows.begin(), rows.end()); // oldest first, as done
        QStringList done;
        for (const auto& r : rows)
            done.append(r.action + u':' + r.result);
        QCOMPARE(done,
            QStringList({u"command:ok"_s, u"command:refused"_s, u"projection.pause:ok"_s, u"projection.resume:ok"_s,
                u"projection.rebuild:ok"_s, u"projection.cancel_rebuild:ok"_s, u"outbox.discard:ok"_s,
                u"outbox.retry:ok"_s, u"outbox.retry:refused"_s}));

        const OperatorAction& command = rows.at(0);
        QCOMPARE(command.actor, u"support@example.com"_s); // the command's own actor
        QCOMPARE(command.host, u"desk-7"_s);
        QCOMPARE(command.tool, u"flashback-test"_s);
        QCOMPARE(command.target, u"User/"_s + created->streamId);
        QCOMPARE(command.detail.value(u"command"_s).toString(), u"CreateUser"_s);
        QCOMPARE(command.detail.value(u"reason"_s).toString(), u"ticket 4711"_s);
        QCOMPARE(command.detail.value(u"fields"_s).toObject().value(u"username"_s).toString(), u"sarah.connor"_s);
        QCOMPARE(command.detail.value(u"fields"_s).toObject().value(u"password"_s).toString(), u"••••••"_s);
        QVERIFY(!QJsonDocument(command.detail).toJson().contains("long-enough-password"));
        QVERIFY2(command.message.contains(u"revision 1"_s), qPrintable(command.message));
        QVERIFY2(rows.at(1).message.contains(u"EmailTaken"_s) || rows.at(1).message.contains(u"Taken"_s),
            qPrintable(rows.at(1).message));
        QCOMPARE(rows.at(2).actor, u"operator@example.com"_s);
        QCOMPARE(rows.at(2).target, u"users"_s);
        QCOMPARE(rows.at(6).target, u"outbox/%1"_s.arg(row));
        QVERIFY(rows.at(8).message.contains(u"failed or discarded"_s));
    }
};

QTEST_GUILESS_MAIN(OperatorAuditTest)
#include "tst_operatoraudit.moc"
