// SPDX-License-Identifier: GPL-3.0-or-later
// The read-side half of the store contract: snapshots, the outbox, projection checkpoints, leases and read-model
// transactions behave the same on every backend. CTest runs it once per backend (FLASHBACK_TEST_BACKEND).
#include "eventscript.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "storefixture.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

ReadModelSchema peopleSchema()
{
    ReadModelTable people {u"people"_s,
        {{u"id"_s, ColumnType::Text}, {u"name"_s, ColumnType::Text}, {u"age"_s, ColumnType::Integer},
            {u"score"_s, ColumnType::Real}, {u"active"_s, ColumnType::Boolean}, {u"extra"_s, ColumnType::Json}},
        {u"id"_s}, {{u"name"_s}}};
    return ReadModelSchema {u"people_view"_s, {people}};
}

ReadModelRow person(const QString& id, const QString& name, qint64 age, bool active = true)
{
    return {{u"id"_s, id}, {u"name"_s, name}, {u"age"_s, age}, {u"score"_s, age / 2.0}, {u"active"_s, active},
        {u"extra"_s, u"{\"tag\":\"x\"}"_s}};
}

OutboxMessage mail(const QString& key)
{
    return {key, u"welcome_email"_s, u"stream-1"_s, QUuid::createUuid(), R"({"to":"a@example.com"})"};
}

QStringList ids(const QList<ReadModelRow>& rows)
{
    QStringList out;
    for (const auto& row : rows)
        out.append(row.value(u"id"_s).toString());
    return out;
}

} // namespace

class ReadSideContractTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

    /// Writes `rows` to the live generation and moves the checkpoint to `position`.
    static void writePeople(EventStore& store, const QList<ReadModelRow>& rows, qint64 position)
    {
        auto tx = store.readModels().beginReadModelTransaction(peopleSchema(), 1);
        QVERIFY2(tx.ok(), why(tx).constData());
        for (const auto& row : rows)
            QVERIFY((*tx)->put(u"people"_s, row).ok());
        QVERIFY((*tx)->commit(position, rows.size()).ok());
    }

