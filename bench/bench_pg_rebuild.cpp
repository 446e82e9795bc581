// SPDX-License-Identifier: GPL-3.0-or-later
// bench_pg_rebuild: rebuilding the audit_log projection over a large PostgreSQL log with real worker processes
// (`flashback-cli project --follow`), one worker against several, beside a raw libpq scan + insert of the same
// rows in the same run.
//
// Usage:
//   bench_pg_rebuild --conninfo CONNINFO [--events N] [--streams S] [--workers N] [--runs R] [--batch B]
//                    [--cli PATH] [--prepare-with-runner] [--out FILE]
//     --conninfo  the server; the run creates a fresh database on it and drops it afterwards
//     --events    events in the log (default 1000000; the recorded result uses the default)
//     --streams   User streams they belong to (default 10000)
//     --workers   the worker count compared with one worker (default 4)
//     --runs      repetitions, each running every side once in a rotating order; medians reported (default 2:
//                 with 1,000,000 events a run takes about 5 minutes on a 2-core machine)
//     --batch     events per batch, one transaction each, on every side (default 500, the CLI's default)
//     --cli       the flashback-cli to start (default: ../app/cli/flashback-cli beside this program's folder)
//     --prepare-with-runner  bring the live copy to the head with ProjectionRunner::catchUp, not the raw code
//     --out       also write the JSON result block to FILE
//
// Before any clock starts, the log is written through PostgresEventStore::commit (bench_projection's User history,
// 10 events per append, 1,000 appends per commit) and audit_log's live copy (generation 1) is brought to the head,
// by default with the raw code below (the runner's rows, as every run checks; twice as fast as catching up with
// the runner, which --prepare-with-runner does instead), so a rebuild finds a live copy at the head, as in use; a
// copy of that table is kept as the reference, and the database is vacuumed and analysed. Every run then has
// three sides, each starting from a checkpointed server:
//   raw       libpq only (RawAuditLog): create the table (the store's DDL for audit_log), then per batch one
//             transaction: read the next events, compute and upsert their rows, move a checkpoint row. The floor
//             for the work.
//   workers1  1 worker process and
//   workersN  N worker processes: `flashback-cli project --follow --projection audit_log --no-outbox --json
//             --batch-size B --store <the database> --worker wI`, started and connected (each has its store and
//             its subscription connection open, seen in pg_stat_activity) before the clock starts. Then this
//             program starts the rebuild through the core API without running it (ReadModelStore::
//             controlProjection(audit_log, startRebuild) on a connection of its own) and the clock runs until the
//             checkpoint (read every 20 ms) shows the rebuilt generation swapped in (rebuild generation empty,
//             generation changed). The workers notice the pending rebuild within follow()'s pollWait (250 ms;
//             starting a rebuild is not a commit of events, so nothing notifies them); that is included.
// After every side (not timed) its table is compared row by row with the reference (EXCEPT both ways), the
// workers are stopped with SIGTERM and their JSON summaries read (who did the work). One active worker per
// projection is the design (a lease), so N workers are not expected to be faster than one; the figures show what
// they cost.
#include "benchsupport.h"
#include "pgauditlog.h"
#include "pgbenchsupport.h"
#include "projections/auditlogprojection.h"
#include "projections/projectionrunner.h"
#include "projectionworkload.h"
#include "readmodels/readmodelsql.h"
#include "store/postgres/postgreseventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QSet>
#include <QTextStream>

#include <array>
#include <thread>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    QString conninfo;
    qint64 events = 1000000;
    int streams = 10000;
    int workers = 4;
    int runs = 2;
    int batch = 500;
    bool prepareWithRunner = false;
    QString cli;
    QString out;
};

constexpr int EventsPerAppend = 10;
constexpr qint64 AppendsPerCommit = 1000;
const QString ReferenceTable = u"bench_reference_audit"_s;

StoreOptions storeOptions(StoreOptions::OpenMode mode, StoreOptions::Durability durability)
{
    StoreOptions options;
    options.mode = mode;
    options.durability = durability;
    return options;
}

