// SPDX-License-Identifier: GPL-3.0-or-later
// Snapshots over every store backend: taken by policy in the command's transaction, used when loading, ignored
// when their format is old, and verified against a replay from the first event.
#include "commands/aggregateloader.h"
#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "domain/user/userdomain.h"
#include "resultcheck.h"
#include "snapshots/snapshotter.h"
#include "storefixture.h"
#include "timetravel/timetravel.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

class SnapshotTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;
    PasswordHasher m_hasher {10};
    DomainCatalog m_catalog;

    /// A user with `logins` logins after its creation, through the command handler.
    QString userWithLogins(EventStore& store, int logins)
    {
        CommandHandler handler(store, m_catalog, m_hasher);
        Command create;
        create.name = u"CreateUser"_s;
        create.fields
            = {{u"username"_s, u"john.doe"_s}, {u"email"_s, u"john@example.com"_s}, {u"password"_s, u"long-enough"_s}};
        auto created = handler.execute(create);
        if (!created)
            qFatal("%s", qPrintable(created.error().toString()));
        for (int i = 0; i < logins; ++i) {
            Command login;
            login.name = u"RecordLogin"_s;
            login.streamId = created->streamId;
            login.fields = {{u"ip"_s, u"10.0.0.%1"_s.arg(i)}};
            auto result = handler.execute(login);
            if (!result)
                qFatal("%s", qPrintable(result.error().toString()));
        }
        return created->streamId;
    }

    QJsonObject replayedFromScratch(EventStore& store, const QString& id, qint64 revision)
    {
        auto loaded = loadAggregate(store, m_catalog, u"User"_s, id, revision, false);
        return loaded->aggregate->state();
    }

private Q_SLOTS:
    void init()
    {
        m_catalog = DomainCatalog();
        registerUserDomain(m_catalog);
        m_catalog.aggregate(u"User"_s)->snapshotEvery = 5;
    }

    void policyTakesSnapshotsInTheCommandTransaction()
    {
        auto store = m_fixture.createStore();
        const QString id = userWithLogins(*store, 11); // revisions 1..12
        const auto snapshots = *store->snapshots(id);
        QCOMPARE(snapshots.size(), 2);
        QCOMPARE(snapshots[0].revision, 5);
        QCOMPARE(snapshots[1].revision, 10);
        QCOMPARE(snapshots[1].schemaVersion, 1);
        QCOMPARE(snapshots[1].aggregateType, u"User"_s);
        QCOMPARE(QJsonDocument::fromJson(snapshots[1].state).object(), replayedFromScratch(*store, id, 10));
        QCOMPARE(QJsonDocument::fromJson(snapshots[1].state).object().value(u"login_count"_s).toInt(), 9);
    }

    void loadingStartsFromTheNewestUsableSnapshot()
    {
        auto store = m_fixture.createStore();
        const QString id = userWithLogins(*store, 11);
        auto loaded = loadAggregate(*store, m_catalog, u"User"_s, id);
        QVERIFY2(loaded.ok(), why(loaded).constData());
        QCOMPARE(loaded->snapshotRevision.value_or(0), 10);
        QCOMPARE(loaded->eventsFolded, 2);
        QCOMPARE(loaded->aggregate->revision(), 12);
        QCOMPARE(loaded->aggregate->state(), replayedFromScratch(*store, id, 12));

        auto atSeven = loadAggregate(*store, m_catalog, u"User"_s, id, 7);
        QCOMPARE(atSeven->snapshotRevision.value_or(0), 5);
        QCOMPARE(atSeven->eventsFolded, 2);
        QCOMPARE(atSeven->aggregate->state(), replayedFromScratch(*store, id, 7));

        TimeTravel travel(*store, m_catalog);
        auto state = travel.stateAtRevision(id, 11);
        QVERIFY2(state.ok(), why(state).constData());
        QCOMPARE(state->snapshotRevision.value_or(0), 10);
        QCOMPARE(state->eventsFolded, 1);
        QCOMPARE(state->state, replayedFromScratch(*store, id, 11));
        auto exact = travel.stateAtRevision(id, 10);
        QCOMPARE(exact->eventsFolded, 0);
        QVERIFY(exact->occurredAt.micros() > 0);
    }

    void snapshotsOfAnotherFormatAreIgnored()
    {
        auto store = m_fixture.createStore();
        const QString id = userWithLogins(*store, 11);
        // A snapshot from an older state format, newer than the good one: it must not be read.
        UnitOfWork old;
        old.snapshots.append({id, u"User"_s, 12, 0, R"({"user_id":"x","status":"garbage"})", Timestamp::now()});
        QVERIFY(store->commit(old).ok());
        auto loaded = loadAggregate(*store, m_catalog, u"User"_s, id);
        QCOMPARE(loaded->snapshotRevision.value_or(0), 10);
        QCOMPARE(loaded->aggregate->state(), replayedFromScratch(*store, id, 12));

        Snapshotter snapshotter(*store, m_catalog);
        auto checks = snapshotter.verify(id);
        QVERIFY2(checks.ok(), why(checks).constData());
        QCOMPARE(checks->size(), 3);
        QVERIFY(checks->at(0).usable && checks->at(0).matches());
        QVERIFY(checks->at(1).usable && checks->at(1).matches());
        QVERIFY(!checks->at(2).usable);
        QVERIFY(!checks->at(2).matches());
    }

    void verificationFindsDrift()
    {
        auto store = m_fixture.createStore();
        const QString id = userWithLogins(*store, 3);
        QJsonObject wrong = replayedFromScratch(*store, id, 4);
        wrong.insert(u"login_count"_s, 999);
        UnitOfWork drift;
        drift.snapshots.append(
            {id, u"User"_s, 4, 1, QJsonDocument(wrong).toJson(QJsonDocument::Compact), Timestamp::now()});
        QVERIFY(store->commit(drift).ok());
        auto checks = *Snapshotter(*store, m_catalog).verify(id);
        QCOMPARE(checks.size(), 1);
        QVERIFY(checks[0].usable);
        QCOMPARE(checks[0].differences.size(), 1);
        QCOMPARE(checks[0].differences[0].path, u"login_count"_s);
        QCOMPARE(checks[0].differences[0].before.toInt(), 999);
        QCOMPARE(checks[0].differences[0].after.toInt(), 3);
    }

    void snapshotsCanBeTakenByHand()
    {
        auto store = m_fixture.createStore();
        const QString id = userWithLogins(*store, 2);
        Snapshotter snapshotter(*store, m_catalog);
        auto taken = snapshotter.takeSnapshot(id);
        QVERIFY2(taken.ok(), why(taken).constData());
        QCOMPARE(taken->revision, 3);
        QCOMPARE(store->latestSnapshot(id, 100)->value().revision, 3);
        QCOMPARE(snapshotter.takeSnapshot(u"missing"_s).error().code, u"StreamNotFound"_s);
        QVERIFY(store
                    ->append(u"order-1"_s, u"Order"_s, ExpectedRevision::any(),
                        {NewEvent {
                            IdGenerator().newV7(Timestamp::now()), u"ORDER_PLACED"_s, 1, Timestamp::now(), "{}", {}}})
                    .ok());
        QCOMPARE(snapshotter.takeSnapshot(u"order-1"_s).error().category(), ErrorCategory::Usage);
    }
};

QTEST_GUILESS_MAIN(SnapshotTest)
#include "tst_snapshots.moc"
