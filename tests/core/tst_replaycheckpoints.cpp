// SPDX-License-Identifier: GPL-3.0-or-later
// The replay cache's core over every store backend: the state from a checkpoint plus a short fold equals
// TimeTravel's at every revision of generated streams, with snapshots at odd places (used), one of an older format
// (ignored) and, in a scratch stream, one that drifted (reported, and the fold wins); while built and once built;
// with the memory budget forcing fewer checkpoints; for a type the core does not know; on a stream that grew.
#include "commands/aggregateloader.h"
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "eventscript.h"
#include "resultcheck.h"
#include "storefixture.h"
#include "timetravel/replaycheckpoints.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

QJsonObject fromScratch(EventStore& store, const QString& id, qint64 revision)
{
    auto loaded = loadAggregate(store, DomainCatalog::builtin(), u"User"_s, id, revision, /*useSnapshots=*/false);
    return loaded ? loaded->aggregate->state() : QJsonObject {};
}

Snapshot snapshotOf(const QString& id, qint64 revision, int format, const QJsonObject& state)
{
    return {id, u"User"_s, revision, format, QJsonDocument(state).toJson(QJsonDocument::Compact), Timestamp::now()};
}

/// Every revision of `id` from the cache against TimeTravel (which starts from the newest usable snapshot).
bool sameAsTimeTravel(EventStore& store, const ReplayCheckpoints& cache, qint64 upTo, QString* why)
{
    TimeTravel travel(store, DomainCatalog::builtin());
    QJsonObject previous; // TimeTravel's state at the revision before
    for (qint64 revision = 1; revision <= upTo; ++revision) {
        auto expected = travel.stateAtRevision(cache.streamId(), revision);
        QJsonObject before;
        auto actual = cache.stateAt(store, revision, &before);
        if (!expected || !actual) {
            *why = u"revision %1: %2"_s.arg(revision).arg(
                !actual ? actual.error().toString() : expected.error().toString());
            return false;
        }
        if (actual->state != expected->state || actual->occurredAt != expected->occurredAt
            || actual->revision != revision) {
            *why = u"revision %1 differs: %2 against %3"_s.arg(QString::number(revision),
                QString::fromUtf8(QJsonDocument(actual->state).toJson(QJsonDocument::Compact)),
                QString::fromUtf8(QJsonDocument(expected->state).toJson(QJsonDocument::Compact)));
            return false;
        }
        if (before != previous) {
            *why = u"revision %1: the state before it differs"_s.arg(revision);
            return false;
        }
        previous = expected->state;
    }
    return true;
}

} // namespace

class ReplayCheckpointsTest : public QObject {
    Q_OBJECT

