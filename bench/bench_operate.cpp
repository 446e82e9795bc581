// SPDX-License-Identifier: GPL-3.0-or-later
// bench_operate: what operating from the window costs the store (issue 13): one sample of the Projections pane's
// lag, and a dry run on the demo's 10,000-event stream, each beside the cheapest read of the same kind.
//
// Usage:
//   bench_operate [--samples N] [--reps N] [--out FILE] [--dir DIR] [--conninfo CONNINFO]
//     --samples   lag samples timed (default 501)
//     --reps      dry runs timed (default 51)
//     --out       also write the JSON result block to FILE
//     --dir       folder for the SQLite store (default: the system temp folder)
//     --conninfo  measure PostgreSQL instead (a database is made on that server and dropped at the end)
//
// The store holds the demo history (generateDemo with its defaults: 300 users, the incident stories, a User
// stream of 10,000+ events), written before any clock; the built-in projections are caught up except `users`,
// which the demo leaves one event behind, so a lag sample also reads the oldest waiting event. Two warm-ups,
// then, interleaved one by one:
//   lag       lagOfKnownProjections(): what the pane asks the worker every second (the known projections'
//             checkpoints, the head, the oldest waiting event of a projection behind).
//   head      headPosition() alone: the floor of any sample, one round trip.
//   dry run   CommandHandler::dryRun(ChangeName) on the 10,000-event stream: load the aggregate (from its
//             latest snapshot and the events after it), decide, fold the new event, diff the states.
//   replay    loadAggregate() of the same stream without snapshots: every event read and folded, what a dry run
//             would cost if it never used a snapshot.
// Medians with p90 and the slowest, in milliseconds. Targets: a lag sample <= 1 ms; a dry run <= 20 ms.
#include "benchsupport.h"
#include "commands/aggregateloader.h"
#include "commands/commandhandler.h"
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "pgbenchsupport.h"
#include "projections/knownprojections.h"
#include "store/postgres/postgreseventstore.h"
#include "store/sqlite/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <limits>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

StoreOptions options(bool create)
{
    StoreOptions o;
    o.mode = create ? StoreOptions::OpenMode::CreateIfMissing : StoreOptions::OpenMode::OpenExisting;
    o.durability = StoreOptions::Durability::Normal;
    return o;
}

