// SPDX-License-Identifier: GPL-3.0-or-later
// bench_pg_latency: end-to-end projection latency on PostgreSQL, from an append's commit to the commit of the
// read-model batch that took it in, at a steady append rate; LISTEN/NOTIFY against polling, beside a raw libpq
// LISTEN loop measured in the same run.
//
// Usage:
//   bench_pg_latency --conninfo CONNINFO [--rate N] [--seconds S] [--warmup-seconds S] [--runs R] [--streams S]
//                    [--poll-wait MS] [--batch B] [--writer-durability normal|full] [--out FILE]
//     --conninfo        the server; every mode of every run gets a fresh database on it, dropped afterwards
//     --rate            appends per second, one event each (default 1000)
//     --seconds         timed seconds per mode and run (default 10)
//     --warmup-seconds  seconds appended at the same rate first, not counted (default 1)
//     --runs            repetitions; the modes are interleaved within each (default 3)
//     --streams         User streams the events go to, round-robin (default 1000)
//     --poll-wait       ProjectionRunner::follow()'s pollWait in ms (default 250: follow()'s default, which
//                       `flashback-cli project --follow` uses)
//     --batch           the runner's batchSize, and the raw loop's (default 500)
//     --writer-durability  the writer's Durability (default normal: synchronous_commit=off on its session only)
//     --out             also write the JSON result block to FILE
//
// In every mode a writer (the main thread, a PostgresEventStore connection of its own) commits one event at a time
// on a fixed schedule (event k is due at start + k / rate; a late one is sent at once, never skipped) and records
// the steady-clock time each commit returned, by position. Its Durability is Normal by default: a commit is visible
// (and notified) at the same moment either way, but a single writer waiting for every WAL flush cannot hold
// 1,000 commits/s on a loaded 2-core machine (the store's append lock is held across the flush, so more writers
// would not help). The followers always commit with Durability::Full (synchronous_commit=on), so the latency
// includes their WAL flush. The achieved append rate is reported for every run. A follower thread on a connection
// of its own writes the audit_log rows and records, after each batch committed, the time for every position in
// (from, to]. Latency = batch commit time - append commit time. The modes:
//   raw-listen  the baseline: libpq only. LISTEN flashback_events (the channel the store notifies on every
//               commit); on each notification, batches (RawAuditLog, one transaction each: read the new events, write
//               their audit rows with the store's upsert, move a checkpoint row) until nothing is new.
//   listen      ProjectionRunner::follow(stop, pollWait) over the audit_log projection, Durability::Full,
//               StoreOptions::listenForCommits = true (the default).
//   poll-50ms   the same with listenForCommits = false and pollInterval = 50 ms (the default interval).
//   poll-250ms  the same with pollInterval = 250 ms, as polling daemons use.
// Without LISTEN a follower finds a commit by looking again every min(pollInterval, pollWait): the subscription
// polls every pollInterval within follow()'s wait of pollWait, after which follow() runs a round anyway.
// The first second (--warmup-seconds) of every mode is not counted, nor as long again at the end (so that every
// counted event has successors); the latency of the very last append is printed on its own. Target: listen p99 <= 20
// ms.
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
#include <QLoggingCategory>
#include <QTextStream>

#include <array>
#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    QString conninfo;
    int rate = 1000;
    int seconds = 10;
    int warmupSeconds = 1;
    int runs = 3;
    int streams = 1000;
    std::chrono::milliseconds pollWait {250};
    int batch = 500;
    StoreOptions::Durability writerDurability = StoreOptions::Durability::Normal;
    QString out;
};

enum Mode { RawListen, Listen, Poll50, Poll250, ModeCount };
const std::array<const char*, ModeCount> ModeNames {"raw-listen", "listen", "poll-50ms", "poll-250ms"};

constexpr double TargetP99Micros = 20000;

/// What the follower saw: one stamp per committed batch.
struct Stamp {
    qint64 from = 0;
    qint64 to = 0;
    Clock::time_point at;
};

class Follower {
public:
    Follower(const QString& conninfo, Mode mode, const Config& config)
        : m_thread([this, conninfo, mode, config] { run(conninfo, mode, config); })
    { }
    ~Follower() { finish(); }

    qint64 projected() const { return m_projected.load(); }
    void finish()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    /// After finish(): the batches in the order they committed.
    const std::vector<Stamp>& stamps() const { return m_stamps; }

private:
    void stamp(qint64 from, qint64 to)
    {
        m_stamps.push_back({from, to, Clock::now()});
        m_projected.store(to);
    }

