// SPDX-License-Identifier: GPL-3.0-or-later
// Projections and their runner on every backend: the built-in users and audit_log read models, checkpoints that
// move past skipped events, retries and failures that never skip an event, pause, rebuild into a shadow copy,
// exactly-once with two runners, follow mode, and the lag states. CTest runs it once per backend.
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "eventscript.h"
#include "projections/auditlogprojection.h"
#include "projections/eventsummary.h"
#include "projections/projectionrunner.h"
#include "projections/usersprojection.h"
#include "projectiontestkit.h"
#include "readmodels/readmodeltransaction.h"
#include "resultcheck.h"
#include "storefixture.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;
using std::chrono::milliseconds;

namespace {

const QString SarahId = u"0b9c5a3e-7d1f-4c2a-9e8b-1a2b3c4d5e6f"_s;
const QString LegacyId = u"5f6e7d8c-1a2b-4c3d-8e9f-0a1b2c3d4e5f"_s;

// Sarah's story: every User event type, with times, actors and reasons.
const QString SarahScript
    = uR"(USER_CREATED@2025-03-10T09:00 actor=admin@company.com {"username":"sarah.connor","email":"sarah.connor@example.com","first_name":"Sarah","last_name":"Connor","password_hash":"pbkdf2_sha256$10$salt$hash","hashing_method":"pbkdf2_sha256","role":"user"};
USER_NAME_CHANGED@10:00 actor=sarah.connor {"first_name":"Sara","last_name":"Miller"};
USER_EMAIL_CHANGED@10:05 actor=sarah.connor {"email":"sara.miller@example.com","previous_email":"sarah.connor@example.com"};
USER_LOGGED_IN@11:00 {"ip":"203.0.113.77","user_agent":"python-requests/2.31"};
USER_SUSPENDED@11:01 actor=fraud-bot {"reason":"fraud_detected"};
USER_REACTIVATED@14:00 actor=support reason=identity_verified {"reason":"identity verified"};
USER_LOGGED_IN@14:30 {"ip":"198.51.100.2","user_agent":"Mozilla/5.0"};
PASSWORD_CHANGED@15:00 actor=sarah.connor {"password_hash":"pbkdf2_sha256$10$salt2$hash2","hashing_method":"pbkdf2_sha256"};
USER_DELETED@15:47 actor=admin@company.com reason=User_requested_account_deletion {"reason":"User requested account deletion"})"_s;

// The reference system's history: v1 USER_CREATED (no role) and the combined USER_UPDATED with nulls.
const QString LegacyScript
    = uR"(USER_CREATED@2025-01-06T08:00 version=1 {"username":"jdoe","email":"jdoe@example.com","first_name":"John","last_name":"Doe","password_hash":"x","hashing_method":"bcrypt"};
USER_UPDATED@09:00 {"first_name":"Johnny","last_name":null,"email":null};
USER_UPDATED@10:00 {"first_name":null,"last_name":"Dough","email":"jd@example.com"};
USER_LOGGED_IN@11:00 {"ip":"192.0.2.1","user_agent":"curl/8.0"})"_s;

const QString OrderScript = uR"(ORDER_PLACED@2025-03-11T12:00 actor=shop {"total":12,"password_hash":"secret"})"_s;

void append(EventStore& store, const QString& stream, const QString& type, const QString& script)
{
    auto appended = store.append(stream, type, ExpectedRevision::any(), eventScript(script));
    if (!appended)
        qFatal("append failed: %s", qPrintable(appended.error().toString()));
}

void appendStories(EventStore& store)
{
    append(store, SarahId, u"User"_s, SarahScript);
    append(store, LegacyId, u"User"_s, LegacyScript);
    append(store, u"order-1"_s, u"Order"_s, OrderScript);
}

void appendFiller(EventStore& store, int count, const QString& type = u"THING_HAPPENED"_s)
{
    QList<NewEvent> events;
    for (int i = 0; i < count; ++i)
        events.append(makeEvent(type, {{u"n"_s, i}}));
    auto appended
        = store.append(u"filler-%1"_s.arg(QUuid::createUuid().toString()), u"Thing"_s, ExpectedRevision::any(), events);
    if (!appended)
        qFatal("append failed: %s", qPrintable(appended.error().toString()));
}

/// The aggregate's state as the command side sees it, without the password hash.
QJsonObject aggregateState(EventStore& store, const QString& streamId)
{
    const auto& catalog = DomainCatalog::builtin();
    auto aggregate = catalog.aggregate(u"User"_s)->create();
    aggregate->setId(streamId);
    const auto events = store.readStream(streamId, {}).value();
    for (const auto& event : events)
        aggregate->replay(DecodedEvent::decode(event, catalog.upcasters()));
    QJsonObject state = aggregate->state();
    state.remove(u"password_hash"_s);
    return state;
}

QJsonObject rowState(const ReadModelRow& row)
{
    QJsonObject object;
    for (auto it = row.cbegin(); it != row.cend(); ++it)
        object.insert(it.key(), it->isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(*it));
    for (const auto& key : {u"revision"_s, u"last_event_at"_s, u"last_position"_s})
        object.remove(key);
    return object;
}

