// SPDX-License-Identifier: GPL-3.0-or-later
// The store contract: every backend (in-memory, SQLite, PostgreSQL) must pass this suite unchanged.
// CTest runs it once per backend with FLASHBACK_TEST_BACKEND set.
#include "eventscript.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "storefixture.h"
#include "util/uuid.h"
#include "watchdog.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThread>

#include <csignal>
#include <optional>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

class StoreContractTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

    /// Subscriptions of a store opened with these look for other processes' commits only every
    /// LongerThanAnyDeadline: what ends their wait in time is a commit's own wake-up (or cancel()).
    static StoreOptions slowPolling()
    {
        StoreOptions options = StoreFixture::defaultOptions();
        options.pollInterval = LongerThanAnyDeadline;
        return options;
    }

    static QString stream(int n) { return u"stream-"_s + QString::number(n); }
    static QJsonObject payload(const RecordedEvent& event) { return QJsonDocument::fromJson(event.data).object(); }

    /// Appends `script` to `streamId` with no concurrency check and fails the test on error.
    static CommitResult put(
        EventStore& store, const QString& streamId, const QString& script, const QString& aggregateType = u"Test"_s)
    {
        auto result = store.append(streamId, aggregateType, ExpectedRevision::any(), eventScript(script));
        if (!result)
            qFatal("append failed: %s", qPrintable(result.error().toString()));
        return *result;
    }

    static void verifyNoGapsOrDuplicates(EventStore& store, const QString& streamId, qint64 expectedCount)
    {
        auto events = store.readStream(streamId, {});
        QVERIFY(events.ok());
        QCOMPARE(events->size(), expectedCount);
        verifyRevisionsAndPositions(*events);
    }

    /// Revisions 1..N without a gap, positions rising and each used once.
    static void verifyRevisionsAndPositions(const QList<RecordedEvent>& events)
    {
        QSet<qint64> positions;
        for (qsizetype i = 0; i < events.size(); ++i) {
            QCOMPARE(events.at(i).revision, i + 1);
            positions.insert(events.at(i).position);
            if (i > 0)
                QVERIFY(events.at(i).position > events.at(i - 1).position);
        }
        QCOMPARE(positions.size(), events.size());
    }