    void run(const QString& conninfo, Mode mode, const Config& config)
    {
        if (mode == RawListen) {
            RawPg db(conninfo);
            RawAuditLog log(db, ReadModelSql::physicalName(u"raw_audit"_s, u"entries"_s, 1), u"raw_audit"_s);
            log.create();
            db.exec("LISTEN flashback_events"); // before the first read: no commit after it goes unnoticed
            for (bool woken = true; !m_stop.load(); woken = db.waitForNotification(50)) {
                for (qint64 cursor = m_projected.load(); woken;) {
                    const RawBatchDone done = log.runBatch(cursor, config.batch);
                    if (done.count() == 0)
                        break;
                    stamp(done.from, done.to);
                    cursor = done.to;
                }
            }
            return;
        }
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::OpenExisting;
        options.durability = StoreOptions::Durability::Full;
        options.listenForCommits = mode == Listen;
        if (mode == Poll250)
            options.pollInterval = std::chrono::milliseconds(250);
        else if (mode == Poll50)
            options.pollInterval = std::chrono::milliseconds(50);
        auto store = PostgresEventStore::open(conninfo, options);
        if (!store)
            fail(store.error().toString());
        ProjectionRunnerOptions runnerOptions;
        runnerOptions.batchSize = config.batch;
        runnerOptions.onBatch = [this](const BatchReport& batch) { stamp(batch.fromPosition, batch.toPosition); };
        ProjectionRunner runner(**store, {std::make_shared<AuditLogProjection>()}, runnerOptions);
        if (auto status = runner.follow(m_stop, config.pollWait); !status)
            fail(status.error().toString());
    }

    std::atomic<bool> m_stop {false};
    std::atomic<qint64> m_projected {0};
    std::vector<Stamp> m_stamps;
    std::thread m_thread;
};

struct ModeRun {
    std::vector<double> latencies; ///< Microseconds, one per timed event.
    std::vector<double> commits; ///< The writer's commit latency, microseconds.
    double achievedRate = 0;
    qint64 batches = 0; ///< Batches that took in timed events.
    double lastEvent = 0; ///< Microseconds, for the very last append (no successor; not counted).
};

