// SPDX-License-Identifier: GPL-3.0-or-later
// The outbox dispatcher and the welcome mail sender: at-least-once delivery made exactly-once in effect by the
// idempotency key, retries with backoff, parking, manual retry and discard, lost leases, competing workers.
// CTest runs it once per backend (FLASHBACK_TEST_BACKEND).
#include "eventscript.h"
#include "outbox/outboxdispatcher.h"
#include "outbox/welcomemailsender.h"
#include "projections/readmodelschemas.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "storefixture.h"
#include "util/uuid.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <QThread>

#include <array>
#include <atomic>
#include <chrono>
#include <latch>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

const QString Topic = QString(WelcomeMailSender::Topic);

/// A clock the test moves by hand. It starts at the real time, because rows committed or retried by the store
/// are due from the real time.
struct ManualClock {
    Timestamp now = Timestamp::now();
    std::function<Timestamp()> function()
    {
        return [this] { return now; };
    }
    void advance(std::chrono::milliseconds by) { now = now.addMicros(qint64(by.count()) * 1000); }
};

OutboxDispatcherOptions optionsFor(ManualClock& clock, const QString& worker, double jitter = 1.0)
{
    OutboxDispatcherOptions options;
    options.workerId = worker;
    options.clock = clock.function();
    options.random = [jitter] { return jitter; };
    return options;
}

NewEvent userCreated(int i)
{
    return makeEvent(u"USER_CREATED"_s,
        {{u"username"_s, u"user%1"_s.arg(i)}, {u"email"_s, u"user%1@example.com"_s.arg(i)}, {u"first_name"_s, u"Ada"_s},
            {u"last_name"_s, u"Lovelace %1"_s.arg(i)}, {u"role"_s, u"user"_s}},
        u"admin"_s);
}

/// Creates `count` users in one commit, each with its welcome mail in the outbox, as the command path does.
void commitUsers(EventStore& store, int count, QList<OutboxMessage>* messages = nullptr)
{
    UnitOfWork work;
    for (int i = 0; i < count; ++i) {
        const QString streamId = uuidText(QUuid::createUuid());
        const NewEvent event = userCreated(i);
        work.appends.append({streamId, u"User"_s, ExpectedRevision::noStream(), {event}, {}});
        work.outbox.append(WelcomeMailSender::welcomeMailFor(streamId, event));
    }
    auto committed = store.commit(work);
    QVERIFY2(committed.ok(), why(committed).constData());
    if (messages)
        *messages = work.outbox;
}

QList<ReadModelRow> mails(EventStore& store)
{
    const ReadModelSchema schema = mailboxReadModel();
    ReadModelQuery all {schema.projection, u"sent_emails"_s, {}, {}, {{u"idempotency_key"_s, false}}, 100000, {}};
    auto rows = store.readModels().queryReadModel(schema, all);
    return rows ? *rows : QList<ReadModelRow> {};
}

OutboxEntry onlyEntry(EventStore& store)
{
    const auto entries = store.outbox().listOutbox({});
    return entries && entries->size() == 1 ? entries->constFirst() : OutboxEntry {};
}

} // namespace

class OutboxDispatcherTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