/// Writes the log, brings audit_log's live copy to the head and keeps a copy of its table; returns the seconds of
/// the first two.
std::pair<double, double> prepare(const QString& conninfo, const Config& config, RawPg& db)
{
    {
        // Durability::Normal: nothing of the setup is measured, and it is written once.
        auto store = PostgresEventStore::open(
            conninfo, storeOptions(StoreOptions::OpenMode::CreateIfMissing, StoreOptions::Durability::Normal));
        if (!store)
            fail(store.error().toString());
        const ProjectionWorkload workload(config.events, config.streams, EventsPerAppend);
        const Stopwatch writing;
        for (qint64 first = 0; first < workload.appendCount(); first += AppendsPerCommit) {
            if (auto committed = (*store)->commit(workload.appends(first, AppendsPerCommit)); !committed)
                fail(committed.error().toString());
        }
        const double written = writing.lapMicros() / 1e6;
        if (!config.prepareWithRunner) {
            // The live copy written by the raw code (twice as fast as the runner here), straight into generation 1
            // with the projection's own checkpoint at the head: the rows are the runner's, as every run checks.
            const Stopwatch catching;
            RawAuditLog live(db, ReadModelSql::physicalName(u"audit_log"_s, u"entries"_s, 1), u"audit_log"_s);
            live.create();
            for (qint64 cursor = 0;;) {
                const RawBatchDone done = live.runBatch(cursor, 5000);
                if (done.count() == 0)
                    break;
                cursor = done.to;
            }
            db.exec("CREATE TABLE " + ReferenceTable.toUtf8() + " AS SELECT * FROM " + live.table().toUtf8());
            db.exec("VACUUM ANALYZE");
            return {written, catching.lapMicros() / 1e6};
        }
        const Stopwatch catching;
        ProjectionRunnerOptions options;
        options.batchSize = config.batch;
        ProjectionRunner runner(**store, {std::make_shared<AuditLogProjection>()}, options);
        auto run = runner.catchUp();
        if (!run || run->eventsHandled() != config.events)
            fail(run ? u"the catch-up handled %1 events"_s.arg(run->eventsHandled()) : run.error().toString());
        const QString live = ReadModelSql::physicalName(u"audit_log"_s, u"entries"_s, 1);
        db.exec("CREATE TABLE " + ReferenceTable.toUtf8() + " AS SELECT * FROM " + live.toUtf8());
        db.exec("VACUUM ANALYZE");
        return {written, catching.lapMicros() / 1e6};
    }
}

/// Seconds the raw baseline takes for the whole rebuild.
double runRaw(RawAuditLog& raw, const Config& config)
{
    Stopwatch clock;
    clock.start();
    raw.create();
    qint64 handled = 0;
    for (qint64 cursor = 0;;) {
        const RawBatchDone done = raw.runBatch(cursor, config.batch);
        if (done.count() == 0)
            break;
        handled += done.count();
        cursor = done.to;
    }
    clock.stop();
    if (handled != config.events)
        fail(u"the raw baseline handled %1 events"_s.arg(handled));
    return clock.totalSeconds();
}

struct WorkerRun {
    double seconds = 0;
    double pickup = 0; ///< Seconds until a worker held the lease on the rebuilding projection.
    QStringList holders; ///< Lease holders seen while it was rebuilt.
    QJsonArray summaries; ///< Per worker: id, events handled, rebuild finished.
};