void waitFor(const Follower& follower, qint64 position, const char* what)
{
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (follower.projected() < position) {
        if (Clock::now() > deadline)
            fail(u"the follower did not reach position %1 (%2) within 60 s"_s.arg(position).arg(
                QLatin1StringView(what)));
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

ModeRun runMode(PgServer& server, const Config& config, Mode mode)
{
    const QString database = server.createDatabase(u"latency"_s);
    const QString conninfo = server.conninfo(database);
    StoreOptions options;
    options.mode = StoreOptions::OpenMode::CreateIfMissing;
    options.durability = config.writerDurability;
    auto store = PostgresEventStore::open(conninfo, options);
    if (!store)
        fail(store.error().toString());

    // Paced append k (0-based) gets position k + 2: position 1 is the one that checks the follower is ready.
    // Appends [warmup, timedEnd) are counted; as many again as the warm-up follow, so that the last counted
    // events have successors like all the others.
    const qint64 warmup = qint64(config.warmupSeconds) * config.rate;
    const qint64 timedEnd = warmup + qint64(config.seconds) * config.rate;
    const qint64 total = timedEnd + warmup;
    const ProjectionWorkload workload(total + 1, config.streams, 1);
    std::vector<UnitOfWork> appends;
    appends.reserve(size_t(total + 1));
    for (qint64 i = 0; i <= total; ++i)
        appends.push_back(workload.appends(i, 1));
    std::vector<Clock::time_point> committedAt(size_t(total + 2));
    ModeRun result;
    result.commits.reserve(size_t(timedEnd - warmup));

    Follower follower(conninfo, mode, config);
    // One event first, and the follower must have taken it in: from then on it is connected and waiting.
    if (auto first = (*store)->commit(appends[0]); !first || first->lastPosition() != 1)
        fail(first ? u"the first append did not get position 1"_s : first.error().toString());
    waitFor(follower, 1, "ready");

    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / config.rate));
    const Clock::time_point start = Clock::now();
    for (qint64 k = 0; k < total; ++k) {
        std::this_thread::sleep_until(start + period * k);
        const Clock::time_point before = Clock::now();
        auto committed = (*store)->commit(appends[size_t(k + 1)]);
        const Clock::time_point after = Clock::now();
        if (!committed || committed->lastPosition() != k + 2)
            fail(committed ? u"positions are not consecutive"_s : committed.error().toString());
        committedAt[size_t(k + 2)] = after;
        if (k >= warmup && k < timedEnd)
            result.commits.push_back(std::chrono::duration<double, std::micro>(after - before).count());
    }
    const double timedSeconds
        = std::chrono::duration<double>(committedAt[size_t(timedEnd + 1)] - (start + period * warmup)).count();
    result.achievedRate = double(timedEnd - warmup) / timedSeconds;
    waitFor(follower, total + 1, "the end");
    follower.finish();

    // Every position gets the commit time of the first batch that covered it.
    std::vector<Clock::time_point> projectedAt(size_t(total + 2));
    std::vector<bool> seen(size_t(total + 2), false);
    const qint64 firstTimed = warmup + 2, lastTimed = timedEnd + 1;
    for (const Stamp& stamp : follower.stamps()) {
        bool timed = false;
        for (qint64 p = stamp.from + 1; p <= stamp.to && p <= total + 1; ++p) {
            if (!seen[size_t(p)]) {
                seen[size_t(p)] = true;
                projectedAt[size_t(p)] = stamp.at;
                timed = timed || (p >= firstTimed && p <= lastTimed);
            }
        }
        result.batches += timed ? 1 : 0;
    }
    const auto latency = [&](qint64 p) {
        if (!seen[size_t(p)])
            fail(u"position %1 was never projected"_s.arg(p));
        return std::chrono::duration<double, std::micro>(projectedAt[size_t(p)] - committedAt[size_t(p)]).count();
    };
    for (qint64 p = firstTimed; p <= lastTimed; ++p)
        result.latencies.push_back(latency(p));
    result.lastEvent = latency(total + 1);
    store->reset();
    server.dropDatabase(database);
    server.checkpoint();
    return result;
}

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Projection latency on PostgreSQL: LISTEN/NOTIFY, polling, raw libpq."_s);
    parser.addHelpOption();
    const QCommandLineOption conninfo(u"conninfo"_s, conninfoHelp(), u"CONNINFO"_s);
    const QCommandLineOption rate(u"rate"_s, u"Appends per second."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption seconds(u"seconds"_s, u"Timed seconds per mode and run."_s, u"S"_s, u"10"_s);
    const QCommandLineOption warmupSeconds(u"warmup-seconds"_s, u"Seconds not counted first."_s, u"S"_s, u"1"_s);
    const QCommandLineOption runs(u"runs"_s, u"Repetitions."_s, u"R"_s, u"3"_s);
    const QCommandLineOption streams(u"streams"_s, u"User streams."_s, u"S"_s, u"1000"_s);
    const QCommandLineOption pollWait(u"poll-wait"_s, u"follow()'s pollWait in ms."_s, u"MS"_s, u"250"_s);
    const QCommandLineOption batch(u"batch"_s, u"Events per projection batch."_s, u"B"_s, u"500"_s);
    const QCommandLineOption writerDurability(
        u"writer-durability"_s, u"The writer's Durability: normal or full."_s, u"D"_s, u"normal"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    parser.addOptions({conninfo, rate, seconds, warmupSeconds, runs, streams, pollWait, batch, writerDurability, out});
    parser.process(app);

    Config config;
    config.conninfo = requiredConninfo(parser, conninfo);
    config.rate = int(numberOption(parser, rate, 1, 100000));
    config.seconds = int(numberOption(parser, seconds, 1, 3600));
    config.warmupSeconds = int(numberOption(parser, warmupSeconds, 0, 3600));
    config.runs = int(numberOption(parser, runs, 1, 1000));
    config.streams = int(numberOption(parser, streams, 1, 1000000));
    config.pollWait = std::chrono::milliseconds(numberOption(parser, pollWait, 1, 60000));
    config.batch = int(numberOption(parser, batch, 1, 100000));
    const QString durability = parser.value(writerDurability);
    if (durability != u"normal"_s && durability != u"full"_s)
        fail(u"--writer-durability is normal or full"_s);
    config.writerDurability
        = durability == u"full"_s ? StoreOptions::Durability::Full : StoreOptions::Durability::Normal;
    config.out = parser.value(out);
    return config;
}

QString writerName(const Config& config)
{
    return config.writerDurability == StoreOptions::Durability::Full ? u"Full"_s : u"Normal"_s;
}

QString ms(double micros)
{
    return QString::number(micros / 1000, 'f', 1);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false\nflashback.*.info=false"_s);
    const Config config = parseArguments(app);
    PgServer server(config.conninfo);

    QTextStream out(stdout);
    out << "bench_pg_latency: " << config.rate << " appends/s for " << config.warmupSeconds << " + " << config.seconds
        << " s per mode, " << config.runs << " runs, pollWait " << config.pollWait.count() << " ms, batches of "
        << config.batch << ", server " << server.display() << Qt::endl;
    const QString probe = server.createDatabase(u"settings"_s);
    const QJsonObject settings = server.settings(probe);
    server.dropDatabase(probe);
    out << PgServer::describe(settings) << Qt::endl;

    std::array<ModeRun, ModeCount> pooled;
    QJsonArray runsJson;
    for (int run = 1; run <= config.runs; ++run) {
        for (int k = 0; k < ModeCount; ++k) {
            // The order rotates from run to run, so no mode always runs first.
            const auto mode = Mode((run - 1 + k) % ModeCount);
            const ModeRun result = runMode(server, config, mode);
            const Percentiles p = percentiles(result.latencies);
            const Percentiles commit = percentiles(result.commits);
            out << "run " << run << " " << ModeNames[size_t(mode)] << ": p50 " << ms(p.p50) << " ms, p99 " << ms(p.p99)
                << " ms, max " << ms(p.max) << " ms; " << result.batches << " batches, " << grouped(result.achievedRate)
                << " appends/s, append commit p50 " << ms(commit.p50) << " ms; last append (not counted) "
                << ms(result.lastEvent) << " ms" << Qt::endl;
            QJsonObject runJson = toJson(p);
            runJson.insert(u"run"_s, run);
            runJson.insert(u"mode"_s, QString::fromLatin1(ModeNames[size_t(mode)]));
            runJson.insert(u"batches"_s, result.batches);
            runJson.insert(u"appends_per_s"_s, result.achievedRate);
            runJson.insert(u"append_commit"_s, toJson(commit));
            runJson.insert(u"last_append_us"_s, qRound64(result.lastEvent));
            runsJson.append(runJson);
            ModeRun& all = pooled[size_t(mode)];
            all.latencies.insert(all.latencies.end(), result.latencies.begin(), result.latencies.end());
            all.commits.insert(all.commits.end(), result.commits.begin(), result.commits.end());
            all.batches += result.batches;
        }
    }

    out << "\n## PostgreSQL projection latency benchmark\n\n"
        << "audit_log, one event per append at " << config.rate << " appends/s, " << config.seconds
        << " s counted per mode and run (after " << config.warmupSeconds << " s not counted), " << config.runs
        << " runs interleaved; follow() pollWait " << config.pollWait.count()
        << " ms; writer Durability::" << writerName(config) << ", followers Durability::Full; "
        << PgServer::describe(settings) << ". Append commit to read-model commit, in milliseconds, over all runs.\n\n"
        << "| mode | p50 | p90 | p99 | max | events per batch |\n|---|---:|---:|---:|---:|---:|\n";
    QJsonObject modesJson;
    for (size_t mode = 0; mode < ModeCount; ++mode) {
        const Percentiles p = percentiles(pooled[mode].latencies);
        const double perBatch
            = double(pooled[mode].latencies.size()) / double(std::max<qint64>(1, pooled[mode].batches));
        out << "| " << ModeNames[mode] << " | " << ms(p.p50) << " | " << ms(p.p90) << " | " << ms(p.p99) << " | "
            << ms(p.max) << " | " << QString::number(perBatch, 'f', 1) << " |\n";
        QJsonObject modeJson = toJson(p);
        modeJson.insert(u"events_per_batch"_s, perBatch);
        modeJson.insert(u"append_commit"_s, toJson(percentiles(pooled[mode].commits)));
        modesJson.insert(QString::fromLatin1(ModeNames[mode]), modeJson);
    }
    const Percentiles listen = percentiles(pooled[Listen].latencies);
    const Percentiles raw = percentiles(pooled[RawListen].latencies);
    out << "\nlisten/raw-listen: " << QString::number(listen.p50 / raw.p50, 'f', 2) << "x at p50, "
        << QString::number(listen.p99 / raw.p99, 'f', 2)
        << "x at p99. Target listen p99 <= 20 ms: " << (listen.p99 <= TargetP99Micros ? "met" : "NOT met") << ".\n\n";

    QJsonObject result {{u"benchmark"_s, u"pg_latency"_s}, {u"rate"_s, config.rate}, {u"seconds"_s, config.seconds},
        {u"warmup_seconds"_s, config.warmupSeconds}, {u"streams"_s, config.streams},
        {u"poll_wait_ms"_s, qint64(config.pollWait.count())}, {u"batch"_s, config.batch},
        {u"writer_durability"_s, writerName(config).toLower()}, {u"runs"_s, runsJson}, {u"modes"_s, modesJson},
        {u"ratio_listen_to_raw_p50"_s, listen.p50 / raw.p50}, {u"ratio_listen_to_raw_p99"_s, listen.p99 / raw.p99},
        {u"target_listen_p99_us"_s, TargetP99Micros}, {u"server"_s, settings}};
    writeResult(out, result, config.out);
    return 0;
}
