// SPDX-License-Identifier: GPL-3.0-or-later
// Time travel over every store backend: state at a revision and at an instant, diffs, field history, and the
// generic fold for aggregate types the core does not know.
#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "eventscript.h"
#include "resultcheck.h"
#include "storefixture.h"
#include "timetravel/timetravel.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

class TimeTravelTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;
    PasswordHasher m_hasher {10};

    /// Sarah's story through the real command handler, with a scripted clock.
    QString sarah(EventStore& store)
    {
        CommandHandler handler(store, DomainCatalog::builtin(), m_hasher);
        Timestamp now = *Timestamp::parse(u"2025-03-17T09:00:00Z");
        handler.setClock([&now] { return now; });
        auto run = [&](const QString& name, const QString& stream, const QJsonObject& fields, const QString& actor,
                       const QString& at) {
            now = *Timestamp::parse(at);
            Command command;
            command.name = name;
            command.streamId = stream;
            command.fields = fields;
            command.metadata.actor = actor;
            auto result = handler.execute(command);
            if (!result)
                qFatal("%s failed: %s", qPrintable(name), qPrintable(result.error().toString()));
            return result->streamId;
        };
        const QString id = run(u"CreateUser"_s, {},
            {{u"username"_s, u"sarah"_s}, {u"email"_s, u"sarah@example.com"_s}, {u"first_name"_s, u"Sarah"_s},
                {u"last_name"_s, u"Connor"_s}, {u"password"_s, u"long-enough"_s}},
            u"signup"_s, u"2025-03-17T09:00:00Z"_s);
        run(u"RecordLogin"_s, id, {{u"ip"_s, u"10.0.0.1"_s}}, u"sarah"_s, u"2025-03-17T10:00:00Z"_s);
        run(u"ChangeName"_s, id, {{u"last_name"_s, u"Reese"_s}}, u"sarah"_s, u"2025-03-17T11:00:00Z"_s);
        run(u"SuspendUser"_s, id, {{u"reason"_s, u"fraud_detected"_s}}, u"fraud-bot"_s, u"2025-03-17T12:00:00Z"_s);
        run(u"ReactivateUser"_s, id, {}, u"support"_s, u"2025-03-17T13:00:00Z"_s);
        run(u"DeleteUser"_s, id, {{u"reason"_s, u"User requested account deletion"_s}}, u"admin@company.com"_s,
            u"2025-03-17T15:47:23Z"_s);
        return id;
    }

