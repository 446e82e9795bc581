// SPDX-License-Identifier: GPL-3.0-or-later
// Projection workers as separate processes on one PostgreSQL store: several `flashback-cli project --follow`
// started side by side, the active one killed with SIGKILL in the middle of its work, and the server restarted
// under a running worker. Whatever happens, each read model must end equal to a from-scratch build of the same
// events, every event must be counted once, and every welcome mail must be in the mailbox exactly once.
#include "commands/command.h"
#include "commands/commandhandler.h"
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "domain/user/usercommands.h"
#include "projections/auditlogprojection.h"
#include "projections/readmodelschemas.h"
#include "projections/usersprojection.h"
#include "projectiontestkit.h"
#include "resultcheck.h"
#include "storefixture.h"
#include "storesession.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <map>
#include <memory>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

const QStringList Projections {u"users"_s, u"audit_log"_s};

/// The worker processes of one test, by worker id; killed on the way out whatever happened.
class Workers {
public:
    explicit Workers(QString address)
        : m_address(std::move(address))
    { }
    ~Workers()
    {
        for (auto& [id, process] : m_processes) {
            process->kill();
            process->waitForFinished(10000);
        }
    }

    void start(const QString& id)
    {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_LOGGING_RULES"_s, u"flashback.*.debug=false"_s);
        process->setProcessEnvironment(environment);
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(QStringLiteral(FLASHBACK_CLI),
            {u"project"_s, u"--follow"_s, u"--store"_s, m_address, u"--worker"_s, id, u"--batch-size"_s, u"20"_s});
        QVERIFY2(process->waitForStarted(10000), qPrintable(process->errorString()));
        m_processes[id] = std::move(process);
    }

    bool isRunning(const QString& id) const
    {
        const auto it = m_processes.find(id);
        return it != m_processes.end() && it->second->state() == QProcess::Running;
    }

    /// SIGKILL: no chance to roll back, release a lease or finish a delivery.
    void kill(const QString& id)
    {
        QProcess& process = *m_processes.at(id);
        process.kill();
        QVERIFY(process.waitForFinished(10000));
    }

    /// SIGTERM to every live worker; each must stop cleanly (exit 0) after its current batch.
    void stopAll()
    {
        for (auto& [id, process] : m_processes) {
            if (process->state() != QProcess::Running)
                continue;
            process->terminate();
            QVERIFY2(process->waitForFinished(60000), qPrintable(id + u" did not stop on SIGTERM"_s));
            QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                qPrintable(
                    id + u" exited with "_s + QString::number(process->exitCode()) + u": "_s + output(id).right(2000)));
        }
    }

    /// Everything the worker printed so far (stdout and stderr).
    QString output(const QString& id)
    {
        QProcess& process = *m_processes.at(id);
        // Without an event loop, QProcess reads the pipe only inside its waitFor... calls.
        for (int slice = 0; slice < 20 && process.state() == QProcess::Running && process.waitForReadyRead(50);)
            ++slice;
        QByteArray& seen = m_output[id];
        seen += process.readAll();
        return QString::fromUtf8(seen);
    }

private:
    QString m_address;
    std::map<QString, QByteArray> m_output;
    std::map<QString, std::unique_ptr<QProcess>> m_processes;
};

/// Polls `condition` every 20 ms until it holds or `timeout` passes.
template <typename Condition> bool waitFor(Condition condition, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(20);
    }
    return true;
}

ProjectionCheckpoint checkpointOf(EventStore& store, const QString& name)
{
    auto checkpoint = store.readModels().checkpoint(name);
    return checkpoint ? *checkpoint : ProjectionCheckpoint {};
}

/// Every projection at the head and nothing left to deliver.
bool allDone(EventStore& store)
{
    auto head = store.headPosition();
    auto counts = store.outbox().outboxCounts();
    if (!head || !counts)
        return false;
    for (const QString& name : Projections) {
        if (checkpointOf(store, name).position != *head)
            return false;
    }
    return counts->value(OutboxStatus::Pending) == 0 && counts->value(OutboxStatus::Processing) == 0;
}

std::unique_ptr<EventStore> reopen(EventStore& store)
{
    auto again = store.reopen();
    if (!again)
        qFatal("cannot reopen the store: %s", qPrintable(again.error().toString()));
    return std::move(again).value();
}

} // namespace

class WorkersTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;

    std::unique_ptr<EventStore> demoStore(int users, int longStreamLogins)
    {
        auto store = m_fixture.createStore();
        DemoOptions demo;
        demo.users = users;
        demo.longStreamLogins = longStreamLogins;
        demo.passwordIterations = 10;
        demo.runProjections = false; // the workers must build the read models and deliver the mail themselves
        const auto generated = generateDemo(*store, DomainCatalog::builtin(), demo);
        if (!generated)
            qFatal("demo: %s", qPrintable(generated.error().toString()));
        return store;
    }

    /// The worker-built read models against a from-scratch build of the same events in the same store, and the
    /// mailbox against the outbox.
    static void verifyExactlyOnce(EventStore& store)
    {
        const auto head = store.headPosition();
        QVERIFY2(head.ok(), why(head).constData());
        const struct {
            std::shared_ptr<Projection> projection;
            ReadModelSchema schema;
            QString table;
            QString key;
        } models[] = {{std::make_shared<UsersProjection>(), usersReadModel(), u"users"_s, u"user_id"_s},
            {std::make_shared<AuditLogProjection>(), auditLogReadModel(), u"entries"_s, u"position"_s}};
        for (const auto& model : models) {
            const QString reference = model.schema.projection + u"_reference"_s;
            const auto built = allRows(store, model.schema, model.table, model.key);
            const auto expected = scratchBuild(store, model.projection, reference, model.table, model.key);
            QVERIFY2(built.ok(), why(built).constData());
            QVERIFY2(expected.ok(), why(expected).constData());
            QVERIFY(!expected->isEmpty());
            const QString difference = firstDifference(*built, *expected);
            QVERIFY2(difference.isEmpty(), qPrintable(model.schema.projection + u": "_s + difference));
            // Every event counted once: a batch applied twice would count its events twice.
            const ProjectionCheckpoint live = checkpointOf(store, model.schema.projection);
            QCOMPARE(live.position, *head);
            QCOMPARE(live.eventsProcessed, checkpointOf(store, reference).eventsProcessed);
        }

        const auto counts = store.outbox().outboxCounts();
        QVERIFY2(counts.ok(), why(counts).constData());
        qint64 rows = 0;
        for (const qint64 count : *counts)
            rows += count;
        QVERIFY(rows > 0);
        QCOMPARE(counts->value(OutboxStatus::Completed), rows);
        const auto mails = allRows(store, mailboxReadModel(), u"sent_emails"_s, u"idempotency_key"_s);
        QVERIFY2(mails.ok(), why(mails).constData());
        QCOMPARE(qint64(mails->size()), rows); // keyed by the idempotency key: one mail per outbox row, no more
    }

    static void control(EventStore& store, const ReadModelSchema& schema, const ProjectionControl& control)
    {
        const auto status = store.readModels().controlProjection(schema.projection, control, schema);
        QVERIFY2(status.ok(), why(status).constData());
    }

    /// Lets the workers at `schema`'s projection (paused until now), kills the one that takes it once it is
    /// part-way, and waits for another to take over and move on. The takeover must not wait for the killed
    /// worker's lease to run out: the lease ends with its session.
    static void killActiveWorker(EventStore& store, const QString& address, Workers& workers,
        const ReadModelSchema& schema, qint64 head, QStringList& killed)
    {
        const QString projection = schema.projection;
        control(store, schema, ProjectionControl::resume());
        QString victim;
        qint64 before = 0;
        Timestamp leaseUntil; // the victim's lease as last seen; renewals since then only extend it
        QVERIFY2(waitFor(
                     [&] {
                         const ProjectionCheckpoint checkpoint = checkpointOf(store, projection);
                         victim = checkpoint.leaseHolder;
                         before = checkpoint.position;
                         leaseUntil = checkpoint.leaseUntil;
                         return !victim.isEmpty() && before > head / 10 && before < head / 2;
                     },
                     std::chrono::seconds(60)),
            qPrintable(projection + u": no worker was seen in the first half of it"_s));
        workers.kill(victim);
        killed.append(victim);
        QElapsedTimer takeover;
        takeover.start();
        // Dead, the victim renews its lease no more: it is made to outlast the test, so that only the end of the
        // victim's session can free it in time. (Unless a successor was quicker still and holds it already.)
        const QString extend = u"UPDATE projection_checkpoints SET lease_until = lease_until + 3600000000 "
                               u"WHERE name = '%1' AND lease_holder = '%2' RETURNING 1"_s.arg(projection, victim);
        StoreSession session(address);
        const bool extended = session.value(extend).isValid();
        QVERIFY2(session.lastError().isEmpty(), qPrintable(session.lastError()));
        ProjectionCheckpoint taken;
        QVERIFY2(waitFor(
                     [&] {
                         taken = checkpointOf(store, projection);
                         return !taken.leaseHolder.isEmpty() && !killed.contains(taken.leaseHolder)
                             && taken.position > before;
                     },
                     std::chrono::seconds(60)),
            qPrintable(projection + u": nobody took over from "_s + victim));
        const QString successor = taken.leaseHolder;
        qInfo().noquote() << u"%1: killed %2 at position %3 of %4; %5 took over and moved on within %6 ms%7"_s.arg(
            projection, victim, QString::number(before), QString::number(head), successor,
            QString::number(takeover.elapsed()), extended ? QString() : u" (before the lease was extended)"_s);
        if (!extended) { // taken over before the lease was extended: before it would have run out, too?
            QVERIFY2(taken.leaseSince < leaseUntil,
                qPrintable(projection + u": "_s + successor + u" took the lease only when "_s + victim
                    + u"'s ran out, not when its session ended"_s));
        }
        QVERIFY(workers.isRunning(successor));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (m_fixture.backend() != u"postgres"_s)
            QSKIP("worker processes coordinating through the store: PostgreSQL");
    }

    void killedActiveWorkersAreReplacedWithinSeconds()
    {
        auto store = demoStore(60, 4000);
        const qint64 head = store->headPosition().value();
        // Paused first, so each can be watched from its start while all workers compete for it.
        control(*store, usersReadModel(), ProjectionControl::pause());
        control(*store, auditLogReadModel(), ProjectionControl::pause());
        QVERIFY(!QTest::currentTestFailed());
        Workers workers(m_fixture.lastAddress());
        for (const QString& id : {u"w1"_s, u"w2"_s, u"w3"_s})
            workers.start(id);

        QStringList killed;
        killActiveWorker(*store, m_fixture.lastAddress(), workers, usersReadModel(), head, killed);
        if (QTest::currentTestFailed())
            return;
        workers.start(u"w4"_s); // a replacement joins, as an orchestrator would start one
        killActiveWorker(*store, m_fixture.lastAddress(), workers, auditLogReadModel(), head, killed);
        if (QTest::currentTestFailed())
            return;

        QVERIFY2(waitFor([&] { return allDone(*store); }, std::chrono::seconds(120)),
            "the surviving workers did not finish the projections and the outbox");
        // Idle, each projection still has a live holder: `lag` shows who handles the next event.
        for (const QString& name : Projections) {
            const QString holder = checkpointOf(*store, name).leaseHolder;
            QVERIFY2(workers.isRunning(holder), qPrintable(name + u" is held by "_s + holder));
        }
        workers.stopAll();
        if (QTest::currentTestFailed())
            return;
        for (const QString& name : Projections) // released on the way out
            QVERIFY(checkpointOf(*store, name).leaseHolder.isEmpty());
        verifyExactlyOnce(*store);
    }

    void followSurvivesAServerRestart()
    {
        auto store = demoStore(30, 3000);
        const qint64 head = store->headPosition().value();
        Workers workers(m_fixture.lastAddress());
        workers.start(u"survivor"_s);
        QVERIFY(waitFor(
            [&] {
                const qint64 position = checkpointOf(*store, u"users"_s).position;
                return position > 0 && position < head;
            },
            std::chrono::seconds(60)));

        // The server goes away in the middle of the worker's batches and stays down for two seconds.
        QProcess restart;
        restart.start(QStringLiteral(PG_TEST_SERVER), {u"restart"_s, QStringLiteral(PG_TEST_STATE), u"2"_s});
        QVERIFY(restart.waitForFinished(120000));
        QVERIFY2(restart.exitCode() == 0, restart.readAllStandardError().constData());
        QVERIFY2(workers.isRunning(u"survivor"_s), qPrintable(workers.output(u"survivor"_s)));

        // New events after the restart, from a fresh connection: the worker must find them too.
        auto writer = reopen(*store);
        PasswordHasher hasher(10);
        CommandHandler handler(*writer, DomainCatalog::builtin(), hasher);
        for (int i = 0; i < 5; ++i) {
            Command create;
            create.name = UserCommands::CreateUser;
            create.fields = {{u"username"_s, u"after.restart.%1"_s.arg(i)},
                {u"email"_s, u"after.restart.%1@example.com"_s.arg(i)}, {u"first_name"_s, u"After"_s},
                {u"last_name"_s, u"Restart"_s}, {u"password"_s, u"correct horse battery"_s}};
            create.metadata.actor = u"tester@example.com"_s;
            const auto created = handler.execute(create);
            QVERIFY2(created.ok(), why(created).constData());
        }

        auto checker = reopen(*store);
        QVERIFY2(waitFor([&] { return allDone(*checker); }, std::chrono::seconds(90)),
            qPrintable(u"the worker did not recover: "_s + workers.output(u"survivor"_s)));
        QVERIFY(checker->headPosition().value() > head);
        // It saw the outage (and said so) rather than missing it between two batches.
        const QString log = workers.output(u"survivor"_s);
        QVERIFY2(log.contains(u"retrying"_s), qPrintable(log));
        qInfo().noquote() << u"the worker retried %1 times during the restart, then caught up"_s.arg(
            log.count(u"retrying"_s));
        workers.stopAll();
        if (QTest::currentTestFailed())
            return;
        verifyExactlyOnce(*checker);
    }
};

QTEST_GUILESS_MAIN(WorkersTest)
#include "tst_cli_workers.moc"