private Q_SLOTS:
    void initTestCase() { qInfo() << "backend:" << m_fixture.backend(); }

    void snapshotsAreWrittenWithTheEvents()
    {
        auto store = m_fixture.createStore();
        UnitOfWork work;
        work.appends.append({u"s"_s, u"User"_s, ExpectedRevision::noStream(), eventScript(u"A; B; C"_s), {}});
        work.snapshots.append({u"s"_s, u"User"_s, 3, 2, R"({"n":3})", Timestamp::now()});
        QVERIFY(store->commit(work).ok());
        UnitOfWork later;
        later.appends.append({u"s"_s, u"User"_s, ExpectedRevision::exact(3), eventScript(u"D; E"_s), {}});
        later.snapshots.append({u"s"_s, u"User"_s, 5, 2, R"({"n":5})", Timestamp::now()});
        QVERIFY(store->commit(later).ok());

        QCOMPARE(store->latestSnapshot(u"s"_s, 4)->value().revision, 3);
        QCOMPARE(store->latestSnapshot(u"s"_s, 100)->value().state, QByteArray(R"({"n":5})"));
        QCOMPARE(store->latestSnapshot(u"s"_s, 100)->value().schemaVersion, 2);
        QVERIFY(!store->latestSnapshot(u"s"_s, 2)->has_value());
        QVERIFY(!store->latestSnapshot(u"other"_s, 100)->has_value());
        QCOMPARE(store->snapshots(u"s"_s)->size(), 2);

        // A snapshot goes with its unit of work: a conflicting commit leaves none behind.
        UnitOfWork stale;
        stale.appends.append({u"s"_s, u"User"_s, ExpectedRevision::exact(3), eventScript(u"F"_s), {}});
        stale.snapshots.append({u"s"_s, u"User"_s, 4, 2, R"({"n":4})", Timestamp::now()});
        QVERIFY(!store->commit(stale).ok());
        QCOMPARE(store->snapshots(u"s"_s)->size(), 2);
    }

    void outboxRowsAreWrittenWithTheEventsOnce()
    {
        auto store = m_fixture.createStore();
        UnitOfWork work;
        work.appends.append({u"s"_s, u"User"_s, ExpectedRevision::noStream(), eventScript(u"A"_s), {}});
        work.outbox = {mail(u"welcome_email:1"_s), mail(u"welcome_email:2"_s)};
        QVERIFY(store->commit(work).ok());
        UnitOfWork again;
        again.appends.append({u"s"_s, u"User"_s, ExpectedRevision::any(), eventScript(u"B"_s), {}});
        again.outbox = {mail(u"welcome_email:1"_s)}; // the same effect again: ignored
        QVERIFY(store->commit(again).ok());
        UnitOfWork failing;
        failing.appends.append({u"s"_s, u"User"_s, ExpectedRevision::noStream(), eventScript(u"C"_s), {}});
        failing.outbox = {mail(u"welcome_email:3"_s)};
        QVERIFY(!store->commit(failing).ok());

        const auto entries = *store->outbox().listOutbox({});
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].status, OutboxStatus::Pending);
        QCOMPARE(entries[0].message.topic, u"welcome_email"_s);
        QCOMPARE(entries[0].message.payload, QByteArray(R"({"to":"a@example.com"})"));
        QVERIFY(entries[0].id < entries[1].id);
        QCOMPARE(store->outbox().outboxCounts()->value(OutboxStatus::Pending), 2);
    }

    void outboxRowsMoveThroughTheirLife()
    {
        auto store = m_fixture.createStore();
        UnitOfWork work;
        work.outbox = {mail(u"k1"_s), mail(u"k2"_s), mail(u"k3"_s)};
        QVERIFY(store->commit(work).ok());
        auto& outbox = store->outbox();
        const Timestamp now = Timestamp::now();

        OutboxClaim claim {u"worker-a"_s, {}, 2, std::chrono::milliseconds(60000), now};
        auto first = *outbox.claimOutbox(claim);
        QCOMPARE(first.size(), 2);
        QCOMPARE(first[0].status, OutboxStatus::Processing);
        QCOMPARE(first[0].attempts, 1);
        QCOMPARE(first[0].claimedBy, u"worker-a"_s);
        // Claimed rows are not handed to anyone else while the lease holds.
        claim.worker = u"worker-b"_s;
        auto second = *outbox.claimOutbox(claim);
        QCOMPARE(second.size(), 1);
        QCOMPARE(second[0].message.idempotencyKey, u"k3"_s);

        // Only the holder completes or fails a row.
        QVERIFY(!*outbox.completeOutbox(first[0].id, u"worker-b"_s));
        QVERIFY(*outbox.completeOutbox(first[0].id, u"worker-a"_s));
        QVERIFY(!*outbox.completeOutbox(first[0].id, u"worker-a"_s));
        QCOMPARE(outbox.outboxEntry(first[0].id)->value().status, OutboxStatus::Completed);

        // A failure with a retry time goes back to pending and is due only then.
        const Timestamp retryAt = now.addSecs(30);
        QVERIFY(*outbox.failOutbox(first[1].id, u"worker-a"_s, u"SMTP 451"_s, retryAt));
        auto failed = outbox.outboxEntry(first[1].id)->value();
        QCOMPARE(failed.status, OutboxStatus::Pending);
        QCOMPARE(failed.lastError, u"SMTP 451"_s);
        QCOMPARE(failed.nextAttemptAt, retryAt);
        claim.now = now.addSecs(10);
        QVERIFY(outbox.claimOutbox(claim)->isEmpty());
        claim.now = now.addSecs(31);
        auto retried = *outbox.claimOutbox(claim);
        QCOMPARE(retried.size(), 1);
        QCOMPARE(retried[0].attempts, 2);

        // The last attempt parks the row; it can be retried by hand or discarded.
        QVERIFY(*outbox.failOutbox(retried[0].id, u"worker-b"_s, u"mailbox full"_s, std::nullopt));
        QCOMPARE(outbox.outboxEntry(retried[0].id)->value().status, OutboxStatus::Failed);
        QCOMPARE(outbox.listOutbox({OutboxStatus::Failed, 10, {}})->size(), 1);
        QVERIFY(*outbox.discardOutbox(retried[0].id));
        QCOMPARE(outbox.outboxEntry(retried[0].id)->value().status, OutboxStatus::Discarded);
        QVERIFY(!*outbox.discardOutbox(retried[0].id));
        QVERIFY(*outbox.retryOutbox(retried[0].id));
        const auto again = outbox.outboxEntry(retried[0].id)->value();
        QCOMPARE(again.status, OutboxStatus::Pending);
        QCOMPARE(again.attempts, 0);
        QVERIFY(!*outbox.retryOutbox(first[0].id)); // a completed row stays completed

        // A worker that dies loses its lease; another takes the row over. A completed row is never handed out.
        claim.now = now.addSecs(120);
        claim.maxCount = 10;
        claim.worker = u"worker-c"_s;
        auto takenOver = *outbox.claimOutbox(claim);
        QSet<qint64> taken;
        for (const auto& entry : takenOver)
            taken.insert(entry.id);
        QVERIFY(taken.contains(second[0].id)); // worker-b's lease expired
        QVERIFY(!taken.contains(first[0].id));
        QVERIFY(!*outbox.completeOutbox(second[0].id, u"worker-b"_s)); // too late for worker-b
        QVERIFY(*outbox.completeOutbox(second[0].id, u"worker-c"_s));
        QVERIFY(outbox.outboxEntry(999999)->has_value() == false);
    }

    void competingClaimersNeverShareARow()
    {
        auto store = m_fixture.createStore();
        UnitOfWork work;
        for (int i = 0; i < 200; ++i)
            work.outbox.append(mail(u"key-%1"_s.arg(i)));
        QVERIFY(store->commit(work).ok());
        constexpr int Workers = 4;
        std::vector<QList<qint64>> claimed(Workers);
        std::vector<std::unique_ptr<QThread>> threads;
        for (int w = 0; w < Workers; ++w) {
            threads.emplace_back(QThread::create([&store, &claimed, w] {
                auto own = store->reopen();
                Q_ASSERT(own.ok());
                for (;;) {
                    OutboxClaim claim {
                        u"worker-%1"_s.arg(w), {}, 7, std::chrono::milliseconds(60000), Timestamp::now()};
                    auto batch = (*own)->outbox().claimOutbox(claim);
                    Q_ASSERT(batch.ok());
                    if (batch->isEmpty())
                        return;
                    for (const auto& entry : *batch) {
                        claimed[size_t(w)].append(entry.id);
                        const auto completed = (*own)->outbox().completeOutbox(entry.id, claim.worker);
                        Q_ASSERT(completed.ok() && *completed);
                    }
                }
            }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            thread->wait();
        QSet<qint64> all;
        qsizetype total = 0;
        for (const auto& list : claimed) {
            total += list.size();
            for (qint64 id : list)
                all.insert(id);
        }
        QCOMPARE(total, 200);
        QCOMPARE(all.size(), 200);
        QCOMPARE(store->outbox().outboxCounts()->value(OutboxStatus::Completed), 200);
    }

    void readModelBatchesCommitWithTheirCheckpoint()
    {
        auto store = m_fixture.createStore();
        auto& models = store->readModels();
        QCOMPARE(models.checkpoint(u"people_view"_s)->position, 0);
        writePeople(*store, {person(u"p1"_s, u"Ada"_s, 36), person(u"p2"_s, u"Alan"_s, 41)}, 10);
        auto checkpoint = *models.checkpoint(u"people_view"_s);
        QCOMPARE(checkpoint.position, 10);
        QCOMPARE(checkpoint.eventsProcessed, 2);
        QCOMPARE(checkpoint.generation, 1);

        {
            auto tx = *models.beginReadModelTransaction(peopleSchema(), 1);
            QCOMPARE(tx->startPosition(), 10);
            QVERIFY(tx->put(u"people"_s, person(u"p3"_s, u"Grace"_s, 85)).ok());
            QVERIFY(tx->remove(u"people"_s, {{u"id"_s, u"p1"_s}}).ok());
            // Reads see the batch's own writes.
            QCOMPARE(tx->get(u"people"_s, {{u"id"_s, u"p3"_s}})->value().value(u"name"_s).toString(), u"Grace"_s);
            QVERIFY(!tx->get(u"people"_s, {{u"id"_s, u"p1"_s}})->has_value());
            // Destroyed without commit: rolled back.
        }
        ReadModelQuery all {u"people_view"_s, u"people"_s, {}, {}, {{u"id"_s, false}}, 100, {}};
        QCOMPARE(ids(*models.queryReadModel(peopleSchema(), all)), (QStringList {u"p1"_s, u"p2"_s}));
        QCOMPARE(models.checkpoint(u"people_view"_s)->position, 10);

        const auto row = models.queryReadModel(peopleSchema(), all)->constFirst();
        QCOMPARE(row.value(u"age"_s).toLongLong(), 36);
        QCOMPARE(row.value(u"score"_s).toDouble(), 18.0);
        QCOMPARE(row.value(u"active"_s).toBool(), true);
        QCOMPARE(QJsonDocument::fromJson(row.value(u"extra"_s).toString().toUtf8()).object().value(u"tag"_s),
            QJsonValue(u"x"_s));
        QVERIFY(!models.beginReadModelTransaction(peopleSchema(), 1).value()->put(u"nope"_s, {}).ok());
    }

    void twoBatchesFromOneCheckpointApplyOnce()
    {
        auto store = m_fixture.createStore();
        writePeople(*store, {person(u"p1"_s, u"Ada"_s, 36)}, 5);
        // Two runners on separate connections both try to handle the events after 5.
        std::atomic<int> applied {0};
        std::atomic<int> conflicts {0};
        std::vector<std::unique_ptr<QThread>> threads;
        for (int w = 0; w < 2; ++w) {
            threads.emplace_back(QThread::create([&store, &applied, &conflicts] {
                auto own = store->reopen();
                Q_ASSERT(own.ok());
                auto tx = (*own)->readModels().beginReadModelTransaction(peopleSchema(), 1);
                Q_ASSERT(tx.ok());
                if ((*tx)->startPosition() != 5)
                    return; // started after the other committed: nothing left to do for 6
                QThread::msleep(50); // mostly, both batches are open at once; the checks below hold either way
                auto row = (*tx)->get(u"people"_s, {{u"id"_s, u"p1"_s}});
                ReadModelRow updated = row->value();
                updated.insert(u"age"_s, updated.value(u"age"_s).toLongLong() + 1);
                const auto written = (*tx)->put(u"people"_s, updated);
                Q_ASSERT(written.ok());
                auto committed = (*tx)->commit(6, 1);
                if (committed)
                    ++applied;
                else if (committed.error().kind == ErrorKind::ConcurrencyConflict)
                    ++conflicts;
            }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            thread->wait();
        QCOMPARE(applied.load(), 1);
        ReadModelQuery one {u"people_view"_s, u"people"_s, {}, {}, {}, 10, {}};
        QCOMPARE(
            store->readModels().queryReadModel(peopleSchema(), one)->constFirst().value(u"age"_s).toLongLong(), 37);
        QCOMPARE(store->readModels().checkpoint(u"people_view"_s)->position, 6);
    }

    void queriesFilterSortAndPage_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QStringList>("expected");
        // By name: Ada Lovelace (a), Alan 100% Kay (d), Alan Turing (b), Barbara Liskov (e), Grace Hopper (c).
        QTest::newRow("all by name") << u"order=name"_s << QStringList {u"a"_s, u"d"_s, u"b"_s, u"e"_s, u"c"_s};
        QTest::newRow("descending") << u"order=-name"_s << QStringList {u"c"_s, u"e"_s, u"b"_s, u"d"_s, u"a"_s};
        QTest::newRow("equals") << u"age=41 order=id"_s << QStringList {u"b"_s, u"d"_s};
        QTest::newRow("greater") << u"age>41 order=id"_s << QStringList {u"c"_s};
        QTest::newRow("boolean") << u"active=false order=id"_s << QStringList {u"e"_s};
        QTest::newRow("contains any case") << u"name~GRAC order=id"_s << QStringList {u"c"_s};
        QTest::newRow("contains literal percent") << u"name~% order=id"_s << QStringList {u"d"_s};
        QTest::newRow("any of") << u"any:name~ada any:name~tur order=id"_s << QStringList {u"a"_s, u"b"_s};
        QTest::newRow("limit") << u"order=name limit=2"_s << QStringList {u"a"_s, u"d"_s};
        QTest::newRow("keyset after") << u"order=name,id after=Alan|b limit=2"_s << QStringList {u"e"_s, u"c"_s};
        QTest::newRow("keyset backward") << u"order=-name,-id after=Grace|c limit=5"_s
                                         << QStringList {u"e"_s, u"b"_s, u"d"_s, u"a"_s};
    }

    void queriesFilterSortAndPage()
    {
        QFETCH(QString, spec);
        QFETCH(QStringList, expected);
        auto store = m_fixture.createStore();
        writePeople(*store,
            {person(u"a"_s, u"Ada Lovelace"_s, 36), person(u"b"_s, u"Alan Turing"_s, 41),
                person(u"c"_s, u"Grace Hopper"_s, 85), person(u"d"_s, u"Alan 100% Kay"_s, 41),
                person(u"e"_s, u"Barbara Liskov"_s, 30, false)},
            1);
        using Op = ReadModelQuery::Condition::Op;
        ReadModelQuery query {u"people_view"_s, u"people"_s, {}, {}, {}, 100, {}};
        for (const QString& part : spec.split(u' ')) {
            if (part.startsWith(u"order="_s)) {
                for (const QString& column : part.mid(6).split(u','))
                    query.orderBy.append({column.startsWith(u'-') ? column.mid(1) : column, column.startsWith(u'-')});
            } else if (part.startsWith(u"limit="_s)) {
                query.limit = part.mid(6).toLongLong();
            } else if (part.startsWith(u"after="_s)) {
                QVariantList values;
                for (const QString& value : part.mid(6).split(u'|'))
                    values.append(value == u"Alan"_s ? u"Alan Turing"_s
                            : value == u"Grace"_s    ? u"Grace Hopper"_s
                                                     : value);
                query.after = values;
            } else {
                const bool any = part.startsWith(u"any:"_s);
                const QString condition = any ? part.mid(4) : part;
                ReadModelQuery::Condition parsed;
                if (condition.contains(u'~'))
                    parsed = {condition.section(u'~', 0, 0), Op::Contains, condition.section(u'~', 1)};
                else if (condition.contains(u'>'))
                    parsed = {condition.section(u'>', 0, 0), Op::Greater, condition.section(u'>', 1).toLongLong()};
                else if (condition.startsWith(u"active="_s))
                    parsed = {u"active"_s, Op::Equals, condition.endsWith(u"true"_s)};
                else
                    parsed = {condition.section(u'=', 0, 0), Op::Equals, condition.section(u'=', 1).toLongLong()};
                (any ? query.anyOf : query.where).append(parsed);
            }
        }
        auto rows = store->readModels().queryReadModel(peopleSchema(), query);
        QVERIFY2(rows.ok(), why(rows).constData());
        QCOMPARE(ids(*rows), expected);
    }

    void rebuildWritesBesideTheLiveCopyThenSwaps()
    {
        auto store = m_fixture.createStore();
        auto& models = store->readModels();
        writePeople(*store, {person(u"old"_s, u"Old Row"_s, 1)}, 7);
        QVERIFY(models.controlProjection(u"people_view"_s, ProjectionControl::startRebuild(), peopleSchema()).ok());
        auto checkpoint = *models.checkpoint(u"people_view"_s);
        QCOMPARE(checkpoint.rebuildGeneration.value_or(0), 2);
        QCOMPARE(checkpoint.position, 7);
        {
            auto tx = *models.beginReadModelTransaction(peopleSchema(), 2);
            QCOMPARE(tx->startPosition(), 0);
            QVERIFY(tx->put(u"people"_s, person(u"new"_s, u"New Row"_s, 2)).ok());
            QVERIFY(tx->commit(3, 1).ok());
        }
        ReadModelQuery all {u"people_view"_s, u"people"_s, {}, {}, {{u"id"_s, false}}, 100, {}};
        QCOMPARE(ids(*models.queryReadModel(peopleSchema(), all)), QStringList {u"old"_s}); // readers: live copy
        checkpoint = *models.checkpoint(u"people_view"_s);
        QCOMPARE(checkpoint.rebuildPosition, 3);
        QCOMPARE(checkpoint.position, 7);
        QVERIFY(!models.beginReadModelTransaction(peopleSchema(), 5).ok()); // neither live nor rebuilding

        QVERIFY(models.controlProjection(u"people_view"_s, ProjectionControl::finishRebuild(), peopleSchema()).ok());
        checkpoint = *models.checkpoint(u"people_view"_s);
        QCOMPARE(checkpoint.generation, 2);
        QCOMPARE(checkpoint.position, 3);
        QVERIFY(!checkpoint.rebuildGeneration.has_value());
        QCOMPARE(ids(*models.queryReadModel(peopleSchema(), all)), QStringList {u"new"_s});
        QVERIFY(!models.controlProjection(u"people_view"_s, ProjectionControl::finishRebuild(), peopleSchema()).ok());

        QVERIFY(models.controlProjection(u"people_view"_s, ProjectionControl::reset(), peopleSchema()).ok());
        QVERIFY(models.queryReadModel(peopleSchema(), all)->isEmpty());
        QCOMPARE(models.checkpoint(u"people_view"_s)->position, 0);
    }

    void aCancelledRebuildLeavesTheLiveCopyAsItWas()
    {
        auto store = m_fixture.createStore();
        auto& models = store->readModels();
        writePeople(*store, {person(u"old"_s, u"Old Row"_s, 1)}, 7);
        QVERIFY(!models.controlProjection(u"people_view"_s, ProjectionControl::cancelRebuild(), peopleSchema()).ok());
        QVERIFY(models.controlProjection(u"people_view"_s, ProjectionControl::startRebuild(), peopleSchema()).ok());
        const qint64 shadow = models.checkpoint(u"people_view"_s)->rebuildGeneration.value_or(0);
        {
            auto tx = *models.beginReadModelTransaction(peopleSchema(), shadow);
            QVERIFY(tx->put(u"people"_s, person(u"new"_s, u"New Row"_s, 2)).ok());
            QVERIFY(tx->commit(3, 1).ok());
        }
        QVERIFY(models.controlProjection(u"people_view"_s, ProjectionControl::cancelRebuild(), peopleSchema()).ok());
        const auto checkpoint = *models.checkpoint(u"people_view"_s);
        QVERIFY(!checkpoint.rebuildGeneration.has_value());
        QCOMPARE(checkpoint.rebuildPosition, 0);
        QCOMPARE(checkpoint.position, 7);
        QCOMPARE(checkpoint.generation, 1);
        ReadModelQuery all {u"people_view"_s, u"people"_s, {}, {}, {{u"id"_s, false}}, 100, {}};
        QCOMPARE(ids(*models.queryReadModel(peopleSchema(), all)), QStringList {u"old"_s});
        // The abandoned copy takes no more batches, and a new rebuild starts from zero.
        QVERIFY(!models.beginReadModelTransaction(peopleSchema(), shadow).ok());
        QVERIFY(models.controlProjection(u"people_view"_s, ProjectionControl::startRebuild(), peopleSchema()).ok());
        const qint64 again = models.checkpoint(u"people_view"_s)->rebuildGeneration.value_or(0);
        auto tx = *models.beginReadModelTransaction(peopleSchema(), again);
        QCOMPARE(tx->startPosition(), 0);
        QVERIFY(tx->commit(1, 0).ok());
        QVERIFY(models.controlProjection(u"people_view"_s, ProjectionControl::finishRebuild(), peopleSchema()).ok());
        QVERIFY(models.queryReadModel(peopleSchema(), all)->isEmpty()); // the cancelled rows are gone
    }

    void pauseFailAndResume()
    {
        auto store = m_fixture.createStore();
        auto& models = store->readModels();
        QVERIFY(models.controlProjection(u"p"_s, ProjectionControl::pause(), {}).ok());
        QVERIFY(models.checkpoint(u"p"_s)->paused);
        QVERIFY(models.controlProjection(u"p"_s, ProjectionControl::markFailed(42, u"boom"_s), {}).ok());
        auto checkpoint = *models.checkpoint(u"p"_s);
        QCOMPARE(checkpoint.failedPosition.value_or(0), 42);
        QCOMPARE(checkpoint.lastError, u"boom"_s);
        QVERIFY(models.controlProjection(u"p"_s, ProjectionControl::resume(), {}).ok());
        checkpoint = *models.checkpoint(u"p"_s);
        QVERIFY(!checkpoint.paused);
        QVERIFY(!checkpoint.failedPosition.has_value());
        QVERIFY(models.recordThroughput(u"p"_s, 1234.5).ok());
        QCOMPARE(models.checkpoint(u"p"_s)->throughput, 1234.5);
        QCOMPARE(models.checkpoints()->size(), 1);
    }

    void leasesHaveOneHolder()
    {
        auto store = m_fixture.createStore();
        auto& models = store->readModels();
        QVERIFY(*models.acquireLease(u"p"_s, u"w1"_s, std::chrono::milliseconds(60000)));
        const Timestamp since = models.checkpoint(u"p"_s)->leaseSince;
        QVERIFY(!*models.acquireLease(u"p"_s, u"w2"_s, std::chrono::milliseconds(60000)));
        QVERIFY(*models.acquireLease(u"p"_s, u"w1"_s, std::chrono::milliseconds(60000))); // renewal
        QCOMPARE(models.checkpoint(u"p"_s)->leaseSince, since);
        QCOMPARE(models.checkpoint(u"p"_s)->leaseHolder, u"w1"_s);
        QVERIFY(models.releaseLease(u"p"_s, u"w2"_s).ok()); // not w2's to release
        QCOMPARE(models.checkpoint(u"p"_s)->leaseHolder, u"w1"_s);
        QVERIFY(models.releaseLease(u"p"_s, u"w1"_s).ok());
        QVERIFY(*models.acquireLease(u"p"_s, u"w2"_s, std::chrono::milliseconds(1)));
        QThread::msleep(20); // past the 1 ms lease: a sleep never ends early, and a slow machine only adds to it
        QVERIFY(*models.acquireLease(u"p"_s, u"w3"_s, std::chrono::milliseconds(60000))); // w2's lease expired
        QCOMPARE(models.checkpoint(u"p"_s)->leaseHolder, u"w3"_s);
    }
};

QTEST_GUILESS_MAIN(ReadSideContractTest)
#include "tst_readsidecontract.moc"