QString compact(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

ProjectionRunnerOptions quickOptions(QList<milliseconds>* sleeps = nullptr)
{
    ProjectionRunnerOptions options;
    options.workerId = u"test-worker"_s;
    options.batchSize = 4;
    options.random = [] { return 0.999; };
    options.sleep = [sleeps](milliseconds delay) {
        if (sleeps)
            sleeps->append(delay);
    };
    return options;
}

} // namespace

class ProjectionsTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

    static void verifyUsersMatchAggregates(EventStore& store)
    {
        const auto rows = allRows(store, usersReadModel(), u"users"_s, u"user_id"_s);
        QVERIFY2(rows.ok(), why(rows).constData());
        const auto listed = store.listStreams({u"User"_s, {}, 100000, {}});
        QVERIFY(listed.ok());
        QCOMPARE(rows->size(), listed->streams.size());
        for (const ReadModelRow& row : *rows) {
            const QString id = row.value(u"user_id"_s).toString();
            QVERIFY(!row.contains(u"password_hash"_s));
            const auto info = store.stream(id).value();
            QVERIFY(info.has_value());
            QCOMPARE(compact(rowState(row)), compact(aggregateState(store, id)));
            QCOMPARE(row.value(u"revision"_s).toLongLong(), info->revision);
            QCOMPARE(row.value(u"last_event_at"_s).toString(), info->lastOccurredAt.toIso());
            QCOMPARE(row.value(u"last_position"_s).toLongLong(), info->lastPosition);
        }
    }

