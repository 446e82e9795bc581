// SPDX-License-Identifier: GPL-3.0-or-later
// The demo store: repeatable per seed, built by the real User aggregate, and holding the incident stories of
// DOMAIN.md where the CLI and the GUI point people to them.
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "projections/builtinprojections.h"
#include "projections/projectionlag.h"
#include "projections/projectionrunner.h"
#include "queries/userqueries.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "store/memory/inmemoryeventstore.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

DemoOptions smallDemo(quint64 seed = 7)
{
    DemoOptions options;
    options.users = 40;
    options.seed = seed;
    options.longStreamLogins = 1200;
    options.passwordIterations = 10;
    return options;
}

QList<RecordedEvent> everything(EventStore& store)
{
    ReadAllOptions options;
    options.limit = 1000000;
    return *store.readAll(options);
}

std::unique_ptr<Aggregate> replay(EventStore& store, const QString& streamId)
{
    const auto& catalog = DomainCatalog::builtin();
    auto aggregate = catalog.aggregate(u"User"_s)->create();
    aggregate->setId(streamId);
    for (const auto& event : *store.readStream(streamId, {}))
        aggregate->replay(DecodedEvent::decode(event, catalog.upcasters()));
    return aggregate;
}

} // namespace

class DemoTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sameSeedSameHistory()
    {
        InMemoryEventStore first;
        InMemoryEventStore second;
        InMemoryEventStore other;
        QVERIFY(generateDemo(first, DomainCatalog::builtin(), smallDemo(7)).ok());
        QVERIFY(generateDemo(second, DomainCatalog::builtin(), smallDemo(7)).ok());
        QVERIFY(generateDemo(other, DomainCatalog::builtin(), smallDemo(8)).ok());
        const auto a = everything(first);
        const auto b = everything(second);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].eventId, b[i].eventId);
            QCOMPARE(a[i].streamId, b[i].streamId);
            QCOMPARE(a[i].type, b[i].type);
            QCOMPARE(a[i].occurredAt, b[i].occurredAt);
            QCOMPARE(a[i].data, b[i].data);
            QCOMPARE(a[i].metadata, b[i].metadata);
        }
        const auto c = everything(other);
        QVERIFY(c.size() != a.size() || c[10].eventId != a[10].eventId);
    }

    void eventsAreInChronologicalOrder()
    {
        InMemoryEventStore store;
        QVERIFY(generateDemo(store, DomainCatalog::builtin(), smallDemo()).ok());
        const auto events = everything(store);
        for (qsizetype i = 1; i < events.size(); ++i)
            QVERIFY(!(events[i].occurredAt < events[i - 1].occurredAt));
    }

    void whoDeletedMyUser()
    {
        InMemoryEventStore store;
        auto summary = generateDemo(store, DomainCatalog::builtin(), smallDemo());
        QVERIFY2(summary.ok(), why(summary).constData());
        ReadAllOptions query;
        query.filter.types = {u"USER_DELETED"_s};
        query.filter.streamId = summary->deletedUserId;
        const auto deletions = *store.readAll(query);
        QCOMPARE(deletions.size(), 1);
        const RecordedEvent& deletion = deletions[0];
        QCOMPARE(deletion.metadataObject().actor, u"admin@company.com"_s);
        QCOMPARE(deletion.dataObject().value(u"reason"_s).toString(), u"User requested account deletion"_s);
        QCOMPARE(deletion.occurredAt.toIso(), u"2025-03-17T15:47:23.000000Z"_s);
        QCOMPARE(deletion.occurredAt.toDateTime().date().dayOfWeek(), int(Qt::Monday));

        const QJsonObject state = replay(store, summary->deletedUserId)->state();
        QCOMPARE(state.value(u"status"_s).toString(), u"deleted"_s);
        QCOMPARE(state.value(u"deleted_by"_s).toString(), u"admin@company.com"_s);
        QCOMPARE(state.value(u"last_name"_s).toString(), u"Connor-Reese"_s);
        QCOMPARE(state.value(u"email"_s).toString(), u"sarah.reese@example.com"_s);
        QVERIFY(state.value(u"login_count"_s).toInt() > 20);
        // Her history holds the rename and the email change before the deletion.
        QStringList types;
        for (const auto& event : *store.readStream(summary->deletedUserId, {}))
            if (event.type != u"USER_LOGGED_IN"_s)
                types.append(event.type);
        QCOMPARE(types,
            (QStringList {u"USER_CREATED"_s, u"USER_NAME_CHANGED"_s, u"USER_EMAIL_CHANGED"_s, u"USER_DELETED"_s}));
    }

    void whyWasMyAccountSuspended()
    {
        InMemoryEventStore store;
        auto summary = *generateDemo(store, DomainCatalog::builtin(), smallDemo());
        const auto events = *store.readStream(summary.suspendedUserId, {});
        qsizetype suspended = -1;
        for (qsizetype i = 0; i < events.size(); ++i)
            if (events[i].type == u"USER_SUSPENDED"_s)
                suspended = i;
        QVERIFY(suspended > 0);
        QCOMPARE(events[suspended].dataObject().value(u"reason"_s).toString(), u"fraud_detected"_s);
        const RecordedEvent& before = events[suspended - 1];
        QCOMPARE(before.type, u"USER_LOGGED_IN"_s);
        QCOMPARE(before.dataObject().value(u"ip"_s).toString(), u"203.0.113.77"_s);
        QVERIFY(events[suspended].occurredAt.micros() - before.occurredAt.micros() < 5LL * 60 * 1000000);
        QCOMPARE(events[suspended + 1].type, u"USER_REACTIVATED"_s);
        QCOMPARE(replay(store, summary.suspendedUserId)->state().value(u"status"_s).toString(), u"active"_s);
    }

    void nameChangeAndSlowPasswordChange()
    {
        InMemoryEventStore store;
        auto summary = *generateDemo(store, DomainCatalog::builtin(), smallDemo());
        QCOMPARE(replay(store, summary.renamedUserId)->state().value(u"first_name"_s).toString(), u"Sara"_s);
        const auto info = **store.stream(summary.longStreamUserId);
        QCOMPARE(info.revision, 1200 + 2);
        QCOMPARE(summary.longStreamEvents, info.revision);
        QCOMPARE(info.lastEventType, u"PASSWORD_CHANGED"_s);
    }

    void legacyEventsReplayThroughUpcasters()
    {
        InMemoryEventStore store;
        QVERIFY(generateDemo(store, DomainCatalog::builtin(), smallDemo()).ok());
        ReadAllOptions query;
        query.limit = 100000;
        query.filter.types = {u"USER_CREATED"_s};
        int legacy = 0;
        for (const auto& event : *store.readAll(query)) {
            if (event.schemaVersion != 1)
                continue;
            ++legacy;
            QVERIFY(!event.dataObject().contains(u"role"_s));
            QCOMPARE(replay(store, event.streamId)->state().value(u"role"_s).toString(), u"user"_s);
        }
        QVERIFY(legacy >= 3);
    }

    void reservationsMatchTheLiveUsers()
    {
        InMemoryEventStore store;
        auto summary = *generateDemo(store, DomainCatalog::builtin(), smallDemo());
        StreamListOptions options;
        options.limit = 100000;
        int live = 0;
        const StreamPage page = *store.listStreams(options);
        for (const auto& stream : page.streams) {
            const QJsonObject state = replay(store, stream.streamId)->state();
            const QString email = state.value(u"email"_s).toString().toCaseFolded();
            const auto owner = *store.reservationOwner(u"user.email"_s, email);
            if (state.value(u"status"_s).toString() == u"deleted"_s) {
                QVERIFY(!owner.has_value() || *owner != stream.streamId);
            } else {
                ++live;
                QCOMPARE(owner.value_or(QString()), stream.streamId);
            }
        }
        QVERIFY(live > 30);
        QCOMPARE(summary.users, 45); // 40 ordinary + admin + the four story users
    }

    void theUsersReadModelLagsBehindSarasRename()
    {
        InMemoryEventStore store;
        auto summary = generateDemo(store, DomainCatalog::builtin(), smallDemo());
        QVERIFY2(summary.ok(), why(summary).constData());
        QCOMPARE(summary->renamePosition, *store.headPosition());
        QCOMPARE(store.readModels().checkpoint(u"users"_s)->position, summary->renamePosition - 1);
        QCOMPARE(store.readModels().checkpoint(u"audit_log"_s)->position, summary->renamePosition);

        UserQueries queries(store.readModels());
        QCOMPARE(queries.getUser(summary->renamedUserId)->value().firstName, u"Sarah"_s); // the read model lags
        QCOMPARE(replay(store, summary->renamedUserId)->state().value(u"first_name"_s).toString(), u"Sara"_s);
        const auto lag = *computeLag(store, builtinProjections(), Timestamp::now(), std::chrono::milliseconds(10000));
        for (const auto& projection : lag)
            QCOMPARE(projection.lagEvents, projection.name == u"users"_s ? 1 : 0);

        // Every new user got exactly one welcome mail.
        ReadAllOptions created;
        created.limit = 100000;
        created.filter.types = {u"USER_CREATED"_s};
        QCOMPARE(summary->mailsDelivered, store.readAll(created)->size());
        QCOMPARE(store.outbox().outboxCounts()->value(OutboxStatus::Completed), summary->mailsDelivered);

        // Catching up closes the gap.
        ProjectionRunner runner(store, builtinProjections());
        QVERIFY(runner.catchUp().ok());
        QCOMPARE(queries.getUser(summary->renamedUserId)->value().firstName, u"Sara"_s);
    }

    void refusesAStoreWithEvents()
    {
        InMemoryEventStore store;
        QVERIFY(generateDemo(store, DomainCatalog::builtin(), smallDemo()).ok());
        const qint64 head = *store.headPosition();
        auto again = generateDemo(store, DomainCatalog::builtin(), smallDemo());
        QVERIFY(!again.ok());
        QCOMPARE(again.error().category(), ErrorCategory::Usage);
        QCOMPARE(*store.headPosition(), head);
    }
};

QTEST_GUILESS_MAIN(DemoTest)
#include "tst_demo.moc"
