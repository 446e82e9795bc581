// SPDX-License-Identifier: GPL-3.0-or-later
// The command handler over every store backend: validation, idempotency, optimistic concurrency with retries,
// and uniqueness enforced atomically under concurrent writers.
#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "outbox/outboxstore.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "storefixture.h"
#include "storefootprint.h"

#include <QJsonDocument>
#include <QTest>
#include <QThread>

#include <atomic>
#include <latch>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

Command createUser(const QString& username, const QString& email, const QString& streamId = {})
{
    Command command;
    command.name = u"CreateUser"_s;
    command.streamId = streamId;
    command.fields = {{u"username"_s, username}, {u"email"_s, email}, {u"first_name"_s, u"Test"_s},
        {u"last_name"_s, u"User"_s}, {u"password"_s, u"long-enough-password"_s}};
    command.metadata.actor = u"tester"_s;
    return command;
}

Command onUser(const QString& name, const QString& streamId, const QJsonObject& fields)
{
    Command command;
    command.name = name;
    command.streamId = streamId;
    command.fields = fields;
    command.metadata.actor = u"tester"_s;
    return command;
}

/// A store that lets another writer slip in between the handler's read and its commit, `times` times.
class InterferingStore final : public EventStore {
public:
    InterferingStore(EventStore& inner, int times)
        : m_inner(inner)
        , m_times(times)
    { }
    int interferences = 0;

    QString address() const override { return m_inner.address(); }
    bool isReadOnly() const override { return false; }
    Result<CommitResult> commit(const UnitOfWork& work) override
    {
        if (interferences < m_times) {
            ++interferences;
            const QString streamId = work.appends.constFirst().streamId;
            NewEvent login {IdGenerator().newV7(Timestamp::now()), u"USER_LOGGED_IN"_s, 1, Timestamp::now(),
                NewEvent::encode({{u"ip"_s, u"10.0.0.1"_s}, {u"user_agent"_s, u"other"_s}}), {}};
            auto other = m_inner.append(streamId, u"User"_s, ExpectedRevision::any(), {login});
            Q_ASSERT(other.ok());
        }
        return m_inner.commit(work);
    }
    Result<QList<RecordedEvent>> readStream(const QString& id, const StreamReadOptions& o) override
    {
        return m_inner.readStream(id, o);
    }
    Result<QList<RecordedEvent>> readAll(const ReadAllOptions& o) override { return m_inner.readAll(o); }
    Result<std::optional<StreamInfo>> stream(const QString& id) override { return m_inner.stream(id); }
    Result<StreamPage> listStreams(const StreamListOptions& o) override { return m_inner.listStreams(o); }
    Result<QList<StreamInfo>> queryStreams(const StreamQuery& q) override { return m_inner.queryStreams(q); }
    Result<qint64> countStreams(const StreamQuery& q) override { return m_inner.countStreams(q); }
    Result<QStringList> aggregateTypes() override { return m_inner.aggregateTypes(); }
    Result<QStringList> eventTypes() override { return m_inner.eventTypes(); }
    Result<StreamIndex> readStreamIndex(
        const QString& id, qint64 from, const std::atomic<bool>* cancel, ReadProgress* progress) override
    {
        return m_inner.readStreamIndex(id, from, cancel, progress);
    }
    Result<qint64> headPosition() override { return m_inner.headPosition(); }
    Result<StoreStatistics> statistics() override { return m_inner.statistics(); }
    Result<std::optional<CommandRecordInfo>> findCommand(const QString& id) override { return m_inner.findCommand(id); }
    Result<std::optional<QString>> reservationOwner(const QString& s, const QString& k) override
    {
        return m_inner.reservationOwner(s, k);
    }
    std::unique_ptr<EventSubscription> subscribe(qint64 after, const EventFilter& f) override
    {
        return m_inner.subscribe(after, f);
    }
    Result<std::unique_ptr<EventStore>> reopen() const override { return m_inner.reopen(); }
    Result<std::optional<Snapshot>> latestSnapshot(const QString& id, qint64 max) override
    {
        return m_inner.latestSnapshot(id, max);
    }
    Result<QList<Snapshot>> snapshots(const QString& id) override { return m_inner.snapshots(id); }
    OutboxStore& outbox() override { return m_inner.outbox(); }
    OperatorAuditLog& operatorAudit() override { return m_inner.operatorAudit(); }
    ReadModelStore& readModels() override { return m_inner.readModels(); }

private:
    EventStore& m_inner;
    int m_times;
};

} // namespace

class CommandHandlerTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;
    PasswordHasher m_hasher {1000};

    QString created(CommandHandler& handler, const QString& username, const QString& email)
    {
        auto result = handler.execute(createUser(username, email));
        if (!result)
            qFatal("CreateUser failed: %s", qPrintable(result.error().toString()));
        return result->streamId;
    }

private Q_SLOTS:
    void createUserGeneratesAStreamIdAndRecordsMetadata()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        Command command = createUser(u"sarah.connor"_s, u"Sarah@Example.com"_s);
        command.metadata.reason = u"onboarding"_s;
        command.metadata.correlationId = u"ticket-1234"_s;
        auto result = handler.execute(command);
        QVERIFY2(result.ok(), why(result).constData());
        QVERIFY(parseUuid(result->streamId).has_value());
        QCOMPARE(result->revision, 1);
        QCOMPARE(result->events.size(), 1);
        QVERIFY(!result->duplicate);
        const RecordedEvent& event = result->events[0];
        QCOMPARE(event.type, u"USER_CREATED"_s);
        QCOMPARE(event.schemaVersion, 2);
        const QJsonObject data = event.dataObject();
        QVERIFY(!data.contains(u"password"_s));
        QVERIFY(data.value(u"password_hash"_s).toString().startsWith(u"pbkdf2_sha256$"_s));
        const EventMetadata metadata = event.metadataObject();
        QCOMPARE(metadata.actor, u"tester"_s);
        QCOMPARE(metadata.reason, u"onboarding"_s);
        QCOMPARE(metadata.commandId, result->commandId);
        QCOMPARE(metadata.correlationId, u"ticket-1234"_s);
        QCOMPARE(metadata.causationId, result->commandId);
        QCOMPARE(
            store->reservationOwner(u"user.email"_s, u"sarah@example.com"_s)->value_or(QString()), result->streamId);
    }

    void createUserWritesTheWelcomeMailToTheOutbox()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        auto created = handler.execute(createUser(u"grace"_s, u"grace@example.com"_s));
        QVERIFY2(created.ok(), why(created).constData());
        const auto entries = *store->outbox().listOutbox({});
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].message.topic, u"welcome_email"_s);
        QCOMPARE(entries[0].message.streamId, created->streamId);
        QCOMPARE(entries[0].message.eventId, created->events[0].eventId);
        QCOMPARE(entries[0].status, OutboxStatus::Pending);
        // A refused command writes no mail; neither does a repeated one.
        QVERIFY(!handler.execute(createUser(u"grace2"_s, u"grace@example.com"_s)).ok());
        Command again = createUser(u"henry"_s, u"henry@example.com"_s);
        again.metadata.commandId = u"once"_s;
        QVERIFY(handler.execute(again).ok());
        QVERIFY(handler.execute(again).ok());
        QCOMPARE(store->outbox().listOutbox({})->size(), 2);
    }

    void validationErrorsAreUsageErrors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("streamId");
        QTest::addColumn<QJsonObject>("fields");
        QTest::newRow("unknown command") << u"MakeCoffee"_s << u""_s << QJsonObject();
        QTest::newRow("unknown field") << u"CreateUser"_s << u""_s << QJsonObject {{u"nickname"_s, u"x"_s}};
        QTest::newRow("wrong type") << u"CreateUser"_s << u""_s << QJsonObject {{u"username"_s, 42}};
        QTest::newRow("bad enum") << u"CreateUser"_s << u""_s << QJsonObject {{u"role"_s, u"root"_s}};
        QTest::newRow("invalid uuid") << u"ChangeName"_s << u"not-a-uuid"_s << QJsonObject();
        QTest::newRow("missing stream") << u"ChangeName"_s << u""_s << QJsonObject();
    }

    void validationErrorsAreUsageErrors()
    {
        QFETCH(QString, name);
        QFETCH(QString, streamId);
        QFETCH(QJsonObject, fields);
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        auto result = handler.execute(onUser(name, streamId, fields));
        QVERIFY(!result.ok());
        QCOMPARE(result.error().category(), ErrorCategory::Usage);
        QCOMPARE(*store->headPosition(), 0);
    }

    void commandNamesAndIdsAreNormalised()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        const QString id = created(handler, u"alice"_s, u"alice@example.com"_s);
        auto renamed = handler.execute(onUser(u"changename"_s, id.toUpper(), {{u"first_name"_s, u"Alicia"_s}}));
        QVERIFY2(renamed.ok(), why(renamed).constData());
        QCOMPARE(renamed->commandName, u"ChangeName"_s);
        QCOMPARE(renamed->streamId, id);
        QCOMPARE(renamed->revision, 2);
    }

    void domainErrorsKeepTheirCodes()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        const QString id = created(handler, u"bob"_s, u"bob@example.com"_s);
        auto missing
            = handler.execute(onUser(u"ChangeName"_s, uuidText(IdGenerator().newV4()), {{u"first_name"_s, u"X"_s}}));
        QCOMPARE(missing.error().code, u"UserNotFound"_s);
        QCOMPARE(missing.error().category(), ErrorCategory::NotFound);
        auto noReason = handler.execute(onUser(u"SuspendUser"_s, id, {}));
        QCOMPARE(noReason.error().code, u"ReasonRequired"_s);
        QCOMPARE(noReason.error().category(), ErrorCategory::DomainRule);
        auto again = handler.execute(createUser(u"bob2"_s, u"bob2@example.com"_s, id));
        QCOMPARE(again.error().code, u"UserAlreadyExists"_s);
        QCOMPARE(*store->headPosition(), 1);
    }

    void metadataReasonFillsTheReasonField()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        const QString id = created(handler, u"carol"_s, u"carol@example.com"_s);
        Command command = onUser(u"DeleteUser"_s, id, {});
        command.metadata.actor = u"admin@company.com"_s;
        command.metadata.reason = u"User requested account deletion"_s;
        auto deleted = handler.execute(command);
        QVERIFY2(deleted.ok(), why(deleted).constData());
        QCOMPARE(deleted->events[0].dataObject().value(u"reason"_s).toString(), u"User requested account deletion"_s);
        QCOMPARE(deleted->events[0].metadataObject().reason, u"User requested account deletion"_s);
        // The deleted user's email is free again.
        QVERIFY(handler.execute(createUser(u"carol"_s, u"CAROL@example.com"_s)).ok());
    }

    void sameCommandIdRunsOnce()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        Command command = createUser(u"dave"_s, u"dave@example.com"_s);
        command.metadata.commandId = u"request-7"_s;
        auto first = handler.execute(command);
        QVERIFY2(first.ok(), why(first).constData());
        auto second = handler.execute(command);
        QVERIFY2(second.ok(), why(second).constData());
        QVERIFY(second->duplicate);
        QCOMPARE(second->streamId, first->streamId);
        QCOMPARE(second->revision, first->revision);
        QCOMPARE(second->events.size(), 1);
        QCOMPARE(second->events[0].eventId, first->events[0].eventId);
        QCOMPARE(*store->headPosition(), 1);

        // The same id for something else is refused, and nothing is written.
        Command other = onUser(u"ChangeName"_s, first->streamId, {{u"first_name"_s, u"David"_s}});
        other.metadata.commandId = u"request-7"_s;
        auto reused = handler.execute(other);
        QVERIFY(!reused.ok());
        QCOMPARE(reused.error().code, u"CommandIdReused"_s);
        QCOMPARE(reused.error().category(), ErrorCategory::Usage);
        QCOMPARE(*store->headPosition(), 1);
    }

    void aDryRunDecidesAndWritesNothing()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        const QString ada = created(handler, u"ada"_s, u"ada@example.com"_s);
        const QString bob = created(handler, u"bob"_s, u"bob@example.com"_s);
        const QList<std::pair<QString, QString>> keys {{u"user.email"_s, u"ada@example.com"_s},
            {u"user.email"_s, u"ada.l@example.com"_s}, {u"user.email"_s, u"bob@example.com"_s},
            {u"user.username"_s, u"carol"_s}, {u"user.email"_s, u"carol@example.com"_s}};
        const QStringList ids {u"dry-1"_s, u"dry-2"_s, u"dry-3"_s};
        const QString before = footprint(*store, keys, ids);

        // A change of email: its event with who and why, the state's diff, the address claimed and the old freed.
        Command change = onUser(u"ChangeEmail"_s, ada, {{u"email"_s, u"ada.l@example.com"_s}});
        change.metadata.reason = u"ticket 4711"_s;
        change.metadata.commandId = u"dry-1"_s;
        auto run = handler.dryRun(change);
        QVERIFY2(run.ok(), why(run).constData());
        QVERIFY(!run->duplicate && !run->createsStream);
        QCOMPARE(run->streamId, ada);
        QCOMPARE(run->revisionBefore, 1);
        QCOMPARE(run->revisionAfter, 2);
        QCOMPARE(run->events.size(), 1);
        QCOMPARE(run->events[0].type, u"USER_EMAIL_CHANGED"_s);
        QCOMPARE(run->events[0].metadata.actor, u"tester"_s);
        QCOMPARE(run->events[0].metadata.reason, u"ticket 4711"_s);
        QCOMPARE(run->events[0].metadata.commandId, u"dry-1"_s);
        QCOMPARE(run->eventsAsRecorded().constFirst().revision, 2);
        QCOMPARE(run->stateBefore.value(u"email"_s).toString(), u"ada@example.com"_s);
        QCOMPARE(run->stateAfter.value(u"email"_s).toString(), u"ada.l@example.com"_s);
        QVERIFY(std::any_of(
            run->changes.begin(), run->changes.end(), [](const JsonChange& c) { return c.path == u"email"_s; }));
        QVERIFY(std::any_of(run->reservations.begin(), run->reservations.end(), [](const ReservationChange& r) {
            return r.action == ReservationChange::Action::Claim && r.key == u"ada.l@example.com"_s;
        }));
        QCOMPARE(footprint(*store, keys, ids), before);

        // A new user: a stream id made up, the welcome mail it would queue; nothing queued.
        Command create = createUser(u"carol"_s, u"carol@example.com"_s);
        create.metadata.commandId = u"dry-2"_s;
        auto creating = handler.dryRun(create);
        QVERIFY2(creating.ok(), why(creating).constData());
        QVERIFY(creating->createsStream);
        QVERIFY(!creating->streamId.isEmpty());
        QCOMPARE(creating->revisionBefore, 0);
        QCOMPARE(creating->outbox.size(), 1);
        QCOMPARE(creating->outbox[0].topic, u"welcome_email"_s);
        QCOMPARE(footprint(*store, keys, ids), before);

        // Refusals are the real command's: a domain rule, an address another user holds, a stale revision.
        QCOMPARE(handler.dryRun(onUser(u"SuspendUser"_s, ada, {})).error().code, u"ReasonRequired"_s);
        Command taken = onUser(u"ChangeEmail"_s, ada, {{u"email"_s, u"bob@example.com"_s}});
        taken.metadata.commandId = u"dry-3"_s;
        auto refused = handler.dryRun(taken);
        QCOMPARE(refused.error().code, handler.execute(taken).error().code);
        QCOMPARE(refused.error().code, u"EmailTaken"_s);
        Command stale = onUser(u"RecordLogin"_s, ada, {{u"ip"_s, u"10.0.0.2"_s}});
        stale.expectedRevision = ExpectedRevision::exact(7);
        QCOMPARE(handler.dryRun(stale).error().kind, ErrorKind::ConcurrencyConflict);
        QCOMPARE(handler.dryRun(onUser(u"NoSuchCommand"_s, ada, {})).error().category(), ErrorCategory::Usage);
        QCOMPARE(footprint(*store, keys, ids), before);

        // A command id run before: the earlier result, nothing new.
        Command once = onUser(u"ChangeName"_s, bob, {{u"first_name"_s, u"Robert"_s}});
        once.metadata.commandId = u"ran-once"_s;
        auto ran = handler.execute(once);
        QVERIFY(ran.ok());
        auto repeat = handler.dryRun(once);
        QVERIFY2(repeat.ok(), why(repeat).constData());
        QVERIFY(repeat->duplicate);
        QVERIFY(repeat->events.isEmpty());
        QCOMPARE(repeat->earlierEvents.size(), ran->events.size());
        QCOMPARE(repeat->earlierEvents[0].eventId, ran->events[0].eventId);

        // And the real run after a dry run does what the dry run said.
        auto real = handler.execute(change);
        QVERIFY2(real.ok(), why(real).constData());
        QCOMPARE(real->events.size(), run->events.size());
        QCOMPARE(real->events[0].type, run->events[0].type);
        QCOMPARE(real->revision, run->revisionAfter);
        QCOMPARE(*store->reservationOwner(u"user.email"_s, u"ada.l@example.com"_s), std::optional<QString>(ada));
    }

    void conflictsAreRetriedWithFreshState()
    {
        auto inner = m_fixture.createStore();
        CommandHandler setup(*inner, DomainCatalog::builtin(), m_hasher);
        const QString id = created(setup, u"erin"_s, u"erin@example.com"_s);
        InterferingStore interfering(*inner, 2);
        CommandHandler handler(interfering, DomainCatalog::builtin(), m_hasher);
        auto result = handler.execute(onUser(u"ChangeName"_s, id, {{u"first_name"_s, u"Erina"_s}}));
        QVERIFY2(result.ok(), why(result).constData());
        QCOMPARE(interfering.interferences, 2);
        QCOMPARE(result->revision, 4); // created, two logins slipped in, then the rename
        verifyStream(*inner, id, 4);
    }

    void explicitExpectedRevisionIsNotRetried()
    {
        auto store = m_fixture.createStore();
        CommandHandler handler(*store, DomainCatalog::builtin(), m_hasher);
        const QString id = created(handler, u"frank"_s, u"frank@example.com"_s);
        Command command = onUser(u"RecordLogin"_s, id, {{u"ip"_s, u"10.0.0.2"_s}});
        command.expectedRevision = ExpectedRevision::exact(5);
        auto stale = handler.execute(command);
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, ErrorKind::ConcurrencyConflict);
        QCOMPARE(stale.error().context.value(u"actual_revision"_s).toLongLong(), 1);
        command.expectedRevision = ExpectedRevision::exact(1);
        QVERIFY(handler.execute(command).ok());

        InterferingStore interfering(*store, 1);
        CommandHandler racing(interfering, DomainCatalog::builtin(), m_hasher);
        command.expectedRevision = ExpectedRevision::exact(2);
        auto lost = racing.execute(command);
        QCOMPARE(lost.error().kind, ErrorKind::ConcurrencyConflict);
    }

    void uniqueEmailUnderConcurrentCreates()
    {
        auto store = m_fixture.createStore();
        constexpr int Rounds = 15;
        for (int round = 0; round < Rounds; ++round) {
            std::atomic<int> wins {0};
            std::atomic<int> taken {0};
            std::atomic<int> other {0};
            std::latch ready(2); // both connected, then both go: blocked, not spinning on the machine's two cores
            const QString email = u"race-%1@example.com"_s.arg(round);
            auto racer = [&](int who) {
                auto own = store->reopen();
                if (!own) {
                    ++other;
                    ready.count_down(); // the other racer must not wait for this one
                    return;
                }
                PasswordHasher hasher(1000);
                CommandHandler handler(**own, DomainCatalog::builtin(), hasher);
                ready.arrive_and_wait();
                auto result = handler.execute(createUser(u"racer%1x%2"_s.arg(round).arg(who), email));
                if (result)
                    ++wins;
                else if (result.error().code == u"EmailTaken"_s)
                    ++taken;
                else
                    ++other;
            };
            std::unique_ptr<QThread> a(QThread::create(racer, 1));
            std::unique_ptr<QThread> b(QThread::create(racer, 2));
            a->start();
            b->start();
            a->wait();
            b->wait();
            QCOMPARE(other.load(), 0);
            QCOMPARE(wins.load(), 1);
            QCOMPARE(taken.load(), 1);
        }
        QCOMPARE(store->statistics()->streamCount, Rounds);
    }

private:
    static void verifyStream(EventStore& store, const QString& id, qint64 count)
    {
        const auto events = *store.readStream(id, {});
        QCOMPARE(events.size(), count);
        for (qsizetype i = 0; i < events.size(); ++i)
            QCOMPARE(events[i].revision, i + 1);
    }
};

QTEST_GUILESS_MAIN(CommandHandlerTest)
#include "tst_commandhandler.moc"
