// SPDX-License-Identifier: GPL-3.0-or-later
// Read models against their events on every backend: the whole-read-model check (a fresh build in memory up to the
// checkpoint) and the per-stream comparison. Drift (a row altered behind the projection's back) is found and named;
// lag (events after the checkpoint) never counts as drift, even while the projection moves during the check.
// CTest runs it once per backend.
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "eventscript.h"
#include "projections/builtinprojections.h"
#include "projections/projectionrunner.h"
#include "projections/readmodelcheck.h"
#include "projections/readmodelschemas.h"
#include "projections/streamreadmodelcomparison.h"
#include "readmodels/readmodeltransaction.h"
#include "resultcheck.h"
#include "storefixture.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

std::unique_ptr<EventStore> demoStore(StoreFixture& fixture)
{
    auto store = fixture.createStore();
    DemoOptions demo;
    demo.users = 30;
    demo.longStreamLogins = 40;
    demo.passwordIterations = 10;
    demo.runProjections = false;
    if (auto generated = generateDemo(*store, DomainCatalog::builtin(), demo); !generated)
        qFatal("demo: %s", qPrintable(generated.error().toString()));
    return store;
}

Status catchUp(EventStore& store)
{
    ProjectionRunnerOptions options;
    options.workerId = u"check-test"_s;
    ProjectionRunner runner(store, builtinProjections(), options);
    auto run = runner.catchUp();
    if (!run)
        return run.error();
    return {};
}

QStringList userIds(EventStore& store)
{
    QStringList ids;
    for (const auto& info : store.listStreams({u"User"_s, {}, 100000, {}}).value().streams)
        ids.append(info.streamId);
    ids.sort();
    return ids;
}

/// Writes to the users table without moving the checkpoint: what a hand-run UPDATE or a buggy job would do.
void tamper(EventStore& store, const std::function<void(ReadModelTransaction&)>& change)
{
    const qint64 generation = store.readModels().checkpoint(u"users"_s).value().generation;
    auto tx = store.readModels().beginReadModelTransaction(usersReadModel(), generation);
    QVERIFY2(tx.ok(), why(tx).constData());
    change(**tx);
    QVERIFY((*tx)->commitWithoutCheckpoint().ok());
}

ReadModelRow userKey(const QString& id)
{
    return {{u"user_id"_s, id}};
}

void changeName(EventStore& store, const QString& id, const QString& first)
{
    auto appended = store.append(id, u"User"_s, ExpectedRevision::any(),
        {makeEvent(u"USER_NAME_CHANGED"_s, {{u"first_name"_s, first}, {u"last_name"_s, u"Changed"_s}})});
    QVERIFY2(appended.ok(), why(appended).constData());
}

const RowDrift* example(const ReadModelCheck& check, RowDrift::Kind kind)
{
    for (const auto& drift : check.examples) {
        if (drift.kind == kind)
            return &drift;
    }
    return nullptr;
}

} // namespace

class ReadModelCheckTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