template <typename Work> double timedMs(Work&& work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

QJsonObject summary(const std::vector<double>& ms)
{
    std::vector<double> micros;
    for (double value : ms)
        micros.push_back(value * 1000.0);
    const Percentiles p = percentiles(micros);
    return {{u"median_ms"_s, median(ms)}, {u"p90_ms"_s, p.p90 / 1000.0}, {u"max_ms"_s, p.max / 1000.0},
        {u"n"_s, qint64(ms.size())}};
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false\nflashback.*.info=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption samplesOption(u"samples"_s, u"Lag samples timed."_s, u"N"_s, u"501"_s);
    const QCommandLineOption repsOption(u"reps"_s, u"Dry runs timed."_s, u"N"_s, u"51"_s);
    const QCommandLineOption outOption(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Folder for the store file."_s, u"DIR"_s);
    const QCommandLineOption conninfoOption(
        u"conninfo"_s, conninfoHelp() + u" Optional: measures PostgreSQL instead of SQLite."_s, u"CONNINFO"_s);
    parser.addOptions({samplesOption, repsOption, outOption, dirOption, conninfoOption});
    parser.addHelpOption();
    parser.process(app);
    const qint64 samples = numberOption(parser, samplesOption, 1, 1000000);
    const qint64 reps = numberOption(parser, repsOption, 1, 100000);
    QTextStream out(stdout);

    QTemporaryDir folder = makeWorkFolder(parser.value(dirOption));
    std::shared_ptr<PgServer> server;
    QString database;
    std::unique_ptr<EventStore> store;
    QString backend;
    if (parser.isSet(conninfoOption)) {
        server = std::make_shared<PgServer>(requiredConninfo(parser, conninfoOption));
        database = server->createDatabase(u"operate"_s);
        backend = u"PostgreSQL ("_s + PgServer::describe(server->settings(database)) + u')';
        auto opened = PostgresEventStore::open(server->conninfo(database, u"bench_operate"_s), options(true));
        if (!opened)
            fail(opened.error().toString());
        store = std::move(opened).value();
    } else {
        backend = u"SQLite ("_s + versionsText() + u')';
        auto opened = SqliteEventStore::open(folder.filePath(u"operate.flashback"_s), options(true));
        if (!opened)
            fail(opened.error().toString());
        store = std::move(opened).value();
    }
    out << "writing the demo history into " << backend << "…\n" << Qt::flush;
    const DomainCatalog& catalog = DomainCatalog::builtin();
    auto demo = generateDemo(*store, catalog, DemoOptions {});
    if (!demo)
        fail(demo.error().toString());
    if (server)
        server->checkpoint();

    PasswordHasher hasher;
    CommandHandler handler(*store, catalog, hasher);
    const QStringList names {u"Sarah"_s, u"Sara"_s};
    qint64 dryRuns = 0;
    const auto dryRun = [&] {
        Command command;
        command.name = u"ChangeName"_s;
        command.streamId = demo->longStreamUserId;
        command.fields = QJsonObject {{u"first_name"_s, names.at(int(dryRuns++ % 2))}};
        command.metadata.actor = u"bench@flashback"_s;
        auto run = handler.dryRun(command);
        if (!run)
            fail(u"dry run: "_s + run.error().toString());
        if (run->events.size() != 1)
            fail(u"dry run: expected one event"_s);
    };
    const auto replay = [&] {
        auto loaded = loadAggregate(
            *store, catalog, u"User"_s, demo->longStreamUserId, std::numeric_limits<qint64>::max(), false);
        if (!loaded)
            fail(u"replay: "_s + loaded.error().toString());
    };
    qint64 lagged = 0;
    const auto lag = [&] {
        auto lags = lagOfKnownProjections(*store, Timestamp::now());
        if (!lags)
            fail(u"lag: "_s + lags.error().toString());
        lagged = lags->size();
    };
    const auto head = [&] {
        if (!store->headPosition())
            fail(u"head"_s);
    };

    out << "sampling the lag and timing dry runs…\n" << Qt::flush;
    for (int warm = 0; warm < 2; ++warm) {
        lag();
        head();
        dryRun();
        replay();
    }
    std::vector<double> lagMs;
    std::vector<double> headMs;
    for (qint64 i = 0; i < samples; ++i) {
        lagMs.push_back(timedMs(lag));
        headMs.push_back(timedMs(head));
    }
    std::vector<double> dryMs;
    std::vector<double> replayMs;
    for (qint64 i = 0; i < reps; ++i) {
        dryMs.push_back(timedMs(dryRun));
        replayMs.push_back(timedMs(replay));
    }

    QJsonObject result {
        {u"benchmark"_s, u"bench_operate"_s},
        {u"backend"_s, backend},
        {u"events"_s, demo->events},
        {u"long_stream_events"_s, demo->longStreamEvents},
        {u"projections_sampled"_s, lagged},
        {u"lag_sample"_s, summary(lagMs)},
        {u"head_position"_s, summary(headMs)},
        {u"lag_to_head"_s, median(lagMs) / median(headMs)},
        {u"lag_target_ms"_s, 1.0},
        {u"lag_met"_s, median(lagMs) <= 1.0},
        {u"dry_run"_s, summary(dryMs)},
        {u"replay_without_snapshots"_s, summary(replayMs)},
        {u"dry_run_to_replay"_s, median(dryMs) / median(replayMs)},
        {u"dry_run_target_ms"_s, 20.0},
        {u"dry_run_met"_s, median(dryMs) <= 20.0},
    };
    addVersions(result);
    writeResult(out, result, parser.value(outOption));
    store.reset();
    if (server)
        server->dropDatabase(database);
    return 0;
}