private Q_SLOTS:
    void initTestCase() { qInfo() << "backend:" << m_fixture.backend(); }

    void usersRowsEqualTheAggregate()
    {
        auto store = m_fixture.createStore();
        appendStories(*store);
        ProjectionRunner runner(*store, builtinProjections(), quickOptions());
        auto run = runner.catchUp();
        QVERIFY2(run.ok(), why(run).constData());
        QCOMPARE(run->find(u"users"_s)->outcome, ProjectionOutcome::CaughtUp);
        QCOMPARE(run->find(u"users"_s)->eventsHandled, 13); // not the Order event
        verifyUsersMatchAggregates(*store);

        ReadModelQuery legacy {u"users"_s, u"users"_s, {{u"user_id"_s, {}, LegacyId}}, {}, {}, 1, {}};
        const auto row = store->readModels().queryReadModel(usersReadModel(), legacy).value().value(0);
        QCOMPARE(row.value(u"role"_s).toString(), u"user"_s); // upcast from v1
        QCOMPARE(row.value(u"first_name"_s).toString(), u"Johnny"_s);
        QCOMPARE(row.value(u"last_name"_s).toString(), u"Dough"_s);
        QCOMPARE(row.value(u"email"_s).toString(), u"jd@example.com"_s);
        QCOMPARE(row.value(u"login_count"_s).toLongLong(), 1);

        ReadModelQuery sarah {u"users"_s, u"users"_s, {{u"user_id"_s, {}, SarahId}}, {}, {}, 1, {}};
        const auto deleted = store->readModels().queryReadModel(usersReadModel(), sarah).value().value(0);
        QCOMPARE(deleted.value(u"status"_s).toString(), u"deleted"_s);
        QCOMPARE(deleted.value(u"deleted_by"_s).toString(), u"admin@company.com"_s);
        QCOMPARE(deleted.value(u"deleted_at"_s).toString(), u"2025-03-10T15:47:00.000000Z"_s);
        QCOMPARE(deleted.value(u"last_event_at"_s).toString(), u"2025-03-10T15:47:00.000000Z"_s);
    }

    void usersRowsEqualTheAggregateForTheDemo()
    {
        auto store = m_fixture.createStore();
        DemoOptions demo;
        demo.users = 30;
        demo.longStreamLogins = 200;
        demo.passwordIterations = 10;
        demo.runProjections = false; // the runner below projects the whole history
        const auto generated = generateDemo(*store, DomainCatalog::builtin(), demo);
        QVERIFY2(generated.ok(), why(generated).constData());
        ProjectionRunnerOptions options;
        options.workerId = u"demo"_s;
        ProjectionRunner runner(*store, {builtinProjection(u"users"_s)}, options);
        QVERIFY(runner.catchUp().ok());
        verifyUsersMatchAggregates(*store);
    }

    void eventSummaries_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("expected");
        QTest::newRow("created") << SarahScript.section(u';', 0, 0)
                                 << u"created sarah.connor <sarah.connor@example.com> as user"_s;
        QTest::newRow("created v1") << LegacyScript.section(u';', 0, 0) << u"created jdoe <jdoe@example.com> as user"_s;
        QTest::newRow("name") << SarahScript.section(u';', 1, 1) << u"name changed to Sara Miller"_s;
        QTest::newRow("email") << SarahScript.section(u';', 2, 2)
                               << u"email changed from sarah.connor@example.com to sara.miller@example.com"_s;
        QTest::newRow("login") << SarahScript.section(u';', 3, 3)
                               << u"logged in from 203.0.113.77 (python-requests/2.31)"_s;
        QTest::newRow("suspended") << SarahScript.section(u';', 4, 4) << u"suspended: fraud_detected"_s;
        QTest::newRow("reactivated") << SarahScript.section(u';', 5, 5) << u"reactivated: identity verified"_s;
        QTest::newRow("password") << SarahScript.section(u';', 7, 7) << u"password changed"_s;
        QTest::newRow("deleted") << SarahScript.section(u';', 8, 8) << u"deleted: User requested account deletion"_s;
        QTest::newRow("deleted, reason in metadata only") << u"USER_DELETED reason=User_requested_account_deletion"_s
                                                          << u"deleted: User requested account deletion"_s;
        QTest::newRow("legacy update") << LegacyScript.section(u';', 2, 2)
                                       << u"updated last name to Dough, email to jd@example.com"_s;
        QTest::newRow("unknown, masked") << OrderScript << u"ORDER_PLACED {\"total\":12}"_s;
        QTest::newRow("unknown, empty") << u"SOMETHING"_s << u"SOMETHING"_s;
    }

    void eventSummaries()
    {
        QFETCH(QString, script);
        QFETCH(QString, expected);
        const NewEvent event = eventScript(script).constFirst();
        const auto& catalog = DomainCatalog::builtin();
        QCOMPARE(eventSummary(DecodedEvent::decode(event, catalog.upcasters()), catalog.maskedFields()), expected);
    }

    void unknownSummariesAreShortAndMasked()
    {
        QJsonObject data {{u"note"_s, QString(500, u'n')}, {u"nested"_s, QJsonObject {{u"password_hash"_s, u"h"_s}}}};
        const NewEvent event = makeEvent(u"BIG_THING"_s, data);
        const QString summary = eventSummary(DecodedEvent::decode(event, {}), {u"password_hash"_s});
        QVERIFY(summary.size() <= UnknownEventSummaryLength);
        QVERIFY(summary.startsWith(u"BIG_THING {"_s));
        const QJsonObject nested {{u"nested"_s, QJsonObject {{u"password_hash"_s, u"h"_s}}}};
        const QString short_ = eventSummary(DecodedEvent::decode(makeEvent(u"X"_s, nested), {}), {u"password_hash"_s});
        QCOMPARE(short_, u"X {\"nested\":{}}"_s);
    }

    void knownSummariesShowMaskedValuesAsThePlaceholder()
    {
        const NewEvent created = makeEvent(u"USER_CREATED"_s,
            {{u"username"_s, u"sarah"_s}, {u"email"_s, u"sarah@example.com"_s}, {u"role"_s, u"admin"_s}});
        const DecodedEvent decoded = DecodedEvent::decode(created, {});
        QCOMPARE(eventSummary(decoded, {}), u"created sarah <sarah@example.com> as admin"_s);
        QCOMPARE(
            eventSummary(decoded, {u"email"_s}), u"created sarah <\u2022\u2022\u2022\u2022\u2022\u2022> as admin"_s);
    }

    void auditRowsDescribeEveryEvent()
    {
        auto store = m_fixture.createStore();
        appendStories(*store);
        ProjectionRunner runner(*store, {std::make_shared<AuditLogProjection>()}, quickOptions());
        auto run = runner.catchUp();
        QVERIFY2(run.ok(), why(run).constData());
        const auto rows = allRows(*store, auditLogReadModel(), u"entries"_s, u"position"_s).value();
        ReadAllOptions everything;
        const auto events = store->readAll(everything).value();
        QCOMPARE(rows.size(), events.size());
        QCOMPARE(rows.size(), 14);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const auto& row = rows[i];
            const auto& event = events[i];
            QCOMPARE(row.value(u"position"_s).toLongLong(), event.position);
            QCOMPARE(row.value(u"occurred_at"_s).toString(), event.occurredAt.toIso());
            QCOMPARE(row.value(u"recorded_at"_s).toString(), event.recordedAt.toIso());
            QCOMPARE(row.value(u"stream_id"_s).toString(), event.streamId);
            QCOMPARE(row.value(u"aggregate_type"_s).toString(), event.aggregateType);
            QCOMPARE(row.value(u"revision"_s).toLongLong(), event.revision);
            QCOMPARE(row.value(u"event_type"_s).toString(), event.type);
            QVERIFY(!row.value(u"summary"_s).toString().isEmpty());
            QVERIFY(!row.value(u"summary"_s).toString().contains(u"secret"_s));
        }
        const auto& deleted = rows[8];
        QCOMPARE(deleted.value(u"event_type"_s).toString(), u"USER_DELETED"_s);
        QCOMPARE(deleted.value(u"actor"_s).toString(), u"admin@company.com"_s);
        QCOMPARE(deleted.value(u"reason"_s).toString(), u"User requested account deletion"_s);
        QCOMPARE(deleted.value(u"summary"_s).toString(), u"deleted: User requested account deletion"_s);
        QCOMPARE(rows[4].value(u"reason"_s).toString(), u"fraud_detected"_s); // from the payload
        QVERIFY(rows[3].value(u"actor"_s).isNull());

        // The incident search: who deleted, by actor and type.
        ReadModelQuery search {u"audit_log"_s, u"entries"_s,
            {{u"event_type"_s, {}, u"USER_DELETED"_s}, {u"actor"_s, {}, u"admin@company.com"_s}}, {}, {}, 10, {}};
        QCOMPARE(store->readModels().queryReadModel(auditLogReadModel(), search)->size(), 1);
    }

    void skippedEventsAdvanceTheCheckpoint()
    {
        auto store = m_fixture.createStore();
        appendFiller(*store, 10);
        ProjectionRunner runner(*store, {builtinProjection(u"users"_s)}, quickOptions());
        auto run = runner.catchUp();
        QVERIFY2(run.ok(), why(run).constData());
        const auto* users = run->find(u"users"_s);
        QCOMPARE(users->eventsScanned, 10);
        QCOMPARE(users->eventsHandled, 0);
        QCOMPARE(users->batches, 3); // 4 + 4 + 2
        const auto checkpoint = store->readModels().checkpoint(u"users"_s).value();
        QCOMPARE(checkpoint.position, 10);
        QCOMPARE(checkpoint.eventsProcessed, 0);
        QVERIFY(allRows(*store, usersReadModel(), u"users"_s, u"user_id"_s)->isEmpty());
        QCOMPARE(runner.lag().value().constFirst().state, ProjectionState::CaughtUp);
    }

    void aFailingEventIsRetriedUntilItSucceeds()
    {
        auto store = m_fixture.createStore();
        appendFiller(*store, 10);
        auto flaky = std::make_shared<FlakyProjection>(6, 3);
        QList<milliseconds> sleeps;
        QList<BatchReport> batches;
        auto options = quickOptions(&sleeps);
        options.onBatch = [&batches](const BatchReport& batch) { batches.append(batch); };
        ProjectionRunner runner(*store, {flaky}, options);
        auto run = runner.catchUp();
        QVERIFY2(run.ok(), why(run).constData());
        const auto* report = run->find(u"flaky"_s);
        QCOMPARE(report->outcome, ProjectionOutcome::CaughtUp);
        QCOMPARE(report->retries, 3);
        QCOMPARE(flaky->attemptsAtFailure.load(), 4);
        // Exponential backoff with full jitter (the test's random is just under 1): about 100, 200, 400 ms.
        QCOMPARE(sleeps, (QList<milliseconds> {milliseconds(99), milliseconds(199), milliseconds(399)}));
        // 1-4; then 5 alone (the part before the failure); then 6 alone once it succeeds; then the rest.
        QList<qint64> ends;
        for (const auto& batch : batches)
            ends.append(batch.toPosition);
        QCOMPARE(ends, (QList<qint64> {4, 5, 6, 10}));
        QCOMPARE(allRows(*store, flaky->schema(), u"seen"_s, u"position"_s)->size(), 10);
        QCOMPARE(store->readModels().checkpoint(u"flaky"_s)->eventsProcessed, 10);
    }

    void anEventThatKeepsFailingStopsTheProjectionThere()
    {
        auto store = m_fixture.createStore();
        appendFiller(*store, 10);
        auto flaky = std::make_shared<FlakyProjection>(6, 100);
        auto options = quickOptions();
        options.maxAttempts = 3;
        ProjectionRunner runner(*store, {flaky}, options);
        auto run = runner.catchUp();
        QVERIFY2(run.ok(), why(run).constData());
        QCOMPARE(run->find(u"flaky"_s)->outcome, ProjectionOutcome::Failed);
        QCOMPARE(run->find(u"flaky"_s)->failedPosition.value_or(0), 6);
        QCOMPARE(flaky->attemptsAtFailure.load(), 3);
        auto checkpoint = store->readModels().checkpoint(u"flaky"_s).value();
        QCOMPARE(checkpoint.failedPosition.value_or(0), 6);
        QCOMPARE(checkpoint.position, 5); // never past the failing event
        QVERIFY2(checkpoint.lastError.contains(u"flaky failure at 6"_s), qPrintable(checkpoint.lastError));
        QCOMPARE(allRows(*store, flaky->schema(), u"seen"_s, u"position"_s)->size(), 5);

        // A failed projection is not run again...
        QCOMPARE(runner.catchUp()->find(u"flaky"_s)->outcome, ProjectionOutcome::Failed);
        QCOMPARE(flaky->attemptsAtFailure.load(), 3);
        const auto lag = runner.lag().value().constFirst();
        QCOMPARE(lag.state, ProjectionState::Failed);
        QCOMPARE(lag.failedPosition.value_or(0), 6);
        QVERIFY(lag.lastError.contains(u"flaky failure"_s));

        // ...until resumed, which tries the failing event again.
        flaky->failuresLeft = 0;
        QVERIFY(store->readModels().controlProjection(u"flaky"_s, ProjectionControl::resume(), {}).ok());
        run = runner.catchUp();
        QCOMPARE(run->find(u"flaky"_s)->outcome, ProjectionOutcome::CaughtUp);
        QCOMPARE(flaky->attemptsAtFailure.load(), 4);
        QCOMPARE(store->readModels().checkpoint(u"flaky"_s)->position, 10);
        QCOMPARE(allRows(*store, flaky->schema(), u"seen"_s, u"position"_s)->size(), 10);
    }

    void pauseStopsAProjection()
    {
        auto store = m_fixture.createStore();
        appendStories(*store);
        QVERIFY(store->readModels().controlProjection(u"users"_s, ProjectionControl::pause(), {}).ok());
        ProjectionRunner runner(*store, builtinProjections(), quickOptions());
        auto run = runner.catchUp();
        QCOMPARE(run->find(u"users"_s)->outcome, ProjectionOutcome::Paused);
        QCOMPARE(run->find(u"audit_log"_s)->outcome, ProjectionOutcome::CaughtUp);
        QCOMPARE(store->readModels().checkpoint(u"users"_s)->position, 0);
        QCOMPARE(runner.lag().value().constFirst().state, ProjectionState::Paused);
        QVERIFY(store->readModels().controlProjection(u"users"_s, ProjectionControl::resume(), {}).ok());
        run = runner.catchUp();
        QCOMPARE(run->find(u"users"_s)->outcome, ProjectionOutcome::CaughtUp);
        QCOMPARE(store->readModels().checkpoint(u"users"_s)->position, 14);
    }

    void aProjectionLeasedElsewhereIsSkipped()
    {
        auto store = m_fixture.createStore();
        appendStories(*store);
        QVERIFY(*store->readModels().acquireLease(u"users"_s, u"someone-else"_s, milliseconds(60000)));
        ProjectionRunner runner(*store, builtinProjections(), quickOptions());
        auto run = runner.catchUp();
        QCOMPARE(run->find(u"users"_s)->outcome, ProjectionOutcome::LeaseHeldElsewhere);
        QCOMPARE(run->find(u"users"_s)->error, u"someone-else"_s);
        QCOMPARE(run->find(u"audit_log"_s)->outcome, ProjectionOutcome::CaughtUp);
        // Leases taken by the run are released at its end.
        QVERIFY(store->readModels().checkpoint(u"audit_log"_s)->leaseHolder.isEmpty());
        QCOMPARE(runner.lag().value().constFirst().leaseHolder, u"someone-else"_s);
    }

    void rebuildWritesAShadowCopyAndSwaps()
    {
        auto store = m_fixture.createStore();
        appendStories(*store);
        appendFiller(*store, 5);
        auto users = builtinProjection(u"users"_s);
        auto options = quickOptions();
        ProjectionRunner runner(*store, {users}, options);
        QVERIFY(runner.catchUp().ok());
        // Mark the live copy, so we can tell which copy readers see.
        {
            auto tx = store->readModels().beginReadModelTransaction(usersReadModel(), 1).value();
            QVERIFY(tx->put(u"users"_s, {{u"user_id"_s, u"marker"_s}, {u"username"_s, u"old copy"_s}}).ok());
            QVERIFY(tx->commitWithoutCheckpoint().ok());
        }
        const auto before = allRows(*store, usersReadModel(), u"users"_s, u"user_id"_s).value();
        QCOMPARE(before.size(), 3);

        int rebuildBatches = 0;
        options.onBatch = [&](const BatchReport& batch) {
            if (!batch.rebuild)
                return;
            ++rebuildBatches;
            QCOMPARE(batch.generation, 2);
            const auto seen = allRows(*store, usersReadModel(), u"users"_s, u"user_id"_s);
            QVERIFY(seen.ok());
            QCOMPARE(*seen, before); // readers keep the old copy until the swap
            QCOMPARE(store->readModels().checkpoint(u"users"_s)->position, 19);
        };
        ProjectionRunner rebuilder(*store, {users}, options);
        auto rebuilt = rebuilder.rebuild(u"users"_s);
        QVERIFY2(rebuilt.ok(), why(rebuilt).constData());
        QVERIFY(rebuilt->rebuildFinished);
        QCOMPARE(rebuilt->outcome, ProjectionOutcome::CaughtUp);
        QCOMPARE(rebuildBatches, 5); // 19 events, 4 a batch

        const auto checkpoint = store->readModels().checkpoint(u"users"_s).value();
        QCOMPARE(checkpoint.generation, 2);
        QCOMPARE(checkpoint.position, 19);
        QVERIFY(!checkpoint.rebuildGeneration.has_value());
        const auto after = allRows(*store, usersReadModel(), u"users"_s, u"user_id"_s).value();
        QCOMPARE(after.size(), 2);
        const auto scratch = scratchBuild(*store, users, u"users_scratch"_s, u"users"_s, u"user_id"_s).value();
        QVERIFY2(firstDifference(after, scratch).isEmpty(), qPrintable(firstDifference(after, scratch)));
        verifyUsersMatchAggregates(*store);
    }

    void aPendingRebuildIsFinishedByTheNextRun()
    {
        auto store = m_fixture.createStore();
        appendStories(*store);
        auto audit = builtinProjection(u"audit_log"_s);
        ProjectionRunner runner(*store, {audit}, quickOptions());
        QVERIFY(runner.catchUp().ok());
        QVERIFY(store->readModels()
                    .controlProjection(u"audit_log"_s, ProjectionControl::startRebuild(), audit->schema())
                    .ok());
        QCOMPARE(runner.lag().value().constFirst().state, ProjectionState::Rebuilding);
        appendFiller(*store, 3);
        auto run = runner.catchUp();
        QVERIFY(run->find(u"audit_log"_s)->rebuildFinished);
        const auto checkpoint = store->readModels().checkpoint(u"audit_log"_s).value();
        QCOMPARE(checkpoint.generation, 2);
        QCOMPARE(checkpoint.position, 17);
        const auto rows = allRows(*store, auditLogReadModel(), u"entries"_s, u"position"_s).value();
        const auto scratch = scratchBuild(*store, audit, u"audit_scratch"_s, u"entries"_s, u"position"_s).value();
        QCOMPARE(rows.size(), 17);
        QVERIFY2(firstDifference(rows, scratch).isEmpty(), qPrintable(firstDifference(rows, scratch)));
    }

    void twoRunnersApplyEveryEventExactlyOnce()
    {
        auto store = m_fixture.createStore();
        constexpr int Events = 600;
        for (int i = 0; i < 6; ++i)
            appendFiller(*store, Events / 6);
        // Bounded by time, not by rounds: a runner that finds the lease held returns at once, so a count of rounds
        // runs out in a fraction of a second on a fast machine while the other runner works.
        const QDeadlineTimer deadline(std::chrono::seconds(120));
        std::atomic<int> failures {0};
        std::atomic<int> batches[2] {0, 0};
        std::vector<std::unique_ptr<QThread>> threads;
        for (int w = 0; w < 2; ++w) {
            threads.emplace_back(QThread::create([&store, &failures, &batches, &deadline, w] {
                auto own = store->reopen();
                if (!own) {
                    qWarning() << "runner" << w << "could not open the store:" << own.error().toString();
                    ++failures;
                    return;
                }
                ProjectionRunnerOptions options;
                options.workerId = u"runner-%1"_s.arg(w);
                options.batchSize = 7;
                options.leaseDuration = milliseconds(1); // expires at once: both runners really compete
                options.onBatch = [&batches, &deadline, w](const BatchReport&) {
                    // The first runner to commit a batch waits until the other has committed one too, so they
                    // compete on every machine, however the scheduler favours the one that just committed. Its
                    // lease lapses meanwhile; the other takes it over, which is what this test is about.
                    if (++batches[w] == 1) {
                        while (batches[1 - w].load() == 0 && !deadline.hasExpired())
                            QThread::msleep(1);
                    }
                    QThread::msleep(2); // work between batches, so the two keep interleaving
                };
                ProjectionRunner runner(
                    **own, {std::make_shared<TallyProjection>(std::chrono::microseconds(300))}, options);
                while (!deadline.hasExpired()) {
                    auto run = runner.catchUp();
                    if (!run) {
                        qWarning() << "runner" << w << "failed:" << run.error().toString();
                        ++failures;
                        return;
                    }
                    const auto* tally = run->find(u"tally"_s);
                    if (tally->position >= Events)
                        return;
                    if (tally->outcome == ProjectionOutcome::LeaseHeldElsewhere)
                        QThread::msleep(1); // the other runner works: look again shortly instead of spinning
                }
                qWarning() << "runner" << w << "did not see position" << Events << "before the deadline";
                ++failures;
            }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            QVERIFY(thread->wait(QDeadlineTimer(std::chrono::seconds(180))));
        QCOMPARE(failures.load(), 0);
        qInfo() << "batches per runner:" << batches[0].load() << batches[1].load();
        QVERIFY(batches[0].load() > 0 && batches[1].load() > 0); // they did compete
        const auto rows = allRows(*store, TallyProjection().schema(), u"applied"_s, u"position"_s).value();
        QCOMPARE(rows.size(), Events);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].value(u"position"_s).toLongLong(), i + 1);
            QCOMPARE(rows[i].value(u"times"_s).toLongLong(), 1);
        }
        QCOMPARE(store->readModels().checkpoint(u"tally"_s)->eventsProcessed, Events);
    }

    void aBackgroundProjectionRestsOnlyWhileWritersOutrunIt()
    {
        auto store = m_fixture.createStore();
        appendFiller(*store, 20);
        QCOMPARE(builtinProjection(u"search_index"_s)->background(), true);
        QCOMPARE(builtinProjection(u"users"_s)->background(), false);
        QCOMPARE(projectionsWhere(builtinProjections(), true).size(), 1);
        QCOMPARE(projectionsWhere(builtinProjections(), false).size(), 2);

        // Writers append a batch's worth during each of the first three batches, then stop: three rests (each
        // nine batch times, at least 1 ms, at most 2 s), then the projection catches up without any.
        const auto followWithWriters = [&](const std::shared_ptr<Projection>& projection) {
            QList<milliseconds> rests;
            ProjectionRunnerOptions options = quickOptions(&rests);
            std::atomic<bool> stop {false};
            int batches = 0;
            options.onBatch = [&](const BatchReport&) {
                if (++batches <= 3)
                    appendFiller(*store, int(options.batchSize));
            };
            options.onProjectionRun = [&](const ProjectionRunReport& report) {
                if (report.outcome == ProjectionOutcome::CaughtUp && batches > 3
                    && report.position == store->headPosition().value())
                    stop = true;
            };
            ProjectionRunner runner(*store, {projection}, options);
            if (!runner.follow(stop, milliseconds(10)))
                rests.append(milliseconds(-1));
            return rests;
        };
        const QList<milliseconds> rests = followWithWriters(builtinProjection(u"search_index"_s));
        QCOMPARE(rests.size(), 3);
        for (const milliseconds rest : rests)
            QVERIFY2(rest >= milliseconds(1) && rest <= milliseconds(2000), qPrintable(QString::number(rest.count())));
        QCOMPARE(store->readModels().checkpoint(u"search_index"_s)->position, store->headPosition().value());
        // A projection readers rely on never rests, writers or not.
        QCOMPARE(followWithWriters(builtinProjection(u"audit_log"_s)).size(), 0);
        QCOMPARE(store->readModels().checkpoint(u"audit_log"_s)->position, store->headPosition().value());

        // A one-off run does what it was asked at once.
        appendFiller(*store, 20);
        QList<milliseconds> sleeps;
        ProjectionRunnerOptions options = quickOptions(&sleeps);
        options.onBatch = [&](const BatchReport&) { appendFiller(*store, 4); };
        ProjectionRunner once(*store, {builtinProjection(u"search_index"_s)}, options);
        QVERIFY(once.catchUp().ok());
        QVERIFY(sleeps.isEmpty());
    }

    void followKeepsUpAndStopsPromptly()
    {
        auto store = m_fixture.createStore();
        appendFiller(*store, 20);
        std::atomic<bool> stop {false};
        std::atomic<bool> ok {true};
        auto worker = std::unique_ptr<QThread>(QThread::create([&store, &stop, &ok] {
            auto own = store->reopen();
            if (!own) {
                ok = false;
                return;
            }
            ProjectionRunnerOptions options;
            options.workerId = u"follower"_s;
            ProjectionRunner runner(**own, builtinProjections(), options);
            if (!runner.follow(stop, milliseconds(100)))
                ok = false;
        }));
        worker->start();
        const auto reaches = [&store](qint64 position) {
            return QTest::qWaitFor(
                [&] {
                    auto users = store->readModels().checkpoint(u"users"_s);
                    auto audit = store->readModels().checkpoint(u"audit_log"_s);
                    return users && audit && users->position >= position && audit->position >= position;
                },
                30000);
        };
        QVERIFY(reaches(20));
        appendStories(*store);
        QVERIFY(reaches(34));
        QCOMPARE(allRows(*store, usersReadModel(), u"users"_s, u"user_id"_s)->size(), 2);
        // It stops without another commit to wake it: at the latest when its 100 ms poll ends. The deadline only
        // catches a hang; how soon is not asserted, since a loaded machine may take longer.
        stop = true;
        QVERIFY(worker->wait(QDeadlineTimer(std::chrono::seconds(60))));
        QVERIFY(ok.load());
        QVERIFY(store->readModels().checkpoint(u"users"_s)->leaseHolder.isEmpty()); // released on the way out
    }

    void lagStates()
    {
        auto store = m_fixture.createStore();
        auto users = builtinProjection(u"users"_s);
        const milliseconds stalledAfter(10000);
        const auto lagAt = [&](Timestamp now) { return computeLag(*store, {users}, now, stalledAfter).value()[0]; };

        QCOMPARE(lagAt(Timestamp::now()).state, ProjectionState::CaughtUp); // nothing to do
        appendStories(*store);
        const Timestamp firstRecorded = store->readAll({}).value().constFirst().recordedAt;
        // Never ran: running while the events are fresh, stalled once they have waited past the threshold.
        auto lag = lagAt(firstRecorded.addSecs(2));
        QCOMPARE(lag.state, ProjectionState::Running);
        QCOMPARE(lag.lagEvents, 14);
        QCOMPARE(lag.headPosition, 14);
        QCOMPARE(lag.checkpointPosition, 0);
        QCOMPARE(lag.lagTime, std::chrono::microseconds(2000000));
        QCOMPARE(lagAt(firstRecorded.addSecs(11)).state, ProjectionState::Stalled);
        QCOMPARE(projectionStateName(ProjectionState::Stalled), u"stalled"_s);

        ProjectionRunner runner(*store, {users}, quickOptions());
        QVERIFY(runner.catchUp().ok());
        lag = lagAt(Timestamp::now().addSecs(3600));
        QCOMPARE(lag.state, ProjectionState::CaughtUp);
        QCOMPARE(lag.lagEvents, 0);
        QCOMPARE(lag.lagTime, std::chrono::microseconds(0));
        QVERIFY(lag.throughput > 0);
        QCOMPARE(lag.eventsProcessed, 13);

        // New events after an idle checkpoint: running at first, stalled when the checkpoint does not move.
        appendFiller(*store, 3);
        ReadAllOptions after;
        after.cursor = 14;
        const Timestamp newRecorded = store->readAll(after).value().constFirst().recordedAt;
        lag = lagAt(newRecorded.addSecs(1));
        QCOMPARE(lag.state, ProjectionState::Running);
        QCOMPARE(lag.lagEvents, 3);
        QCOMPARE(lag.lagTime, std::chrono::microseconds(1000000));
        QCOMPARE(lagAt(newRecorded.addSecs(10)).state, ProjectionState::Stalled);

        auto& models = store->readModels();
        QVERIFY(models.controlProjection(u"users"_s, ProjectionControl::startRebuild(), users->schema()).ok());
        QCOMPARE(lagAt(newRecorded.addSecs(60)).state, ProjectionState::Rebuilding);
        QCOMPARE(lagAt(newRecorded).rebuildPosition.value_or(-1), 0);
        // The new copy starts from nothing: its own lag in time is the age of the store's first event, while the
        // copy readers see keeps its own.
        const auto rebuilding = lagAt(newRecorded.addSecs(5));
        QCOMPARE(rebuilding.rebuildLagTime,
            std::chrono::microseconds(newRecorded.addSecs(5).micros() - firstRecorded.micros()));
        QCOMPARE(rebuilding.lagTime, std::chrono::microseconds(5000000));
        QVERIFY(models.controlProjection(u"users"_s, ProjectionControl::markFailed(15, u"boom"_s), {}).ok());
        QCOMPARE(lagAt(newRecorded).state, ProjectionState::Failed);
        QVERIFY(models.controlProjection(u"users"_s, ProjectionControl::pause(), {}).ok());
        QCOMPARE(lagAt(newRecorded).state, ProjectionState::Paused); // paused wins over failed
        QCOMPARE(lagAt(newRecorded).lastError, u"boom"_s);

        QVERIFY(*models.acquireLease(u"users"_s, u"w1"_s, milliseconds(60000)));
        const auto leased = lagAt(Timestamp::now());
        QCOMPARE(leased.leaseHolder, u"w1"_s);
        QVERIFY(leased.leaseSince.micros() > 0);
        QVERIFY(lagAt(Timestamp::now().addSecs(120)).leaseHolder.isEmpty()); // expired by then
    }

    void stateRules_data()
    {
        QTest::addColumn<QString>("flags");
        QTest::addColumn<qint64>("checkpoint");
        QTest::addColumn<qint64>("movedSecondsAgo");
        QTest::addColumn<qint64>("waitingSecondsAgo");
        QTest::addColumn<QString>("expected");
        QTest::newRow("caught up") << u""_s << 10LL << 3600LL << -1LL << u"caught up"_s;
        QTest::newRow("running") << u""_s << 5LL << 2LL << 30LL << u"running"_s;
        QTest::newRow("fresh events") << u""_s << 5LL << 3600LL << 1LL << u"running"_s;
        QTest::newRow("stalled") << u""_s << 5LL << 30LL << 30LL << u"stalled"_s;
        QTest::newRow("never ran") << u""_s << 0LL << 100000LL << 20LL << u"stalled"_s;
        QTest::newRow("rebuilding") << u"r"_s << 5LL << 30LL << 30LL << u"rebuilding"_s;
        QTest::newRow("failed") << u"fr"_s << 5LL << 30LL << 30LL << u"failed"_s;
        QTest::newRow("paused") << u"pfr"_s << 10LL << 30LL << -1LL << u"paused"_s;
    }

    void stateRules()
    {
        QFETCH(QString, flags);
        QFETCH(qint64, checkpoint);
        QFETCH(qint64, movedSecondsAgo);
        QFETCH(qint64, waitingSecondsAgo);
        QFETCH(QString, expected);
        const Timestamp now = *Timestamp::parse(u"2025-03-17T12:00:00Z");
        std::optional<Timestamp> waiting;
        if (waitingSecondsAgo >= 0)
            waiting = now.addSecs(-waitingSecondsAgo);
        const auto state = classifyProjection(flags.contains(u'p'), flags.contains(u'f'), flags.contains(u'r'),
            checkpoint, 10, now.addSecs(-movedSecondsAgo), waiting, now, milliseconds(10000));
        QCOMPARE(projectionStateName(state), expected);
    }

    void backoffIsExponentialWithFullJitter()
    {
        const milliseconds base(100);
        const milliseconds max(5000);
        QCOMPARE(ProjectionRunner::backoffDelay(1, base, max, 1.0), milliseconds(100));
        QCOMPARE(ProjectionRunner::backoffDelay(2, base, max, 1.0), milliseconds(200));
        QCOMPARE(ProjectionRunner::backoffDelay(4, base, max, 1.0), milliseconds(800));
        QCOMPARE(ProjectionRunner::backoffDelay(7, base, max, 1.0), milliseconds(5000));
        QCOMPARE(ProjectionRunner::backoffDelay(60, base, max, 1.0), milliseconds(5000));
        QCOMPARE(ProjectionRunner::backoffDelay(3, base, max, 0.5), milliseconds(200));
        QCOMPARE(ProjectionRunner::backoffDelay(3, base, max, 0.0), milliseconds(0));
        QVERIFY(ProjectionRunner::defaultWorkerId().count(u':') >= 2);
    }
};

QTEST_GUILESS_MAIN(ProjectionsTest)
#include "tst_projections.moc"