private Q_SLOTS:
    void initTestCase() { qInfo() << "backend:" << m_fixture.backend(); }

    void aProjectedStoreHasNoDrift()
    {
        auto store = demoStore(m_fixture);
        QVERIFY(catchUp(*store).ok());
        const qint64 head = store->headPosition().value();
        for (const auto& projection : builtinProjections()) {
            QList<ReadModelCheckProgress> progress;
            ReadModelCheckOptions options;
            options.batchSize = 50;
            options.onProgress = [&](const ReadModelCheckProgress& p) { progress.append(p); };
            auto check = checkReadModel(*store, projection, DomainCatalog::builtin(), options);
            QVERIFY2(check.ok(), why(check).constData());
            QCOMPARE(check->drifted(), 0);
            QVERIFY(check->settled);
            QCOMPARE(check->position, head);
            QCOMPARE(check->eventsReplayed, head);
            QVERIFY2(check->rowsCompared > 0, qPrintable(projection->name()));
            QVERIFY(!progress.isEmpty());
            QCOMPARE(progress.constFirst().phase, ReadModelCheckProgress::Phase::Replaying);
            QCOMPARE(progress.constLast().phase, ReadModelCheckProgress::Phase::Comparing);
        }
    }

    void rowsAlteredBehindTheProjectionsBackAreDrift()
    {
        auto store = demoStore(m_fixture);
        QVERIFY(catchUp(*store).ok());
        const QStringList ids = userIds(*store);
        QVERIFY(ids.size() >= 3);
        ReadModelRow original;
        tamper(*store, [&](ReadModelTransaction& tx) {
            auto row = tx.get(u"users"_s, userKey(ids[0])).value();
            QVERIFY(row.has_value());
            original = *row;
            ReadModelRow changed = *row;
            changed.insert(u"first_name"_s, u"Tampered"_s);
            changed.insert(u"login_count"_s, row->value(u"login_count"_s).toLongLong() + 7);
            QVERIFY(tx.put(u"users"_s, changed).ok());
            QVERIFY(tx.remove(u"users"_s, userKey(ids[1])).ok());
            ReadModelRow ghost = *row;
            ghost.insert(u"user_id"_s, u"ffffffff-0000-4000-8000-000000000000"_s);
            QVERIFY(tx.put(u"users"_s, ghost).ok());
        });

        auto check = checkReadModel(*store, builtinProjection(u"users"_s), DomainCatalog::builtin());
        QVERIFY2(check.ok(), why(check).constData());
        QCOMPARE(check->different, 1);
        QCOMPARE(check->missing, 1);
        QCOMPARE(check->unexpected, 1);
        QCOMPARE(check->examples.size(), 3);
        const RowDrift* different = example(*check, RowDrift::Kind::Different);
        QVERIFY(different);
        QCOMPARE(different->key, u"user_id="_s + ids[0]);
        QCOMPARE(different->columns.size(), 2);
        QCOMPARE(different->columns[0].column, u"first_name"_s);
        QCOMPARE(different->columns[0].stored.toString(), u"Tampered"_s);
        QCOMPARE(different->columns[0].expected.toString(), original.value(u"first_name"_s).toString());
        QCOMPARE(different->columns[1].column, u"login_count"_s);
        QCOMPARE(example(*check, RowDrift::Kind::Missing)->key, u"user_id="_s + ids[1]);
        QCOMPARE(example(*check, RowDrift::Kind::Unexpected)->keyValues.value(u"user_id"_s).toString(),
            u"ffffffff-0000-4000-8000-000000000000"_s);

        // The other read models are untouched.
        QCOMPARE(checkReadModel(*store, builtinProjection(u"audit_log"_s), DomainCatalog::builtin())->drifted(), 0);

        // The stream's own comparison says the same about its row.
        auto stream
            = compareStreamWithReadModel(*store, builtinProjection(u"users"_s), ids[0], DomainCatalog::builtin());
        QVERIFY2(stream.ok(), why(stream).constData());
        QVERIFY(stream->drifted());
        QCOMPARE(stream->rows.size(), 1);
        QCOMPARE(stream->rows[0].drift.size(), 2);
        QCOMPARE(stream->rows[0].drift[0].column, u"first_name"_s);
        QCOMPARE(stream->eventsBehind, 0);

        auto missing
            = compareStreamWithReadModel(*store, builtinProjection(u"users"_s), ids[1], DomainCatalog::builtin());
        QVERIFY(missing.ok());
        QVERIFY(missing->drifted());
        QVERIFY(!missing->rows[0].stored.has_value());
        QVERIFY(missing->rows[0].atCheckpoint.has_value());
    }

    void lagIsNotDrift()
    {
        auto store = demoStore(m_fixture);
        QVERIFY(catchUp(*store).ok());
        const QString id = userIds(*store).constFirst();
        QVERIFY(store->readModels().controlProjection(u"users"_s, ProjectionControl::pause(), {}).ok());
        changeName(*store, id, u"Paused"_s);
        QVERIFY(catchUp(*store).ok()); // users stays behind; the others move on
        const qint64 checkpoint = store->readModels().checkpoint(u"users"_s)->position;
        QCOMPARE(checkpoint + 1, store->headPosition().value());

        auto check = checkReadModel(*store, builtinProjection(u"users"_s), DomainCatalog::builtin());
        QVERIFY2(check.ok(), why(check).constData());
        QCOMPARE(check->drifted(), 0);
        QCOMPARE(check->position, checkpoint);

        auto stream = compareStreamWithReadModel(*store, builtinProjection(u"users"_s), id, DomainCatalog::builtin());
        QVERIFY2(stream.ok(), why(stream).constData());
        QVERIFY(!stream->drifted());
        QVERIFY(stream->handlesStream);
        QCOMPARE(stream->eventsBehind, 1);
        QVERIFY(stream->oldestPendingAt.has_value());
        QCOMPARE(stream->revisionAtCheckpoint + 1, stream->streamRevision);
        QCOMPARE(stream->rows.size(), 1);
        const auto& row = stream->rows[0];
        QVERIFY(row.drift.isEmpty());
        QStringList pending;
        for (const auto& difference : row.pending)
            pending.append(difference.column);
        QVERIFY2(pending.contains(u"first_name"_s), qPrintable(pending.join(u',')));
        QVERIFY(pending.contains(u"revision"_s));
        QCOMPARE(row.atHead->value(u"first_name"_s).toString(), u"Paused"_s);

        QVERIFY(store->readModels().controlProjection(u"users"_s, ProjectionControl::resume(), {}).ok());
        QVERIFY(catchUp(*store).ok());
        auto caughtUp = compareStreamWithReadModel(*store, builtinProjection(u"users"_s), id, DomainCatalog::builtin());
        QCOMPARE(caughtUp->eventsBehind, 0);
        QVERIFY(caughtUp->rows[0].pending.isEmpty());
    }

    void aProjectionMovingDuringTheCheckIsNotDrift()
    {
        auto store = demoStore(m_fixture);
        QVERIFY(catchUp(*store).ok());
        const QStringList ids = userIds(*store);
        bool moved = false;
        ReadModelCheckOptions options;
        options.batchSize = 5; // several pages, so rows read after the move differ from the fresh copy at first
        options.onProgress = [&](const ReadModelCheckProgress& progress) {
            if (moved || progress.phase != ReadModelCheckProgress::Phase::Comparing)
                return;
            moved = true;
            for (const QString& id : ids)
                changeName(*store, id, u"Moved"_s);
            QVERIFY(catchUp(*store).ok());
        };
        auto check = checkReadModel(*store, builtinProjection(u"users"_s), DomainCatalog::builtin(), options);
        QVERIFY2(check.ok(), why(check).constData());
        QVERIFY(moved);
        QCOMPARE(check->drifted(), 0);
        QVERIFY(check->settled);
        QCOMPARE(check->position, store->headPosition().value());
    }

    void theCheckCanBeCancelled()
    {
        auto store = demoStore(m_fixture);
        QVERIFY(catchUp(*store).ok());
        std::atomic<bool> cancel {false};
        ReadModelCheckOptions options;
        options.batchSize = 10;
        options.cancel = &cancel;
        options.onProgress = [&](const ReadModelCheckProgress&) { cancel = true; };
        auto check = checkReadModel(*store, builtinProjection(u"users"_s), DomainCatalog::builtin(), options);
        QVERIFY(!check.ok());
        QCOMPARE(check.error().kind, ErrorKind::Cancelled);
    }

    void aStreamTheProjectionDoesNotHandleHasNoRows()
    {
        auto store = m_fixture.createStore();
        QVERIFY(store
                    ->append(u"order-1"_s, u"Order"_s, ExpectedRevision::noStream(),
                        {makeEvent(u"ORDER_PLACED"_s, {{u"total"_s, 3}})})
                    .ok());
        QVERIFY(catchUp(*store).ok());
        auto stream
            = compareStreamWithReadModel(*store, builtinProjection(u"users"_s), u"order-1"_s, DomainCatalog::builtin());
        QVERIFY2(stream.ok(), why(stream).constData());
        QVERIFY(!stream->handlesStream);
        QVERIFY(stream->rows.isEmpty());
        auto audit = compareStreamWithReadModel(
            *store, builtinProjection(u"audit_log"_s), u"order-1"_s, DomainCatalog::builtin());
        QVERIFY(audit.ok());
        QCOMPARE(audit->rows.size(), 1);
        QVERIFY(!audit->drifted());

        auto none
            = compareStreamWithReadModel(*store, builtinProjection(u"users"_s), u"nope"_s, DomainCatalog::builtin());
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, ErrorKind::NotFound);
    }
};

QTEST_GUILESS_MAIN(ReadModelCheckTest)
#include "tst_readmodelcheck.moc"