private Q_SLOTS:
    void initTestCase() { qInfo() << "backend:" << m_fixture.backend(); }

    void welcomeMailForIsBuiltFromTheEvent()
    {
        const NewEvent event = userCreated(7);
        const OutboxMessage message = WelcomeMailSender::welcomeMailFor(u"stream-7"_s, event);
        QCOMPARE(message.idempotencyKey, u"welcome_email:"_s + uuidText(event.eventId));
        QCOMPARE(message.topic, Topic);
        QCOMPARE(message.streamId, u"stream-7"_s);
        QCOMPARE(message.eventId, event.eventId);
        const QJsonObject payload = QJsonDocument::fromJson(message.payload).object();
        QCOMPARE(payload.value(u"to"_s).toString(), u"user7@example.com"_s);
        QCOMPARE(payload.value(u"name"_s).toString(), u"Ada Lovelace 7"_s);
        QCOMPARE(payload.value(u"username"_s).toString(), u"user7"_s);
        QCOMPARE(payload.value(u"user_id"_s).toString(), u"stream-7"_s);
        QCOMPARE(WelcomeMailSender::welcomeMailFor(u"stream-7"_s, event).payload, message.payload); // pure
    }

    void committedRowsAreDeliveredOnce()
    {
        auto store = m_fixture.createStore();
        QList<OutboxMessage> messages;
        commitUsers(*store, 3, &messages);
        ManualClock clock;
        WelcomeMailSender sender(*store, clock.function());
        OutboxDispatcher dispatcher(*store, optionsFor(clock, u"worker-1"_s));
        dispatcher.registerHandler(Topic, sender.handler());

        auto report = dispatcher.dispatchUntilIdle();
        QVERIFY2(report.ok(), why(report).constData());
        QCOMPARE(report->delivered, 3);
        QCOMPARE(report->retried + report->parked + report->lostLease, 0);
        const auto sent = mails(*store);
        QCOMPARE(sent.size(), 3);
        const OutboxMessage& first = messages.constFirst();
        const auto mail = std::find_if(sent.begin(), sent.end(),
            [&](const ReadModelRow& row) { return row.value(u"idempotency_key"_s) == first.idempotencyKey; });
        QVERIFY(mail != sent.end());
        QCOMPARE(mail->value(u"to_address"_s).toString(), u"user0@example.com"_s);
        QCOMPARE(mail->value(u"subject"_s).toString(), u"Welcome to Flashback, Ada Lovelace 0!"_s);
        QVERIFY(mail->value(u"body"_s).toString().contains(u"user0"_s));
        QCOMPARE(mail->value(u"user_id"_s).toString(), first.streamId);
        QCOMPARE(mail->value(u"event_id"_s).toString(), uuidText(first.eventId));
        QCOMPARE(mail->value(u"sent_at"_s).toString(), clock.now.toIso());

        // A completed row is never handed out again, not even long after its lease.
        for (int round = 0; round < 5; ++round) {
            clock.advance(std::chrono::hours(1));
            QCOMPARE(dispatcher.dispatchOnce()->claimed, 0);
        }
        QCOMPARE(mails(*store).size(), 3);
        QCOMPARE(store->outbox().outboxCounts()->value(OutboxStatus::Completed), 3);
    }

    void failuresAreRetriedWithGrowingBackoff()
    {
        auto store = m_fixture.createStore();
        commitUsers(*store, 1);
        ManualClock clock;
        WelcomeMailSender sender(*store, clock.function());
        OutboxDispatcher dispatcher(*store, optionsFor(clock, u"worker-1"_s, 0.75));
        int calls = 0;
        dispatcher.registerHandler(Topic, [&](const OutboxEntry& entry) -> Status {
            if (++calls <= 2)
                return Error::make(ErrorKind::StoreUnavailable, u"SMTP 451 try again later"_s);
            return sender.deliver(entry);
        });

        std::chrono::microseconds previous {0};
        for (int attempt = 1; attempt <= 2; ++attempt) {
            const Timestamp failedAt = clock.now;
            QCOMPARE(dispatcher.dispatchOnce()->retried, 1);
            const OutboxEntry entry = onlyEntry(*store);
            QCOMPARE(entry.status, OutboxStatus::Pending);
            QCOMPARE(entry.attempts, attempt);
            QVERIFY(entry.lastError.contains(u"SMTP 451"_s));
            const std::chrono::microseconds delay(entry.nextAttemptAt.micros() - failedAt.micros());
            QCOMPARE(delay, dispatcher.backoff(attempt)); // 0.75 of the cap, by the injected jitter
            QVERIFY(delay <= dispatcher.backoffCap(attempt));
            QVERIFY(delay > previous);
            previous = delay;
            // Not due before its time.
            QCOMPARE(dispatcher.dispatchOnce()->claimed, 0);
            clock.now = entry.nextAttemptAt;
        }
        QCOMPARE(dispatcher.dispatchOnce()->delivered, 1);
        QCOMPARE(calls, 3);
        QCOMPARE(onlyEntry(*store).attempts, 3);
        QCOMPARE(onlyEntry(*store).status, OutboxStatus::Completed);
        QCOMPARE(mails(*store).size(), 1);
    }

    void backoffIsExponentialWithFullJitter()
    {
        auto store = m_fixture.createStore();
        OutboxDispatcher dispatcher(*store); // default options: 1 s doubling up to 5 min, random jitter
        using std::chrono::seconds;
        QCOMPARE(dispatcher.backoffCap(1), seconds(1));
        QCOMPARE(dispatcher.backoffCap(2), seconds(2));
        QCOMPARE(dispatcher.backoffCap(5), seconds(16));
        QCOMPARE(dispatcher.backoffCap(9), seconds(256));
        QCOMPARE(dispatcher.backoffCap(10), seconds(300));
        QCOMPARE(dispatcher.backoffCap(1000), seconds(300));
        QSet<qint64> seen;
        for (int i = 0; i < 200; ++i) {
            const auto delay = dispatcher.backoff(4);
            QVERIFY(delay >= std::chrono::microseconds(0));
            QVERIFY(delay <= seconds(8));
            seen.insert(delay.count());
        }
        QVERIFY(seen.size() > 100); // jittered, not one fixed delay
        QVERIFY(dispatcher.workerId().count(u':') >= 2); // host:pid:random
        QVERIFY(dispatcher.workerId() != OutboxDispatcher(*store).workerId());
    }

    void lastAttemptParksTheRowUntilRetried()
    {
        auto store = m_fixture.createStore();
        commitUsers(*store, 1);
        ManualClock clock;
        WelcomeMailSender sender(*store, clock.function());
        auto options = optionsFor(clock, u"worker-1"_s);
        options.maxAttempts = 3;
        OutboxDispatcher dispatcher(*store, options);
        bool failing = true;
        dispatcher.registerHandler(Topic, [&](const OutboxEntry& entry) -> Status {
            if (failing)
                return Error::make(ErrorKind::StoreUnavailable, u"SMTP 554 mailbox unavailable"_s);
            return sender.deliver(entry);
        });

        for (int attempt = 1; attempt <= 3; ++attempt) {
            const auto report = *dispatcher.dispatchOnce();
            QCOMPARE(report.retried, attempt < 3 ? 1 : 0);
            QCOMPARE(report.parked, attempt < 3 ? 0 : 1);
            clock.advance(std::chrono::minutes(10)); // past any backoff
        }
        OutboxEntry parked = onlyEntry(*store);
        QCOMPARE(parked.status, OutboxStatus::Failed);
        QCOMPARE(parked.attempts, 3);
        QVERIFY(parked.lastError.contains(u"SMTP 554 mailbox unavailable"_s));
        QCOMPARE(dispatcher.dispatchUntilIdle()->claimed, 0);
        QVERIFY(mails(*store).isEmpty());

        // Someone fixes the mail server and retries the row by hand.
        failing = false;
        QVERIFY(*store->outbox().retryOutbox(parked.id));
        QCOMPARE(onlyEntry(*store).status, OutboxStatus::Pending);
        clock.now = std::max(clock.now, Timestamp::now()); // the store makes it due at the real time
        QCOMPARE(dispatcher.dispatchOnce()->delivered, 1);
        QCOMPARE(onlyEntry(*store).status, OutboxStatus::Completed);
        QCOMPARE(mails(*store).size(), 1);
    }

    void discardedRowIsNeverDelivered()
    {
        auto store = m_fixture.createStore();
        commitUsers(*store, 1);
        ManualClock clock;
        auto options = optionsFor(clock, u"worker-1"_s);
        options.maxAttempts = 1;
        OutboxDispatcher dispatcher(*store, options);
        int calls = 0;
        dispatcher.registerHandler(Topic, [&](const OutboxEntry&) -> Status {
            ++calls;
            return Error::make(ErrorKind::StoreUnavailable, u"no route to mail host"_s);
        });
        QCOMPARE(dispatcher.dispatchOnce()->parked, 1);
        QVERIFY(*store->outbox().discardOutbox(onlyEntry(*store).id));
        clock.advance(std::chrono::hours(24));
        QCOMPARE(dispatcher.dispatchUntilIdle()->claimed, 0);
        QCOMPARE(calls, 1);
        QCOMPARE(onlyEntry(*store).status, OutboxStatus::Discarded);
        QVERIFY(mails(*store).isEmpty());
    }

    void redeliveryAfterALostLeaseMakesNoSecondMail()
    {
        auto store = m_fixture.createStore();
        commitUsers(*store, 1);
        auto other = store->reopen();
        QVERIFY2(other.ok(), why(other).constData());
        ManualClock clock;
        const Timestamp firstDelivery = clock.now;
        WelcomeMailSender senderA(*store, clock.function());
        WelcomeMailSender senderB(**other, clock.function());
        OutboxDispatcher workerB(**other, optionsFor(clock, u"worker-b"_s));
        workerB.registerHandler(Topic, senderB.handler());
        OutboxDispatcher workerA(*store, optionsFor(clock, u"worker-a"_s));
        DispatchReport takeover;
        workerA.registerHandler(Topic, [&](const OutboxEntry& entry) -> Status {
            if (auto sent = senderA.deliver(entry); !sent) // the mail is written...
                return sent;
            // ...then worker A stalls past its lease before completing, and worker B takes the row over.
            clock.advance(workerA.options().lease + std::chrono::seconds(1));
            auto report = workerB.dispatchOnce();
            if (report)
                takeover = *report;
            return {};
        });

        auto report = workerA.dispatchOnce();
        QVERIFY2(report.ok(), why(report).constData());
        QCOMPARE(takeover.claimed, 1);
        QCOMPARE(takeover.delivered, 1);
        QCOMPARE(report->delivered, 0);
        QCOMPARE(report->lostLease, 1); // A's completion came too late and was dropped
        const auto sent = mails(*store);
        QCOMPARE(sent.size(), 1);
        QCOMPARE(sent.constFirst().value(u"sent_at"_s).toString(), firstDelivery.toIso()); // the first mail stands
        const OutboxEntry entry = onlyEntry(*store);
        QCOMPARE(entry.status, OutboxStatus::Completed);
        QCOMPARE(entry.attempts, 2);
        clock.advance(std::chrono::hours(1));
        QCOMPARE(workerA.dispatchOnce()->claimed, 0);
        QCOMPARE(workerB.dispatchOnce()->claimed, 0);
    }

    void twoDispatchersInThreadsDeliverEachMailOnce()
    {
        auto store = m_fixture.createStore();
        commitUsers(*store, 200);
        std::atomic<int> handled {0};
        std::latch ready(2);
        std::array<DispatchReport, 2> reports;
        std::array<QString, 2> errors;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int w = 0; w < 2; ++w) {
            threads.emplace_back(QThread::create([&, w] {
                auto own = store->reopen(); // each worker has its own connection
                if (!own) {
                    errors[size_t(w)] = own.error().toString();
                    ready.count_down(); // the other worker must not wait for this one
                    return;
                }
                WelcomeMailSender sender(**own);
                OutboxDispatcherOptions options;
                options.batchSize = 5;
                // A lease no batch outlasts, however loaded the machine: a lost lease here would be the clock's doing.
                options.lease = std::chrono::minutes(10);
                OutboxDispatcher dispatcher(**own, options);
                dispatcher.registerHandler(Topic, [&](const OutboxEntry& entry) {
                    ++handled;
                    QThread::usleep(100); // a little mail-server latency, so the workers overlap
                    return sender.deliver(entry);
                });
                // Start together, so both workers compete for the rows instead of one draining them alone.
                ready.arrive_and_wait();
                auto report = dispatcher.dispatchUntilIdle();
                if (report)
                    reports[size_t(w)] = *report;
                else
                    errors[size_t(w)] = report.error().toString();
            }));
        }
        for (auto& thread : threads)
            thread->start();
        for (auto& thread : threads)
            thread->wait();
        QCOMPARE(errors[0], QString());
        QCOMPARE(errors[1], QString());
        qInfo() << "delivered per worker:" << reports[0].delivered << reports[1].delivered;
        QCOMPARE(reports[0].delivered + reports[1].delivered, 200);
        QCOMPARE(reports[0].retried + reports[1].retried + reports[0].lostLease + reports[1].lostLease, 0);
        QCOMPARE(handled.load(), 200);
        QCOMPARE(mails(*store).size(), 200);
        QCOMPARE(store->outbox().outboxCounts()->value(OutboxStatus::Completed), 200);
    }

    void unknownTopicIsParkedWithAClearError()
    {
        auto store = m_fixture.createStore();
        UnitOfWork work;
        work.outbox.append({u"sms_reminder:1"_s, u"sms_reminder"_s, u"stream-1"_s, QUuid::createUuid(), "{}"});
        QVERIFY(store->commit(work).ok());
        ManualClock clock;
        WelcomeMailSender sender(*store, clock.function());

        // A dispatcher limited to its own topics leaves the row alone.
        auto limited = optionsFor(clock, u"worker-limited"_s);
        limited.onlyRegisteredTopics = true;
        OutboxDispatcher polite(*store, limited);
        polite.registerHandler(Topic, sender.handler());
        QCOMPARE(polite.dispatchOnce()->claimed, 0);

        OutboxDispatcher dispatcher(*store, optionsFor(clock, u"worker-1"_s));
        dispatcher.registerHandler(Topic, sender.handler());
        const auto report = *dispatcher.dispatchOnce();
        QCOMPARE(report.claimed, 1);
        QCOMPARE(report.delivered, 0);
        QCOMPARE(report.parked, 1);
        const OutboxEntry entry = onlyEntry(*store);
        QCOMPARE(entry.status, OutboxStatus::Failed);
        QVERIFY2(entry.lastError.contains(u"No handler"_s), qPrintable(entry.lastError));
        QVERIFY(entry.lastError.contains(u"\"sms_reminder\""_s));
        QVERIFY(mails(*store).isEmpty());
    }

    void leaseShorterThanADeliveryDoesNotSpin()
    {
        auto store = m_fixture.createStore();
        commitUsers(*store, 1);
        ManualClock clock;
        WelcomeMailSender sender(*store, clock.function());
        auto options = optionsFor(clock, u"worker-1"_s);
        options.lease = std::chrono::milliseconds(0); // expired as soon as taken
        OutboxDispatcher dispatcher(*store, options);
        dispatcher.registerHandler(Topic, sender.handler());
        const auto report = *dispatcher.dispatchUntilIdle();
        QCOMPARE(report.lostLease, 1);
        QCOMPARE(report.delivered, 0);
        QVERIFY(mails(*store).isEmpty()); // not handled without a valid lease
    }

    void malformedPayloadIsRetriedWithTheReason()
    {
        auto store = m_fixture.createStore();
        UnitOfWork work;
        work.outbox.append({u"welcome_email:x"_s, Topic, u"stream-1"_s, QUuid::createUuid(), R"({"name":"Nobody"})"});
        QVERIFY(store->commit(work).ok());
        ManualClock clock;
        WelcomeMailSender sender(*store, clock.function());
        OutboxDispatcher dispatcher(*store, optionsFor(clock, u"worker-1"_s));
        dispatcher.registerHandler(Topic, sender.handler());
        QCOMPARE(dispatcher.dispatchOnce()->retried, 1);
        QVERIFY(onlyEntry(*store).lastError.contains(u"no recipient"_s));
        QVERIFY(mails(*store).isEmpty());
    }
};

QTEST_GUILESS_MAIN(OutboxDispatcherTest)
#include "tst_outboxdispatcher.moc"