    StoreFixture m_fixture;
    std::unique_ptr<EventStore> m_store;
    DemoSummary m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        m_store = m_fixture.createStore();
        DemoOptions options;
        options.users = 12;
        options.longStreamLogins = 700;
        auto demo = generateDemo(*m_store, DomainCatalog::builtin(), options);
        QVERIFY2(demo.ok(), why(demo).constData());
        m_demo = *demo;
        // Snapshots at odd places of the long stream, in the current format and in an older one.
        const QString id = m_demo.longStreamUserId;
        UnitOfWork snapshots;
        snapshots.snapshots.append(snapshotOf(id, 37, 1, fromScratch(*m_store, id, 37)));
        snapshots.snapshots.append(snapshotOf(id, 301, 1, fromScratch(*m_store, id, 301)));
        snapshots.snapshots.append(snapshotOf(id, 450, 0, {{u"user_id"_s, id}, {u"status"_s, u"garbage"_s}}));
        QVERIFY(m_store->commit(snapshots).ok());
    }

    void everyRevisionAsTimeTravelHasIt()
    {
        const QString id = m_demo.longStreamUserId;
        ReplayCheckpointOptions options;
        options.interval = 64;
        auto cache = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), id, options);
        QVERIFY2(cache.ok(), why(cache).constData());
        ReplayCheckpoints& checkpoints = **cache;
        QCOMPARE(checkpoints.headRevision(), m_demo.longStreamEvents);
        QCOMPARE(checkpoints.snapshotRevisions(), (QList<qint64> {37, 301})); // the old format is not one
        QVERIFY(checkpoints.checkpointable());

        // Before any fold, and half way: answers are already right.
        QString problem;
        QVERIFY2(sameAsTimeTravel(*m_store, checkpoints, 120, &problem), qPrintable(problem));
        QVERIFY(checkpoints.advance(*m_store, 350).ok());
        QCOMPARE(checkpoints.foldedThrough(), 350);
        QVERIFY(!checkpoints.isComplete());
        QVERIFY2(sameAsTimeTravel(*m_store, checkpoints, 460, &problem), qPrintable(problem));

        for (int slices = 0; slices < 1000 && !checkpoints.isComplete(); ++slices)
            QVERIFY(checkpoints.advance(*m_store, 100).ok());
        QVERIFY(checkpoints.isComplete());
        QVERIFY(checkpoints.driftedSnapshots().isEmpty());
        QVERIFY2(sameAsTimeTravel(*m_store, checkpoints, checkpoints.headRevision(), &problem), qPrintable(problem));
        // One checkpoint per 64 revisions and the two snapshots; each answer folds fewer than 64 events.
        QCOMPARE(checkpoints.checkpointCount(), qsizetype(checkpoints.headRevision() / 64 + 2));
        for (qint64 revision = 1; revision <= checkpoints.headRevision(); revision += 7)
            QVERIFY(checkpoints.stateAt(*m_store, revision)->eventsFolded < 64);
        QCOMPARE(checkpoints.stateAt(*m_store, 301)->snapshotRevision.value_or(0), 301);
        QVERIFY(checkpoints.memoryBytes() > 0);
    }

    void everyStreamOfTheDemo()
    {
        StreamListOptions list;
        list.limit = 1000;
        auto streams = m_store->listStreams(list);
        QVERIFY(streams.ok());
        for (const StreamInfo& stream : std::as_const(streams->streams)) {
            if (stream.streamId == m_demo.longStreamUserId)
                continue; // above
            auto cache = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), stream.streamId, {8, 1 << 20});
            QVERIFY2(cache.ok(), why(cache).constData());
            while (!(*cache)->isComplete())
                QVERIFY((*cache)->advance(*m_store, 5).ok());
            QString problem;
            QVERIFY2(sameAsTimeTravel(*m_store, **cache, stream.revision, &problem),
                qPrintable(stream.streamId + u": "_s + problem));
        }
    }

    void aDriftedSnapshotIsReportedAndTheFoldWins()
    {
        auto store = m_fixture.createStore();
        DemoOptions options;
        options.users = 3;
        options.longStreamLogins = 200;
        auto demo = generateDemo(*store, DomainCatalog::builtin(), options);
        QVERIFY(demo.ok());
        const QString id = demo->longStreamUserId;
        QJsonObject wrong = fromScratch(*store, id, 123);
        wrong.insert(u"login_count"_s, 99999);
        UnitOfWork drift;
        drift.snapshots.append(snapshotOf(id, 123, 1, wrong));
        QVERIFY(store->commit(drift).ok());

        auto cache = ReplayCheckpoints::start(*store, DomainCatalog::builtin(), id, {50, 1 << 20});
        QVERIFY(cache.ok());
        while (!(*cache)->isComplete())
            QVERIFY((*cache)->advance(*store, 64).ok());
        QCOMPARE((*cache)->driftedSnapshots(), QList<qint64> {123});
        for (qint64 revision = 1; revision <= (*cache)->headRevision(); ++revision) {
            auto state = (*cache)->stateAt(*store, revision);
            QVERIFY(state.ok());
            QCOMPARE(state->state, fromScratch(*store, id, revision));
            QVERIFY(!state->snapshotRevision); // a drifted snapshot is not the source of any answer
        }
    }

    void theMemoryBudgetThinsTheCheckpoints()
    {
        const QString id = m_demo.longStreamUserId;
        ReplayCheckpointOptions tight;
        tight.interval = 16;
        tight.memoryBudget = 8 * 1024;
        auto cache = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), id, tight);
        QVERIFY(cache.ok());
        while (!(*cache)->isComplete())
            QVERIFY((*cache)->advance(*m_store, 500).ok());
        QVERIFY2((*cache)->memoryBytes() <= tight.memoryBudget, qPrintable(u"%1 bytes"_s.arg((*cache)->memoryBytes())));
        QVERIFY((*cache)->interval() > 16);
        QString problem;
        QVERIFY2(sameAsTimeTravel(*m_store, **cache, (*cache)->headRevision(), &problem), qPrintable(problem));
    }

    void aTypeTheCoreDoesNotKnowFoldsGenerically()
    {
        QVERIFY(m_store->append(u"order-7"_s, u"Order"_s, ExpectedRevision::noStream(),
            eventScript(u"ORDER_PLACED@2025-03-01T10:00 {\"total\":10}; ORDER_PAID@11:00 {\"method\":\"card\"}; "
                        u"ORDER_SHIPPED@12:00 {\"carrier\":\"dhl\"}; ORDER_DELETED@13:00"_s)));
        auto cache = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), u"order-7"_s, {2, 1 << 20});
        QVERIFY(cache.ok());
        QVERIFY((*cache)->checkpointable());
        while (!(*cache)->isComplete())
            QVERIFY((*cache)->advance(*m_store, 1).ok());
        QString problem;
        QVERIFY2(sameAsTimeTravel(*m_store, **cache, 4, &problem), qPrintable(problem));
        QVERIFY((*cache)->stateAt(*m_store, 4)->generic);
    }

    void aStreamThatGrewAndRevisionsThatAreNot()
    {
        QVERIFY(m_store->append(u"order-8"_s, u"Order"_s, ExpectedRevision::noStream(),
            eventScript(u"ORDER_PLACED@2025-03-01T10:00 {\"total\":10}"_s)));
        auto cache = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), u"order-8"_s);
        QVERIFY(cache.ok());
        QVERIFY(m_store->append(u"order-8"_s, u"Order"_s, ExpectedRevision::exact(1),
            eventScript(u"ORDER_PAID@2025-03-01T11:00 {\"method\":\"card\"}"_s)));
        QVERIFY((*cache)->advance(*m_store, 10).ok());
        QCOMPARE((*cache)->foldedThrough(), 1); // what the stream was when the build started
        QString problem; // the event after the head it started at is read from the store
        QVERIFY2(sameAsTimeTravel(*m_store, **cache, 2, &problem), qPrintable(problem));
        QCOMPARE((*cache)->stateAt(*m_store, 2)->headRevision, 2);
        QCOMPARE((*cache)->stateAt(*m_store, 3).error().code, u"RevisionNotFound"_s);
        QCOMPARE((*cache)->stateAt(*m_store, 0).error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), u"no-such"_s).error().code,
            u"StreamNotFound"_s);
    }
};

QTEST_GUILESS_MAIN(ReplayCheckpointsTest)
#include "tst_replaycheckpoints.moc"