private Q_SLOTS:
    void initTestCase() { qInfo() << "backend:" << m_fixture.backend(); }

    void appendAssignsRevisionsAndPositions()
    {
        auto store = m_fixture.createStore();
        const auto first = put(*store, stream(1), u"A; B; C"_s);
        QCOMPARE(first.events.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(first.events[i].revision, i + 1);
            QCOMPARE(first.events[i].position, i + 1);
            QCOMPARE(first.events[i].streamId, stream(1));
        }
        const auto second = put(*store, stream(2), u"D"_s);
        QCOMPARE(second.events[0].revision, 1);
        QCOMPARE(second.events[0].position, 4);
        QCOMPARE(*store->headPosition(), 4);
        const auto info = *store->stream(stream(1));
        QVERIFY(info.has_value());
        QCOMPARE(info->revision, 3);
        QCOMPARE(info->aggregateType, u"Test"_s);
        QCOMPARE(info->lastEventType, u"C"_s);
        QCOMPARE(info->firstPosition, 1);
        QCOMPARE(info->lastPosition, 3);
    }

    void eventsRoundTripExactly()
    {
        auto store = m_fixture.createStore();
        auto events = eventScript(
            u"USER_CREATED@2025-03-17T10:00:00.123456Z actor=admin@company.com reason=onboarding version=2 "
            u"{\"name\":\"Zoë Ñandú 北京\",\"n\":42,\"nested\":{\"a\":[1,2]}}"_s);
        events[0].metadata.correlationId = u"corr-1"_s;
        events[0].metadata.extra.insert(u"tenant"_s, u"acme"_s);
        auto result = store->append(u"s"_s, u"User"_s, ExpectedRevision::noStream(), events);
        QVERIFY(result.ok());
        const auto read = *store->readStream(u"s"_s, {});
        QCOMPARE(read.size(), 1);
        const RecordedEvent& event = read[0];
        QCOMPARE(event.eventId, events[0].eventId);
        QCOMPARE(event.type, u"USER_CREATED"_s);
        QCOMPARE(event.schemaVersion, 2);
        QCOMPARE(event.aggregateType, u"User"_s);
        QCOMPARE(event.occurredAt.toIso(), u"2025-03-17T10:00:00.123456Z"_s);
        QCOMPARE(event.recordedAt, result->recordedAt);
        QCOMPARE(payload(event).value(u"name"_s).toString(), u"Zoë Ñandú 北京"_s);
        QCOMPARE(payload(event).value(u"nested"_s).toObject().value(u"a"_s).toArray().size(), 2);
        const EventMetadata metadata = event.metadataObject();
        QCOMPARE(metadata.actor, u"admin@company.com"_s);
        QCOMPARE(metadata.reason, u"onboarding"_s);
        QCOMPARE(metadata.correlationId, u"corr-1"_s);
        QCOMPARE(metadata.extra.value(u"tenant"_s).toString(), u"acme"_s);
        QCOMPARE(result->events[0].data, event.data);
    }

    void expectedRevisionIsEnforced_data()
    {
        QTest::addColumn<int>("existing"); // events already in the stream (0 = no stream)
        QTest::addColumn<QString>("expectation");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("no stream, on a new stream") << 0 << u"none"_s << true;
        QTest::newRow("no stream, on an existing stream") << 2 << u"none"_s << false;
        QTest::newRow("exists, on a new stream") << 0 << u"exists"_s << false;
        QTest::newRow("exists, on an existing stream") << 2 << u"exists"_s << true;
        QTest::newRow("exact, matching") << 2 << u"2"_s << true;
        QTest::newRow("exact, stale") << 3 << u"2"_s << false;
        QTest::newRow("exact, ahead") << 1 << u"2"_s << false;
        QTest::newRow("exact 0 means no stream") << 0 << u"0"_s << true;
        QTest::newRow("any, new") << 0 << u"any"_s << true;
        QTest::newRow("any, existing") << 5 << u"any"_s << true;
    }

    void expectedRevisionIsEnforced()
    {
        QFETCH(int, existing);
        QFETCH(QString, expectation);
        QFETCH(bool, accepted);
        auto store = m_fixture.createStore();
        if (existing > 0)
            put(*store, u"s"_s, QStringList(existing, u"E"_s).join(u';'));
        const ExpectedRevision expected = expectation == u"none"_s ? ExpectedRevision::noStream()
            : expectation == u"exists"_s                           ? ExpectedRevision::streamExists()
            : expectation == u"any"_s                              ? ExpectedRevision::any()
                                                                   : ExpectedRevision::exact(expectation.toLongLong());
        const qint64 headBefore = *store->headPosition();
        auto result = store->append(u"s"_s, u"Test"_s, expected, eventScript(u"NEW"_s));
        QCOMPARE(result.ok(), accepted);
        if (!accepted) {
            QCOMPARE(result.error().kind, ErrorKind::ConcurrencyConflict);
            QCOMPARE(result.error().code, u"ConcurrencyConflict"_s);
            QCOMPARE(result.error().context.value(u"actual_revision"_s).toLongLong(), existing);
            QCOMPARE(*store->headPosition(), headBefore);
        } else {
            QCOMPARE(result->events[0].revision, existing + 1);
        }
    }

    void unitOfWorkIsAllOrNothing()
    {
        auto store = m_fixture.createStore();
        put(*store, u"b"_s, u"B1"_s);
        UnitOfWork work;
        work.appends.append({u"a"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"A1; A2"_s),
            CommandRecord {u"cmd-1"_s, u"Do"_s, {}}});
        work.appends.append({u"b"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"B2"_s), {}}); // conflicts
        work.reservations.append({ReservationChange::Action::Claim, u"scope"_s, u"key"_s, u"a"_s});
        auto result = store->commit(work);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, ErrorKind::ConcurrencyConflict);
        QCOMPARE(*store->headPosition(), 1);
        QVERIFY(!store->stream(u"a"_s)->has_value());
        QVERIFY(!store->reservationOwner(u"scope"_s, u"key"_s)->has_value());
        QVERIFY(!store->findCommand(u"cmd-1"_s)->has_value());
        // The same work without the conflict goes through whole.
        work.appends[1].expected = ExpectedRevision::exact(1);
        auto retried = store->commit(work);
        QVERIFY2(retried.ok(), why(retried).constData());
        QCOMPARE(retried->events.size(), 3);
        QCOMPARE(*store->headPosition(), 4);
        QCOMPARE(store->reservationOwner(u"scope"_s, u"key"_s)->value(), u"a"_s);
    }

    void duplicateEventIdIsRejected()
    {
        auto store = m_fixture.createStore();
        const auto events = eventScript(u"A"_s);
        QVERIFY(store->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), events).ok());
        auto again = store->append(u"t"_s, u"Test"_s, ExpectedRevision::any(), events);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(*store->headPosition(), 1);
        QVERIFY(!store->stream(u"t"_s)->has_value());
    }

    void aggregateTypeOfAStreamIsFixed()
    {
        auto store = m_fixture.createStore();
        put(*store, u"s"_s, u"A"_s, u"User"_s);
        auto other = store->append(u"s"_s, u"Order"_s, ExpectedRevision::any(), eventScript(u"B"_s));
        QVERIFY(!other.ok());
        QCOMPARE(other.error().kind, ErrorKind::InvalidArgument);
    }

    void invalidEventsAreRejected()
    {
        auto store = m_fixture.createStore();
        auto events = eventScript(u"A"_s);
        events[0].type.clear();
        QCOMPARE(
            store->append(u"s"_s, u"Test"_s, ExpectedRevision::any(), events).error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(store->append(u""_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A"_s)).error().kind,
            ErrorKind::InvalidArgument);
        QCOMPARE(*store->headPosition(), 0);
    }

    void readStreamRanges_data()
    {
        QTest::addColumn<qint64>("from");
        QTest::addColumn<qint64>("to");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<bool>("backward");
        QTest::addColumn<QList<qint64>>("revisions");
        const qint64 max = std::numeric_limits<qint64>::max();
        QTest::newRow("all") << qint64(1) << max << qint64(-1) << false << QList<qint64> {1, 2, 3, 4, 5};
        QTest::newRow("range") << qint64(2) << qint64(4) << qint64(-1) << false << QList<qint64> {2, 3, 4};
        QTest::newRow("limit") << qint64(2) << max << qint64(2) << false << QList<qint64> {2, 3};
        QTest::newRow("backward all") << qint64(1) << max << qint64(-1) << true << QList<qint64> {5, 4, 3, 2, 1};
        QTest::newRow("backward from 3, two") << qint64(1) << qint64(3) << qint64(2) << true << QList<qint64> {3, 2};
        QTest::newRow("past the end") << qint64(6) << max << qint64(-1) << false << QList<qint64> {};
        QTest::newRow("zero limit") << qint64(1) << max << qint64(0) << false << QList<qint64> {};
    }

    void readStreamRanges()
    {
        QFETCH(qint64, from);
        QFETCH(qint64, to);
        QFETCH(qint64, limit);
        QFETCH(bool, backward);
        QFETCH(QList<qint64>, revisions);
        auto store = m_fixture.createStore();
        put(*store, u"other"_s, u"X; Y"_s);
        put(*store, u"s"_s, u"E1; E2; E3; E4; E5"_s);
        StreamReadOptions options {from, to, limit, backward ? ReadDirection::Backward : ReadDirection::Forward};
        auto events = store->readStream(u"s"_s, options);
        QVERIFY(events.ok());
        QList<qint64> got;
        for (const auto& event : *events)
            got.append(event.revision);
        QCOMPARE(got, revisions);
    }

    void readingAMissingStreamGivesNothing()
    {
        auto store = m_fixture.createStore();
        QVERIFY(store->readStream(u"nope"_s, {})->isEmpty());
        QVERIFY(!store->stream(u"nope"_s)->has_value());
        QCOMPARE(*store->headPosition(), 0);
        const auto stats = *store->statistics();
        QCOMPARE(stats.eventCount, 0);
        QCOMPARE(stats.streamCount, 0);
        QVERIFY(!stats.firstOccurredAt.has_value());
        QVERIFY(store->listStreams({})->streams.isEmpty());
        QVERIFY(store->readAll({})->isEmpty());
        QVERIFY(!store->readEvent(u"nope"_s, 1)->has_value());
    }

    void oneEventByItsRevision()
    {
        auto store = m_fixture.createStore();
        QVERIFY(store->append(u"s"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"A; B; C"_s)));
        auto second = store->readEvent(u"s"_s, 2);
        QVERIFY2(second.ok(), why(second).constData());
        QVERIFY(second->has_value());
        QCOMPARE((*second)->type, u"B"_s);
        QCOMPARE((*second)->revision, 2);
        QVERIFY(!store->readEvent(u"s"_s, 4)->has_value());
        QVERIFY(!store->readEvent(u"s"_s, 0)->has_value());
    }

    void readAllPagesInBothDirections()
    {
        auto store = m_fixture.createStore();
        for (int i = 0; i < 5; ++i)
            put(*store, stream(i % 2), u"E; E"_s);
        ReadAllOptions forward;
        forward.limit = 4;
        QList<qint64> seen;
        for (;;) {
            auto page = *store->readAll(forward);
            if (page.isEmpty())
                break;
            for (const auto& event : page)
                seen.append(event.position);
            forward.cursor = page.constLast().position;
        }
        QCOMPARE(seen, (QList<qint64> {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));

        ReadAllOptions backward;
        backward.direction = ReadDirection::Backward;
        backward.limit = 3;
        auto newest = *store->readAll(backward);
        QCOMPARE(newest.size(), 3);
        QCOMPARE(newest[0].position, 10);
        QCOMPARE(newest[2].position, 8);
        backward.cursor = 8;
        QCOMPARE(store->readAll(backward)->constFirst().position, 7);
    }

    void readAllFilters_data()
    {
        QTest::addColumn<QString>("filterSpec");
        QTest::addColumn<QList<qint64>>("positions");
        QTest::newRow("no filter") << u""_s << QList<qint64> {1, 2, 3, 4, 5, 6};
        QTest::newRow("one type") << u"type=USER_DELETED"_s << QList<qint64> {4};
        QTest::newRow("two types") << u"type=USER_DELETED,USER_SUSPENDED"_s << QList<qint64> {4, 5};
        QTest::newRow("actor") << u"actor=admin@company.com"_s << QList<qint64> {4, 6};
        QTest::newRow("since") << u"since=2025-03-17T15:47:00Z"_s << QList<qint64> {4, 5, 6};
        QTest::newRow("until (exclusive)") << u"until=2025-03-17T15:47:23Z"_s << QList<qint64> {1, 2, 3};
        QTest::newRow("time window") << u"since=2025-03-17T12:00Z until=2025-03-17T16:00Z"_s << QList<qint64> {3, 4};
        QTest::newRow("text in payload, any case") << u"text=CONNOR"_s << QList<qint64> {1, 6};
        QTest::newRow("text in metadata") << u"text=account_deletion"_s << QList<qint64> {4};
        QTest::newRow("text with LIKE wildcards is literal") << u"text=50%_off"_s << QList<qint64> {5};
        QTest::newRow("text percent alone") << u"text=%"_s << QList<qint64> {5};
        QTest::newRow("aggregate type") << u"aggregate=Order"_s << QList<qint64> {6};
        QTest::newRow("stream") << u"stream=user-2"_s << QList<qint64> {5};
        QTest::newRow("combined") << u"type=USER_DELETED actor=nobody"_s << QList<qint64> {};
    }

    void readAllFilters()
    {
        QFETCH(QString, filterSpec);
        QFETCH(QList<qint64>, positions);
        auto store = m_fixture.createStore();
        put(*store, u"user-1"_s,
            u"USER_CREATED@2025-03-17T09:00 actor=signup {\"last_name\":\"Connor\"}; "
            u"USER_LOGGED_IN@10:00 actor=sarah; USER_NAME_CHANGED@12:00 actor=sarah"_s,
            u"User"_s);
        put(*store, u"user-1"_s, u"USER_DELETED@2025-03-17T15:47:23Z actor=admin@company.com reason=account_deletion"_s,
            u"User"_s);
        put(*store, u"user-2"_s, u"USER_SUSPENDED@2025-03-17T16:30 actor=fraud-bot {\"note\":\"50%_off scam\"}"_s,
            u"User"_s);
        put(*store, u"order-1"_s, u"ORDER_PLACED@2025-03-18T08:00 actor=admin@company.com {\"for\":\"connor\"}"_s,
            u"Order"_s);
        // eventScript turns underscores into spaces only in metadata words; put the literal back for payloads.
        EventFilter filter;
        for (const QString& part : filterSpec.split(u' ', Qt::SkipEmptyParts)) {
            const QString key = part.section(u'=', 0, 0);
            const QString value = part.section(u'=', 1);
            if (key == u"type"_s)
                filter.types = value.split(u',');
            else if (key == u"actor"_s)
                filter.actor = value;
            else if (key == u"since"_s)
                filter.since = Timestamp::parse(value);
            else if (key == u"until"_s)
                filter.until = Timestamp::parse(value);
            else if (key == u"text"_s)
                filter.text = value == u"account_deletion"_s ? u"account deletion"_s : value;
            else if (key == u"aggregate"_s)
                filter.aggregateType = value;
            else if (key == u"stream"_s)
                filter.streamId = value;
        }
        for (const auto direction : {ReadDirection::Forward, ReadDirection::Backward}) {
            ReadAllOptions options;
            options.filter = filter;
            options.direction = direction;
            auto events = store->readAll(options);
            QVERIFY2(events.ok(), why(events).constData());
            QList<qint64> got;
            for (const auto& event : *events)
                got.append(event.position);
            if (direction == ReadDirection::Backward)
                std::reverse(got.begin(), got.end());
            QCOMPARE(got, positions);
        }
    }

    void listStreamsByLastActivity()
    {
        auto store = m_fixture.createStore();
        put(*store, u"alpha"_s, u"A"_s, u"User"_s);
        put(*store, u"beta"_s, u"A"_s, u"User"_s);
        put(*store, u"gamma"_s, u"A"_s, u"Order"_s);
        put(*store, u"alpha"_s, u"B; C"_s, u"User"_s); // alpha is now the most recent
        StreamListOptions options;
        options.limit = 2;
        auto first = *store->listStreams(options);
        QCOMPARE(first.streams.size(), 2);
        QCOMPARE(first.streams[0].streamId, u"alpha"_s);
        QCOMPARE(first.streams[0].revision, 3);
        QCOMPARE(first.streams[1].streamId, u"gamma"_s);
        QVERIFY(first.nextCursor.has_value());
        options.beforePosition = first.nextCursor;
        auto second = *store->listStreams(options);
        QCOMPARE(second.streams.size(), 1);
        QCOMPARE(second.streams[0].streamId, u"beta"_s);
        QVERIFY(!second.nextCursor.has_value());

        StreamListOptions users;
        users.aggregateType = u"User"_s;
        QCOMPARE(store->listStreams(users)->streams.size(), 2);
        StreamListOptions search;
        search.idContains = u"AM"_s;
        const auto found = store->listStreams(search)->streams;
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].streamId, u"gamma"_s);
    }

    void statisticsCountEverything()
    {
        auto store = m_fixture.createStore();
        put(*store, u"a"_s, u"A@2025-01-01T00:00; B@2025-02-01T00:00"_s);
        put(*store, u"b"_s, u"C@2024-12-31T23:59"_s);
        const auto stats = *store->statistics();
        QCOMPARE(stats.streamCount, 2);
        QCOMPARE(stats.eventCount, 3);
        QCOMPARE(stats.headPosition, 3);
        QCOMPARE(stats.firstOccurredAt->toIso(), u"2024-12-31T23:59:00.000000Z"_s);
        QCOMPARE(stats.lastOccurredAt->toIso(), u"2025-02-01T00:00:00.000000Z"_s);
    }

    void reservationsAreExclusive()
    {
        auto store = m_fixture.createStore();
        auto claim = [](const QString& key, const QString& owner) {
            return ReservationChange {ReservationChange::Action::Claim, u"user.email"_s, key, owner};
        };
        auto release = [](const QString& key, const QString& owner) {
            return ReservationChange {ReservationChange::Action::Release, u"user.email"_s, key, owner};
        };
        UnitOfWork first;
        first.appends.append({u"a"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"A"_s), {}});
        first.reservations.append(claim(u"x@example.com"_s, u"a"_s));
        QVERIFY(store->commit(first).ok());

        UnitOfWork second;
        second.appends.append({u"b"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"B"_s), {}});
        second.reservations.append(claim(u"x@example.com"_s, u"b"_s));
        auto taken = store->commit(second);
        QVERIFY(!taken.ok());
        QCOMPARE(taken.error().kind, ErrorKind::ReservationConflict);
        QCOMPARE(taken.error().context.value(u"owner"_s).toString(), u"a"_s);
        QCOMPARE(taken.error().context.value(u"scope"_s).toString(), u"user.email"_s);
        QVERIFY(!store->stream(u"b"_s)->has_value());

        // The owner may claim again. Changes apply in order: freeing then claiming keeps the value; claiming
        // then freeing (a user created and deleted within one batch) leaves it free.
        UnitOfWork again;
        again.reservations = {
            claim(u"x@example.com"_s, u"a"_s), release(u"x@example.com"_s, u"a"_s), claim(u"x@example.com"_s, u"a"_s)};
        QVERIFY(store->commit(again).ok());
        QCOMPARE(store->reservationOwner(u"user.email"_s, u"x@example.com"_s)->value_or(QString()), u"a"_s);
        UnitOfWork createdAndDeleted;
        createdAndDeleted.reservations = {claim(u"y@example.com"_s, u"c"_s), release(u"y@example.com"_s, u"c"_s)};
        QVERIFY(store->commit(createdAndDeleted).ok());
        QVERIFY(!store->reservationOwner(u"user.email"_s, u"y@example.com"_s)->has_value());

        // Another stream cannot free it; the owner can, and then it is free for others.
        UnitOfWork foreignRelease;
        foreignRelease.reservations = {release(u"x@example.com"_s, u"b"_s)};
        QVERIFY(store->commit(foreignRelease).ok());
        QCOMPARE(store->reservationOwner(u"user.email"_s, u"x@example.com"_s)->value_or(QString()), u"a"_s);
        UnitOfWork ownerRelease;
        ownerRelease.reservations = {release(u"x@example.com"_s, u"a"_s)};
        QVERIFY(store->commit(ownerRelease).ok());
        QVERIFY(!store->reservationOwner(u"user.email"_s, u"x@example.com"_s)->has_value());
        QVERIFY(store->commit(second).ok());
    }

    void commandRecordsAreWrittenOnce()
    {
        auto store = m_fixture.createStore();
        UnitOfWork work;
        work.appends.append({u"s"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"A; B"_s),
            CommandRecord {u"cmd-42"_s, u"DoThing"_s, QByteArray("fp")}});
        QVERIFY(store->commit(work).ok());
        const auto info = *store->findCommand(u"cmd-42"_s);
        QVERIFY(info.has_value());
        QCOMPARE(info->commandName, u"DoThing"_s);
        QCOMPARE(info->streamId, u"s"_s);
        QCOMPARE(info->fingerprint, QByteArray("fp"));
        QCOMPARE(info->firstRevision, 1);
        QCOMPARE(info->lastRevision, 2);
        QCOMPARE(info->firstPosition, 1);
        QCOMPARE(info->lastPosition, 2);

        // The same unit sent again (a retry after a lost answer): refused for its events, which come before its
        // command, on every backend; nothing is written.
        auto resent = store->commit(work);
        QVERIFY(!resent.ok());
        QCOMPARE(resent.error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(resent.error().context.value(u"event_id"_s).toString(), uuidText(work.appends[0].events[0].eventId));
        QCOMPARE(*store->headPosition(), 2);

        work.appends[0].events = eventScript(u"C"_s);
        auto duplicate = store->commit(work);
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().kind, ErrorKind::DuplicateCommand);
        QCOMPARE(*store->headPosition(), 2);
        QVERIFY(!store->findCommand(u"unknown"_s)->has_value());

        // Several commands in one unit, two on the same stream: each record covers its own events.
        UnitOfWork batch;
        batch.appends.append({u"s"_s, u"Test"_s, ExpectedRevision::exact(2), eventScript(u"C"_s),
            CommandRecord {u"cmd-43"_s, u"DoThing"_s, {}}});
        batch.appends.append({u"t"_s, u"Test"_s, ExpectedRevision::noStream(), eventScript(u"D; E"_s),
            CommandRecord {u"cmd-44"_s, u"DoThing"_s, {}}});
        batch.appends.append({u"s"_s, u"Test"_s, ExpectedRevision::exact(3), eventScript(u"F"_s),
            CommandRecord {u"cmd-45"_s, u"DoThing"_s, {}}});
        QVERIFY(store->commit(batch).ok());
        const auto c43 = **store->findCommand(u"cmd-43"_s);
        const auto c44 = **store->findCommand(u"cmd-44"_s);
        const auto c45 = **store->findCommand(u"cmd-45"_s);
        QCOMPARE(c43.firstRevision, 3);
        QCOMPARE(c43.lastPosition, 3);
        QCOMPARE(c44.streamId, u"t"_s);
        QCOMPARE(c44.firstRevision, 1);
        QCOMPARE(c44.lastRevision, 2);
        QCOMPARE(c44.firstPosition, 4);
        QCOMPARE(c44.lastPosition, 5);
        QCOMPARE(c45.firstRevision, 4);
        QCOMPARE(c45.firstPosition, 6);

        // A command id repeated inside one unit is refused as a whole.
        UnitOfWork twice;
        twice.appends.append({u"u"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"G"_s),
            CommandRecord {u"cmd-46"_s, u"DoThing"_s, {}}});
        twice.appends.append({u"u"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"H"_s),
            CommandRecord {u"cmd-46"_s, u"DoThing"_s, {}}});
        QCOMPARE(store->commit(twice).error().kind, ErrorKind::DuplicateCommand);
        QCOMPARE(*store->headPosition(), 6);
    }

    void subscriptionCatchesUpThenFollows()
    {
        auto store = m_fixture.createStore(slowPolling());
        for (int i = 0; i < 7; ++i)
            put(*store, stream(i % 3), u"E"_s);
        auto subscription = store->subscribe(2);
        auto first = subscription->next(3, std::chrono::milliseconds(0));
        QVERIFY(first.ok());
        QCOMPARE(first->size(), 3);
        QCOMPARE(first->at(0).position, 3);
        auto second = *subscription->next(10, std::chrono::milliseconds(0));
        QCOMPARE(second.size(), 2);
        QCOMPARE(subscription->position(), 7);
        QVERIFY(subscription->next(10, std::chrono::milliseconds(0))->isEmpty());

        // A writer in another thread, on its own connection, wakes the waiting subscription. Neither the wait's
        // time-out nor a poll can end the wait before the watchdog cancels it: an event means the commit woke it.
        std::unique_ptr<QThread> thread(QThread::create([&store] {
            QThread::msleep(100); // most likely waiting by then; if not yet, next() finds the event at once
            auto own = store->reopen();
            Q_ASSERT(own.ok());
            auto result = (*own)->append(u"live"_s, u"Test"_s, ExpectedRevision::any(), eventScript(u"LIVE"_s));
            Q_ASSERT(result.ok());
        }));
        thread->start();
        Watchdog watchdog(GenerousDeadline, [&subscription] { subscription->cancel(); });
        auto live = subscription->next(10, LongerThanAnyDeadline);
        const bool woken = watchdog.disarm();
        thread->wait();
        QVERIFY(live.ok());
        QVERIFY2(woken && live->size() == 1, "the subscription should wake on the commit, not at its time-out");
        QCOMPARE(live->at(0).type, u"LIVE"_s);
        QCOMPARE(live->at(0).position, 8);
    }

    void subscriptionFilters()
    {
        auto store = m_fixture.createStore();
        put(*store, u"a"_s, u"KEEP; DROP; KEEP; DROP; DROP"_s);
        EventFilter filter;
        filter.types = {u"KEEP"_s};
        auto subscription = store->subscribe(0, filter);
        auto events = *subscription->next(10, std::chrono::milliseconds(0));
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1].position, 3);
        put(*store, u"a"_s, u"DROP; KEEP"_s);
        events = *subscription->next(10, std::chrono::milliseconds(1000));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].position, 7);
    }

    void cancelWakesAWaitingSubscription()
    {
        // Neither the wait's time-out nor a poll ends it within GenerousDeadline: only cancel() can.
        auto store = m_fixture.createStore(slowPolling());
        std::unique_ptr<EventSubscription> subscription = store->subscribe(0);
        EventSubscription* const handle = subscription.get();
        std::optional<Result<QList<RecordedEvent>>> events, later;
        QSemaphore cancelled;
        // The subscription waits, and opens its connection, in the waiter; it is closed there too.
        std::unique_ptr<QThread> waiter(QThread::create([&] {
            events = subscription->next(10, LongerThanAnyDeadline);
            cancelled.acquire(); // cancel() has returned: nothing uses the subscription any more
            later = subscription->next(10, std::chrono::milliseconds(1000));
            subscription.reset();
        }));
        waiter->start();
        QThread::msleep(100); // most likely waiting by then; if not yet, next() returns at once, cancelled
        handle->cancel();
        cancelled.release();
        const bool returned = waiter->wait(QDeadlineTimer(GenerousDeadline));
        if (!returned)
            waiter->wait(); // until its time-out
        QVERIFY2(returned, "cancel() should wake the waiting subscription, not its time-out");
        QVERIFY(events->ok());
        QVERIFY((*events)->isEmpty());
        QVERIFY(later->ok());
        QVERIFY((*later)->isEmpty()); // and later calls return at once
    }

    void concurrentWritersInThreadsLeaveNoGaps()
    {
        auto store = m_fixture.createStore();
        constexpr int Writers = 4;
        constexpr int PerWriter = 40;
        std::vector<std::unique_ptr<QThread>> threads;
        std::atomic<int> failures {0};
        for (int w = 0; w < Writers; ++w) {
            threads.emplace_back(QThread::create([&store, &failures] {
                auto own = store->reopen();
                if (!own) {
                    ++failures;
                    return;
                }
                for (int i = 0; i < PerWriter; ++i) {
                    for (;;) {
                        auto info = (*own)->stream(u"shared"_s);
                        const qint64 revision = (info.ok() && info->has_value()) ? (*info)->revision : 0;
                        auto result = (*own)->append(
                            u"shared"_s, u"Test"_s, ExpectedRevision::exact(revision), eventScript(u"W"_s));
                        if (result)
                            break;
                        if (result.error().kind != ErrorKind::ConcurrencyConflict) {
                            ++failures;
                            return;
                        }
                    }
                }
            }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            thread->wait();
        QCOMPARE(failures.load(), 0);
        verifyNoGapsOrDuplicates(*store, u"shared"_s, Writers * PerWriter);
    }

    void concurrentWriterProcessesLeaveNoGaps()
    {
        if (!m_fixture.supportsOtherProcesses())
            QSKIP("this backend lives inside one process");
        auto store = m_fixture.createStore();
        constexpr int Processes = 4;
        constexpr int PerProcess = 50;
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int p = 0; p < Processes; ++p) {
            auto process = std::make_unique<QProcess>();
            process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            process->start(QStringLiteral(STORE_WRITER),
                {u"contend"_s, m_fixture.lastAddress(), u"shared"_s, QString::number(PerProcess)});
            writers.push_back(std::move(process));
        }
        for (auto& process : writers) {
            QVERIFY(process->waitForFinished(120000));
            QCOMPARE(process->exitStatus(), QProcess::NormalExit);
            QCOMPARE(process->exitCode(), 0);
        }
        verifyNoGapsOrDuplicates(*store, u"shared"_s, Processes * PerProcess);
        const auto events = *store->readStream(u"shared"_s, {});
        QHash<qint64, int> perProcess;
        for (const auto& event : events)
            ++perProcess[payload(event).value(u"pid"_s).toInteger()];
        QCOMPARE(perProcess.size(), Processes);
        for (const int count : std::as_const(perProcess))
            QCOMPARE(count, PerProcess);
    }

    void killedWriterLeavesWholeAppendsOnly()
    {
        if (!m_fixture.supportsOtherProcesses())
            QSKIP("this backend lives inside one process");
        auto store = m_fixture.createStore();
        constexpr int BatchSize = 500;
        for (int round = 0; round < 3; ++round) {
            QProcess writer;
            writer.start(QStringLiteral(STORE_WRITER),
                {u"batches"_s, m_fixture.lastAddress(), u"batches"_s, QString::number(BatchSize)});
            QVERIFY(writer.waitForReadyRead(30000)); // the first batch is committed
            QTest::qWait(50 + round * 70); // then kill it somewhere inside a later append
            ::kill(pid_t(writer.processId()), SIGKILL);
            QVERIFY(writer.waitForFinished(10000));
            QCOMPARE(writer.exitStatus(), QProcess::CrashExit);
        }
        auto reopened = store->reopen();
        QVERIFY(reopened.ok());
        const auto events = *(*reopened)->readStream(u"batches"_s, {});
        QVERIFY(events.size() >= 3 * BatchSize);
        QCOMPARE(events.size() % BatchSize, 0);
        QHash<QString, int> perBatch;
        for (const auto& event : events) {
            const QJsonObject data = payload(event);
            ++perBatch[QString::number(data.value(u"pid"_s).toInteger()) + u'/'
                + QString::number(data.value(u"batch"_s).toInteger())];
        }
        for (auto it = perBatch.cbegin(); it != perBatch.cend(); ++it)
            QCOMPARE(it.value(), BatchSize);
        // The same read, not a second one: PostgreSQL finishes a COMMIT the killed writer had already sent after
        // the process is gone, so a later read may hold one more whole batch. Any one read must be whole.
        verifyRevisionsAndPositions(events);
    }

    void subscriptionSeesCommitsOfOtherProcesses()
    {
        if (!m_fixture.supportsOtherProcesses())
            QSKIP("this backend lives inside one process");
        auto store = m_fixture.createStore();
        auto subscription = store->subscribe(0);
        QVERIFY(subscription->next(10, std::chrono::milliseconds(0))->isEmpty());
        QProcess writer;
        writer.start(QStringLiteral(STORE_WRITER), {u"contend"_s, m_fixture.lastAddress(), u"remote"_s, u"3"_s});
        QList<RecordedEvent> seen;
        const QDeadlineTimer deadline(GenerousDeadline);
        while (seen.size() < 3 && !deadline.hasExpired()) {
            auto batch = subscription->next(10, std::chrono::milliseconds(1000));
            QVERIFY(batch.ok());
            seen += *batch;
        }
        QVERIFY(writer.waitForFinished(30000));
        QCOMPARE(seen.size(), 3);
        QCOMPARE(seen.constLast().streamId, u"remote"_s);
    }
};

QTEST_GUILESS_MAIN(StoreContractTest)
#include "tst_storecontract.moc"