/// Waits until every worker has its store and its subscription connection open: then it has finished its first
/// round and is waiting for commits.
void waitForWorkers(RawPg& db, const QString& database, const std::vector<std::unique_ptr<QProcess>>& workers)
{
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    PgParams params;
    params.add(database);
    for (;;) {
        const PgResultPtr result = db.query("SELECT count(*) FROM (SELECT application_name FROM pg_stat_activity "
                                            "WHERE datname = $1 AND application_name LIKE 'fbbench-w%' "
                                            "GROUP BY application_name HAVING count(*) >= 2) ready",
            params);
        if (QByteArray(PQgetvalue(result.get(), 0, 0)).toInt() == int(workers.size()))
            return;
        for (const auto& worker : workers) {
            if (worker->state() != QProcess::Running)
                fail(u"a worker ended early: "_s + QString::fromUtf8(worker->readAllStandardError()).trimmed());
        }
        if (Clock::now() > deadline)
            fail(u"the workers did not connect within 60 s"_s);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

WorkerRun runWorkers(
    PgServer& server, const QString& database, EventStore& control, RawPg& db, const Config& config, int count)
{
    std::vector<std::unique_ptr<QProcess>> workers;
    for (int i = 1; i <= count; ++i) {
        auto worker = std::make_unique<QProcess>();
        worker->start(config.cli,
            {u"project"_s, u"--follow"_s, u"--projection"_s, u"audit_log"_s, u"--no-outbox"_s, u"--json"_s,
                u"--batch-size"_s, QString::number(config.batch), u"--store"_s,
                server.conninfo(database, u"fbbench-w%1"_s.arg(i)), u"--worker"_s, u"w%1"_s.arg(i)});
        if (!worker->waitForStarted(10000))
            fail(u"cannot start "_s + config.cli + u": "_s + worker->errorString());
        workers.push_back(std::move(worker));
    }
    waitForWorkers(db, database, workers);

    const AuditLogProjection projection;
    auto before = control.readModels().checkpoint(u"audit_log"_s);
    if (!before || before->rebuildGeneration)
        fail(before ? u"a rebuild is already pending"_s : before.error().toString());
    WorkerRun result;
    Stopwatch clock;
    clock.start();
    if (auto started = control.readModels().controlProjection(
            u"audit_log"_s, ProjectionControl::startRebuild(), projection.schema());
        !started)
        fail(started.error().toString());
    QSet<QString> holders;
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        auto now = control.readModels().checkpoint(u"audit_log"_s);
        if (!now)
            fail(now.error().toString());
        if (!now->rebuildGeneration && now->generation != before->generation)
            break;
        if (now->rebuildGeneration && !now->leaseHolder.isEmpty()) {
            if (holders.isEmpty())
                result.pickup = clock.lapMicros() / 1e6;
            holders.insert(now->leaseHolder);
        }
        if (clock.lapMicros() > 3600e6)
            fail(u"the rebuild did not finish within an hour"_s);
    }
    clock.stop();
    result.seconds = clock.totalSeconds();
    result.holders = holders.values();
    result.holders.sort();

    for (const auto& worker : workers)
        worker->terminate(); // SIGTERM: stop after the current batch, release the leases, print the summary
    for (int i = 0; i < count; ++i) {
        QProcess& worker = *workers[size_t(i)];
        if (!worker.waitForFinished(30000) || worker.exitStatus() != QProcess::NormalExit || worker.exitCode() != 0)
            fail(u"worker w%1 did not stop cleanly: "_s.arg(i + 1)
                + QString::fromUtf8(worker.readAllStandardError()).trimmed());
        const QJsonObject summary = QJsonDocument::fromJson(worker.readAllStandardOutput()).object();
        const QJsonObject report = summary.value(u"projections"_s).toArray().at(0).toObject();
        result.summaries.append(
            QJsonObject {{u"worker"_s, u"w%1"_s.arg(i + 1)}, {u"events_handled"_s, report.value(u"events_handled"_s)},
                {u"rebuild_finished"_s, report.value(u"rebuild_finished"_s)}});
    }
    auto after = control.readModels().checkpoint(u"audit_log"_s);
    if (!after)
        fail(after.error().toString());
    requireEqualTables(db, ReadModelSql::physicalName(u"audit_log"_s, u"entries"_s, after->generation), ReferenceTable);
    return result;
}

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Rebuilding audit_log on PostgreSQL with 1 and N worker processes."_s);
    parser.addHelpOption();
    const QCommandLineOption conninfo(u"conninfo"_s, conninfoHelp(), u"CONNINFO"_s);
    const QCommandLineOption events(u"events"_s, u"Events in the log."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption streams(u"streams"_s, u"User streams."_s, u"S"_s, u"10000"_s);
    const QCommandLineOption workers(u"workers"_s, u"Workers compared with one."_s, u"N"_s, u"4"_s);
    const QCommandLineOption runs(u"runs"_s, u"Repetitions."_s, u"R"_s, u"2"_s);
    const QCommandLineOption batch(u"batch"_s, u"Events per batch."_s, u"B"_s, u"500"_s);
    const QCommandLineOption cli(u"cli"_s, u"The flashback-cli to start."_s, u"PATH"_s,
        QCoreApplication::applicationDirPath() + u"/../app/cli/flashback-cli"_s);
    const QCommandLineOption prepareWithRunner(u"prepare-with-runner"_s,
        u"Bring the live copy to the head with ProjectionRunner::catchUp (slower) instead of the raw code."_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    parser.addOptions({conninfo, events, streams, workers, runs, batch, cli, prepareWithRunner, out});
    parser.process(app);

    Config config;
    config.conninfo = requiredConninfo(parser, conninfo);
    config.events = numberOption(parser, events, 1, qint64(1) << 40);
    config.streams = int(numberOption(parser, streams, 1, 100000000));
    config.workers = int(numberOption(parser, workers, 2, 64));
    config.runs = int(numberOption(parser, runs, 1, 1000));
    config.batch = int(numberOption(parser, batch, 1, 100000));
    config.prepareWithRunner = parser.isSet(prepareWithRunner);
    config.cli = parser.value(cli);
    config.out = parser.value(out);
    return config;
}

enum Side { Raw, One, Many, SideCount };

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false\nflashback.*.info=false"_s);
    const Config config = parseArguments(app);
    PgServer server(config.conninfo);

    QTextStream out(stdout);
    out << "bench_pg_rebuild: " << config.events << " events over " << config.streams << " streams, 1 and "
        << config.workers << " workers, batches of " << config.batch << ", " << config.runs << " runs, server "
        << server.display() << Qt::endl;
    const QString database = server.createDatabase(u"rebuild"_s);
    const QJsonObject settings = server.settings(database);
    out << PgServer::describe(settings) << Qt::endl;
    out << "workers: " << config.cli << " project --follow --projection audit_log --no-outbox --json --batch-size "
        << config.batch << " --store '" << server.display() << " dbname=" << database
        << " application_name=fbbench-wI' --worker wI" << Qt::endl;
    {
        RawPg db(server.conninfo(database));
        const auto [written, caughtUp] = prepare(server.conninfo(database), config, db);
        out << "wrote the log in " << QString::number(written, 'f', 2) << " s; brought audit_log's live copy to the "
            << "head " << (config.prepareWithRunner ? "with ProjectionRunner::catchUp" : "with the raw code") << " in "
            << QString::number(caughtUp, 'f', 2) << " s (not timed)" << Qt::endl;
    }
    server.checkpoint();

    auto control = PostgresEventStore::open(server.conninfo(database, u"fbbench-control"_s),
        storeOptions(StoreOptions::OpenMode::OpenExisting, StoreOptions::Durability::Full));
    if (!control)
        fail(control.error().toString());
    RawPg db(server.conninfo(database, u"fbbench-raw"_s));
    RawAuditLog raw(db, ReadModelSql::physicalName(u"bench_raw"_s, u"entries"_s, 1), u"bench_raw"_s);

    std::array<std::vector<double>, SideCount> rates;
    std::vector<double> manyToOne, oneToRaw;
    QJsonArray runsJson;
    for (int run = 1; run <= config.runs; ++run) {
        QJsonObject runJson {{u"run"_s, run}};
        std::array<double, SideCount> seconds {};
        for (int k = 0; k < SideCount; ++k) {
            // The order rotates, so no side always runs first.
            const auto side = Side((run - 1 + k) % SideCount);
            if (side == Raw) {
                seconds[Raw] = runRaw(raw, config);
                requireEqualTables(db, raw.table(), ReferenceTable);
                raw.drop();
                out << "run " << run << " raw: " << QString::number(seconds[Raw], 'f', 2) << " s; table equal"
                    << Qt::endl;
            } else {
                const int count = side == One ? 1 : config.workers;
                const WorkerRun workers = runWorkers(server, database, **control, db, config, count);
                seconds[side] = workers.seconds;
                out << "run " << run << " " << count << " worker(s): " << QString::number(workers.seconds, 'f', 2)
                    << " s (a worker held the lease after " << QString::number(workers.pickup, 'f', 2)
                    << " s), lease holders while rebuilding: " << workers.holders.join(u", "_s)
                    << "; table equal; summaries "
                    << QString::fromUtf8(QJsonDocument(workers.summaries).toJson(QJsonDocument::Compact)) << Qt::endl;
                const QString prefix = side == One ? u"workers1_"_s : u"workersN_"_s;
                runJson.insert(prefix + u"pickup_seconds"_s, workers.pickup);
                runJson.insert(prefix + u"lease_holders"_s, QJsonArray::fromStringList(workers.holders));
                runJson.insert(prefix + u"summaries"_s, workers.summaries);
            }
            server.checkpoint();
        }
        for (size_t side = 0; side < SideCount; ++side)
            rates[side].push_back(double(config.events) / seconds[side]);
        manyToOne.push_back(rates[Many].back() / rates[One].back());
        oneToRaw.push_back(rates[One].back() / rates[Raw].back());
        runJson.insert(u"raw_seconds"_s, seconds[Raw]);
        runJson.insert(u"workers1_seconds"_s, seconds[One]);
        runJson.insert(u"workersN_seconds"_s, seconds[Many]);
        runJson.insert(u"ratio_workersN_to_workers1"_s, manyToOne.back());
        runJson.insert(u"ratio_workers1_to_raw"_s, oneToRaw.back());
        runsJson.append(runJson);
    }
    control->reset();
    server.dropDatabase(database);

    const QString many = QString::number(config.workers);
    out << "\n## PostgreSQL rebuild benchmark\n\n"
        << "audit_log rebuilt over " << config.events << " User events in " << config.streams << " streams, "
        << config.batch << " events per batch (one transaction), workers are flashback-cli processes; "
        << PgServer::describe(settings) << ". Events per second, start of the rebuild to the swap.\n\n"
        << "| run | raw | 1 worker | " << many << " workers | " << many << " workers / 1 | 1 worker / raw |\n"
        << "|---:|---:|---:|---:|---:|---:|\n";
    for (size_t i = 0; i < manyToOne.size(); ++i) {
        out << "| " << i + 1 << " | " << grouped(rates[Raw][i]) << " | " << grouped(rates[One][i]) << " | "
            << grouped(rates[Many][i]) << " | " << QString::number(manyToOne[i], 'f', 3) << " | "
            << QString::number(oneToRaw[i], 'f', 3) << " |\n";
    }
    out << "| **median** | **" << grouped(median(rates[Raw])) << "** | **" << grouped(median(rates[One])) << "** | **"
        << grouped(median(rates[Many])) << "** | **" << QString::number(median(manyToOne), 'f', 3) << "** | **"
        << QString::number(median(oneToRaw), 'f', 3) << "** |\n\n"
        << "The ratios in the median row are the medians of the per-run ratios.\n\n";

    QJsonObject result {{u"benchmark"_s, u"pg_rebuild"_s}, {u"projection"_s, u"audit_log"_s},
        {u"events"_s, config.events}, {u"streams"_s, config.streams}, {u"workers"_s, config.workers},
        {u"batch"_s, config.batch}, {u"runs"_s, runsJson}, {u"server"_s, settings},
        {u"median"_s,
            QJsonObject {{u"raw_events_per_s"_s, qRound64(median(rates[Raw]))},
                {u"workers1_events_per_s"_s, qRound64(median(rates[One]))},
                {u"workersN_events_per_s"_s, qRound64(median(rates[Many]))},
                {u"ratio_workersN_to_workers1"_s, median(manyToOne)}, {u"ratio_workers1_to_raw"_s, median(oneToRaw)}}}};
    writeResult(out, result, config.out);
    return 0;
}