private Q_SLOTS:
    void stateAtRevision()
    {
        auto store = m_fixture.createStore();
        const QString id = sarah(*store);
        TimeTravel travel(*store, DomainCatalog::builtin());
        auto atThree = travel.stateAtRevision(id, 3);
        QVERIFY2(atThree.ok(), why(atThree).constData());
        QCOMPARE(atThree->revision, 3);
        QCOMPARE(atThree->headRevision, 6);
        QCOMPARE(atThree->eventsFolded, 3);
        QVERIFY(!atThree->generic);
        QCOMPARE(atThree->state.value(u"last_name"_s).toString(), u"Reese"_s);
        QCOMPARE(atThree->state.value(u"status"_s).toString(), u"active"_s);
        QCOMPARE(atThree->state.value(u"login_count"_s).toInt(), 1);
        QCOMPARE(travel.stateAtRevision(id, 6)->state.value(u"status"_s).toString(), u"deleted"_s);

        QCOMPARE(travel.stateAtRevision(id, 7).error().code, u"RevisionNotFound"_s);
        QCOMPARE(travel.stateAtRevision(id, 0).error().category(), ErrorCategory::Usage);
        QCOMPARE(travel.stateAtRevision(u"missing"_s, 1).error().code, u"StreamNotFound"_s);
    }

    void stateAtInstant_data()
    {
        QTest::addColumn<QString>("instant");
        QTest::addColumn<qint64>("revision");
        QTest::addColumn<QString>("status");
        QTest::newRow("at creation") << u"2025-03-17T09:00:00Z"_s << qint64(1) << u"active"_s;
        QTest::newRow("suspended") << u"2025-03-17T12:30:00Z"_s << qint64(4) << u"suspended"_s;
        QTest::newRow("a microsecond before deletion") << u"2025-03-17T15:47:22.999999Z"_s << qint64(5) << u"active"_s;
        QTest::newRow("at deletion") << u"2025-03-17T15:47:23Z"_s << qint64(6) << u"deleted"_s;
        QTest::newRow("long after") << u"2026-01-01T00:00:00Z"_s << qint64(6) << u"deleted"_s;
    }

    void stateAtInstant()
    {
        QFETCH(QString, instant);
        QFETCH(qint64, revision);
        QFETCH(QString, status);
        auto store = m_fixture.createStore();
        const QString id = sarah(*store);
        TimeTravel travel(*store, DomainCatalog::builtin());
        auto state = travel.stateAtInstant(id, *Timestamp::parse(instant));
        QVERIFY2(state.ok(), why(state).constData());
        QCOMPARE(state->revision, revision);
        QCOMPARE(state->state.value(u"status"_s).toString(), status);
    }

    void beforeCreationIsNotFound()
    {
        auto store = m_fixture.createStore();
        const QString id = sarah(*store);
        TimeTravel travel(*store, DomainCatalog::builtin());
        auto state = travel.stateAtInstant(id, *Timestamp::parse(u"2025-03-16T00:00:00Z"));
        QVERIFY(!state.ok());
        QCOMPARE(state.error().code, u"NotYetCreated"_s);
    }

    void diffBetweenRevisions()
    {
        auto store = m_fixture.createStore();
        const QString id = sarah(*store);
        TimeTravel travel(*store, DomainCatalog::builtin());
        auto changes = travel.diff(id, 3, 4);
        QVERIFY2(changes.ok(), why(changes).constData());
        QStringList paths;
        for (const auto& change : *changes)
            paths.append(change.path);
        QVERIFY(paths.contains(u"status"_s));
        QVERIFY(paths.contains(u"suspension_reason"_s));
        for (const auto& change : *changes) {
            if (change.path == u"status"_s) {
                QCOMPARE(change.kind, JsonChange::Kind::Changed);
                QCOMPARE(change.before.toString(), u"active"_s);
                QCOMPARE(change.after.toString(), u"suspended"_s);
            }
        }
        QVERIFY(travel.diff(id, 2, 2)->isEmpty());
    }

    void whoSetStatusToDeleted()
    {
        auto store = m_fixture.createStore();
        const QString id = sarah(*store);
        TimeTravel travel(*store, DomainCatalog::builtin());
        auto history = travel.fieldHistory(id, u"status"_s);
        QVERIFY2(history.ok(), why(history).constData());
        QCOMPARE(history->size(), 4); // created active, suspended, reactivated, deleted
        const FieldChange& last = history->constLast();
        QCOMPARE(last.after.toString(), u"deleted"_s);
        QCOMPARE(last.before.toString(), u"active"_s);
        QCOMPARE(last.actor, u"admin@company.com"_s);
        QCOMPARE(last.reason, u"User requested account deletion"_s);
        QCOMPARE(last.eventType, u"USER_DELETED"_s);
        QCOMPARE(last.occurredAt.toIso(), u"2025-03-17T15:47:23.000000Z"_s);
        QCOMPARE(last.revision, 6);
        QVERIFY(history->constFirst().before.isUndefined());
        QCOMPARE(history->at(1).actor, u"fraud-bot"_s);
        QVERIFY(travel.fieldHistory(id, u"no_such_field"_s)->isEmpty());
    }

    void unknownTypesFoldGenerically()
    {
        auto store = m_fixture.createStore();
        auto appended = store->append(u"order-17"_s, u"Order"_s, ExpectedRevision::noStream(),
            eventScript(
                uR"(ORDER_PLACED@2025-03-01T10:00 actor=shop {"total":42,"address":{"city":"Athens","zip":"10552"}};
                          ORDER_ADDRESS_CHANGED@2025-03-01T11:00 {"address":{"city":"Thessaloniki"}};
                          ORDER_DELETED@2025-03-02T09:00 actor=admin)"_s));
        QVERIFY(appended.ok());
        TimeTravel travel(*store, DomainCatalog::builtin());
        auto second = travel.stateAtRevision(u"order-17"_s, 2);
        QVERIFY2(second.ok(), why(second).constData());
        QVERIFY(second->generic);
        QCOMPARE(second->state.value(u"total"_s).toInt(), 42);
        const QJsonObject address = second->state.value(u"address"_s).toObject();
        QCOMPARE(address.value(u"city"_s).toString(), u"Thessaloniki"_s);
        QCOMPARE(address.value(u"zip"_s).toString(), u"10552"_s);
        QCOMPARE(
            second->state.value(u"_lastEvent"_s).toObject().value(u"type"_s).toString(), u"ORDER_ADDRESS_CHANGED"_s);
        QVERIFY(!second->state.contains(u"_deleted"_s));
        auto last = travel.stateAtRevision(u"order-17"_s, 3);
        QVERIFY(last->state.value(u"_deleted"_s).toBool());
        auto history = travel.fieldHistory(u"order-17"_s, u"address.city"_s);
        QCOMPARE(history->size(), 2);
        QCOMPARE(history->at(1).after.toString(), u"Thessaloniki"_s);
    }
};

QTEST_GUILESS_MAIN(TimeTravelTest)
#include "tst_timetravel.moc"
