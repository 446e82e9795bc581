// SPDX-License-Identifier: GPL-3.0-or-later
// Projection workers killed with SIGKILL in the middle of their batches, again and again, then restarted until
// they finish: the read models must equal a from-scratch build of the same events, row for row, and every
// event must have taken effect exactly once. SQLite only: a process of its own needs a durable store.
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "projections/projectionrunner.h"
#include "projections/readmodelschemas.h"
#include "projectiontestkit.h"
#include "resultcheck.h"
#include "store/storeopener.h"
#include "storefixture.h"
#include "watchdog.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

std::unique_ptr<EventStore> open(const QString& path, StoreOptions::OpenMode mode)
{
    StoreOptions options;
    options.mode = mode;
    options.durability = StoreOptions::Durability::Normal;
    options.busyTimeout = std::chrono::milliseconds(30000);
    auto store = openStore(*StoreAddress::parse(path), options);
    if (!store)
        qFatal("cannot open %s: %s", qPrintable(path), qPrintable(store.error().toString()));
    return std::move(store).value();
}

} // namespace

class ProjectionKillTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

private Q_SLOTS:
    void killedWorkersLeaveExactlyOnceReadModels()
    {
        if (m_fixture.backend() != u"sqlite"_s)
            QSKIP("worker processes need a durable store");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"kill.flashback"_s);
        const QString referencePath = dir.filePath(u"reference.flashback"_s);
        qint64 head = 0;
        {
            auto store = open(path, StoreOptions::OpenMode::CreateIfMissing);
            DemoOptions demo;
            demo.users = 60;
            demo.longStreamLogins = 3000;
            demo.passwordIterations = 10;
            demo.runProjections = false; // the workers below must build the read models themselves
            const auto generated = generateDemo(*store, DomainCatalog::builtin(), demo);
            QVERIFY2(generated.ok(), why(generated).constData());
            head = store->headPosition().value();
        }
        // A byte copy keeps recorded_at, so a from-scratch build there must give the very same rows.
        for (const QString& suffix : {u""_s, u"-wal"_s}) {
            if (QFile::exists(path + suffix))
                QVERIFY(QFile::copy(path + suffix, referencePath + suffix));
        }

        int kills = 0;
        bool finished = false;
        for (int start = 0; start < 30 && !finished; ++start) {
            QProcess worker;
            worker.start(QStringLiteral(PROJECTION_WORKER), {path, u"20"_s});
            QVERIFY(worker.waitForStarted(30000));
            // Kill the first few runs after a varying number of batches, so the kills land at different points
            // (on a very slow machine, at the deadline: any point will do).
            const int killAfter = kills < 5 ? 3 + 4 * kills : -1;
            QByteArray output; // every line it printed, including those read while counting its batches
            int batches = 0;
            const QDeadlineTimer deadline(GenerousDeadline);
            while (
                killAfter > 0 && batches < killAfter && worker.state() == QProcess::Running && !deadline.hasExpired()) {
                worker.waitForReadyRead(100);
                while (worker.canReadLine()) {
                    const QByteArray line = worker.readLine();
                    output += line;
                    if (line.startsWith("batch "))
                        ++batches;
                }
            }
            if (killAfter > 0 && worker.state() == QProcess::Running) {
                worker.kill(); // SIGKILL: no chance to roll back or release the lease
                QVERIFY(worker.waitForFinished(30000));
                ++kills;
                continue;
            }
            if (worker.state() != QProcess::NotRunning)
                QVERIFY(worker.waitForFinished(120000));
            output += worker.readAllStandardOutput();
            QVERIFY2(worker.exitStatus() == QProcess::NormalExit && worker.exitCode() == 0,
                worker.readAllStandardError().constData());
            finished = output.contains("done ");
        }
        QVERIFY(finished);
        QVERIFY2(kills >= 3, "the worker finished before it could be killed often enough");
        qInfo() << "killed" << kills << "times;" << head << "events";

        auto store = open(path, StoreOptions::OpenMode::OpenExisting);
        auto reference = open(referencePath, StoreOptions::OpenMode::OpenExisting);
        ProjectionRunnerOptions options;
        options.workerId = u"reference"_s;
        ProjectionRunner scratch(*reference, builtinProjections(), options);
        QVERIFY(scratch.catchUp().ok());

        const struct {
            ReadModelSchema schema;
            QString table;
            QString key;
        } models[] = {{usersReadModel(), u"users"_s, u"user_id"_s}, {auditLogReadModel(), u"entries"_s, u"position"_s}};
        for (const auto& model : models) {
            const auto killed = allRows(*store, model.schema, model.table, model.key);
            const auto expected = allRows(*reference, model.schema, model.table, model.key);
            QVERIFY(killed.ok() && expected.ok());
            QVERIFY(!expected->isEmpty());
            const QString difference = firstDifference(*killed, *expected);
            QVERIFY2(difference.isEmpty(), qPrintable(model.schema.projection + u": "_s + difference));
            const auto checkpoint = store->readModels().checkpoint(model.schema.projection).value();
            const auto referenceCheckpoint = reference->readModels().checkpoint(model.schema.projection).value();
            QCOMPARE(checkpoint.position, head);
            // Every event counted once: a batch applied twice would count its events twice.
            QCOMPARE(checkpoint.eventsProcessed, referenceCheckpoint.eventsProcessed);
        }
        QCOMPARE(allRows(*store, auditLogReadModel(), u"entries"_s, u"position"_s)->size(), head);
    }
};

QTEST_GUILESS_MAIN(ProjectionKillTest)
#include "tst_projectionkill.moc"
