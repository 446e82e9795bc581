// SPDX-License-Identifier: GPL-3.0-or-later
// bench_replaycache: the replay cache behind the State pane (issue 12) on one long User stream in a SQLite store:
// building its checkpoints beside a raw replay of the same stream, then the state at random revisions, and the
// memory the checkpoints hold.
//
// Usage:
//   bench_replaycache [--events N] [--reps N] [--samples N] [--out FILE] [--dir DIR]
//     --events   events in the stream (default 1000000): USER_CREATED, then mostly logins, a name or email change
//                every 1,000 or so, and a failed login now and then (a type the aggregate ignores)
//     --reps     timed repetitions of the raw replay and of the build, interleaved (default 5)
//     --samples  random revisions whose state is asked of the complete cache (default 2000)
//     --out      also write the JSON result block to FILE
//     --dir      folder for the temporary store file (default: the system temp folder)
//
// The stream is written before any clock starts, through commit() in units of 10,000 events, with a snapshot every
// 1,000 revisions as the User type's policy takes them (folded while writing, so their states are right). The
// store is closed and opened again. Each repetition, back to back:
//   raw      loadAggregate(useSnapshots = false) at the head: every event read, decoded and folded once. The floor:
//            whatever a cache does, it must at least fold the stream once.
//   build    ReplayCheckpoints::start, then advance() in slices of 20,000 events (the window's worker slice,
//            ReplayCache::SliceEvents) until complete: the same fold plus a checkpoint every 256 revisions (the
//            interval doubles when the checkpoints pass their 64 MB budget).
// Then, on the last complete build: stateAt() for --samples revisions drawn uniformly from 1..head (a fixed seed),
// each timed alone: p50, p90, p99 and the slowest, in milliseconds. And the checkpoints' bytes (their compact JSON
// states, as memoryBytes() counts them) beside the growth of the process's resident memory over the first build.
// Targets (issue 12): build <= 2x raw; state at any revision <= 16 ms at p99; the cache <= 100 MB.
#include "benchsupport.h"
#include "commands/aggregateloader.h"
#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "store/sqlite/sqliteeventstore.h"
#include "timetravel/replaycheckpoints.h"
#include "util/uuid.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <random>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

const QString StreamId = u"0193a000-0000-7000-8000-00000000beef"_s;

/// Resident memory of this process, from /proc (kB), for the memory figure beside the cache's own count.
qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

NewEvent makeEvent(IdGenerator& ids, const QString& type, Timestamp at, const QJsonObject& data)
{
    NewEvent event;
    event.eventId = ids.newV7(at);
    event.type = type;
    event.occurredAt = at;
    event.data = NewEvent::encode(data);
    event.metadata.actor = u"john.doe@example.com"_s;
    return event;
}

/// The stream, with the policy's snapshots: the aggregate folds each unit's events as they are made.
void writeStream(EventStore& store, const DomainCatalog& catalog, qint64 events)
{
    IdGenerator ids;
    const AggregateDefinition* user = catalog.aggregate(u"User"_s);
    auto aggregate = user->create();
    aggregate->setId(StreamId);
    Timestamp at = *Timestamp::parse(u"2025-01-06T08:00"_s);
    std::mt19937 random(42);
    constexpr qint64 Unit = 10000;
    qint64 revision = 0;
    while (revision < events) {
        UnitOfWork work;
        StreamAppend append {StreamId, u"User"_s, ExpectedRevision::exact(revision), {}, std::nullopt};
        for (qint64 i = 0; i < Unit && revision < events; ++i) {
            at = at.addMicros(1000000 + qint64(random() % 600000000));
            NewEvent event;
            if (revision == 0) {
                event = makeEvent(ids, u"USER_CREATED"_s, at,
                    {{u"user_id"_s, StreamId}, {u"username"_s, u"john.doe"_s}, {u"email"_s, u"john.doe@example.com"_s},
                        {u"first_name"_s, u"John"_s}, {u"last_name"_s, u"Doe"_s},
                        {u"password_hash"_s, u"pbkdf2_sha256$1000$c2FsdA$aGFzaA"_s}});
            } else if (const auto roll = random() % 1000; roll == 0) {
                event = makeEvent(ids, u"USER_NAME_CHANGED"_s, at, {{u"last_name"_s, u"Doe-%1"_s.arg(revision)}});
            } else if (roll == 1) {
                event = makeEvent(
                    ids, u"USER_EMAIL_CHANGED"_s, at, {{u"email"_s, u"john%1@example.com"_s.arg(revision)}});
            } else if (roll < 20) {
                event = makeEvent(ids, u"USER_LOGIN_FAILED"_s, at, {{u"ip"_s, u"10.66.0.%1"_s.arg(roll)}});
            } else {
                event = makeEvent(ids, u"USER_LOGGED_IN"_s, at,
                    {{u"ip"_s, u"10.77.%1.%2"_s.arg(revision / 256 % 256).arg(revision % 256)},
                        {u"user_agent"_s,
                            u"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"_s}});
            }
            DecodedEvent decoded = DecodedEvent::decode(event, catalog.upcasters());
            decoded.revision = ++revision;
            aggregate->replay(decoded);
            append.events.append(event);
            if (revision % user->snapshotEvery == 0) {
                work.snapshots.append({StreamId, u"User"_s, revision, aggregate->snapshotVersion(),
                    QJsonDocument(aggregate->state()).toJson(QJsonDocument::Compact), at});
            }
        }
        work.appends.append(append);
        if (auto committed = store.commit(work); !committed)
            fail(u"could not write the stream: %1"_s.arg(committed.error().message));
    }
}

StoreOptions storeOptions(StoreOptions::OpenMode mode)
{
    StoreOptions options;
    options.mode = mode;
    options.durability = StoreOptions::Durability::Normal;
    return options;
}

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption eventsOption(u"events"_s, u"Events in the stream."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption repsOption(u"reps"_s, u"Repetitions of raw and build."_s, u"N"_s, u"5"_s);
    const QCommandLineOption samplesOption(u"samples"_s, u"Random revisions asked."_s, u"N"_s, u"2000"_s);
    const QCommandLineOption outOption(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Folder for the store file."_s, u"DIR"_s);
    parser.addOptions({eventsOption, repsOption, samplesOption, outOption, dirOption});
    parser.addHelpOption();
    parser.process(app);
    const qint64 events = numberOption(parser, eventsOption, 2, 100000000);
    const qint64 reps = numberOption(parser, repsOption, 1, 1000);
    const qint64 samples = numberOption(parser, samplesOption, 1, 10000000);
    QTextStream out(stdout);

    const DomainCatalog& catalog = DomainCatalog::builtin();
    QTemporaryDir folder = makeWorkFolder(parser.value(dirOption));
    const QString path = folder.filePath(u"replay.flashback"_s);
    out << "writing a stream of " << grouped(double(events)) << " events (" << versionsText() << ")…\n" << Qt::flush;
    {
        auto store = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::CreateIfMissing));
        if (!store)
            fail(store.error().message);
        writeStream(**store, catalog, events);
    }
    auto opened = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::OpenExisting));
    if (!opened)
        fail(opened.error().message);
    EventStore& store = **opened;

    std::vector<double> raw;
    std::vector<double> build;
    std::unique_ptr<ReplayCheckpoints> cache;
    qint64 residentGrowthKiB = 0;
    qint64 slices = 0;
    for (qint64 rep = 0; rep < reps; ++rep) {
        QElapsedTimer timer;
        timer.start();
        auto loaded = loadAggregate(store, catalog, u"User"_s, StreamId, std::numeric_limits<qint64>::max(), false);
        raw.push_back(msSince(timer));
        if (!loaded || loaded->aggregate->revision() != events)
            fail(u"the raw replay did not reach the head"_s);

        cache.reset();
        const qint64 residentBefore = residentKiB();
        timer.restart();
        auto started = ReplayCheckpoints::start(store, catalog, StreamId);
        if (!started)
            fail(started.error().message);
        slices = 0;
        for (;;) {
            auto done = (*started)->advance(store, 20000);
            ++slices;
            if (!done)
                fail(done.error().message);
            if (*done)
                break;
        }
        build.push_back(msSince(timer));
        cache = std::move(*started);
        if (rep == 0) // later builds reuse the memory the earlier ones freed
            residentGrowthKiB = residentKiB() - residentBefore;
        out << "rep " << rep + 1 << ": raw " << raw.back() << " ms, build " << build.back() << " ms\n" << Qt::flush;
    }

    std::mt19937_64 random(7);
    std::uniform_int_distribution<qint64> pick(1, events);
    std::vector<double> stateMicros;
    stateMicros.reserve(size_t(samples));
    for (qint64 i = 0; i < samples; ++i) {
        const qint64 revision = pick(random);
        QElapsedTimer timer;
        timer.start();
        auto state = cache->stateAt(store, revision);
        stateMicros.push_back(double(timer.nsecsElapsed()) / 1e3);
        if (!state || state->revision != revision)
            fail(u"no state at revision %1"_s.arg(revision));
    }
    const Percentiles state = percentiles(stateMicros);

    const double rawMedian = median(raw);
    const double buildMedian = median(build);
    QJsonObject result {
        {u"benchmark"_s, u"bench_replaycache"_s},
        {u"events"_s, events},
        {u"reps"_s, reps},
        {u"samples"_s, samples},
        {u"raw_replay_ms"_s,
            QJsonObject {{u"median"_s, rawMedian}, {u"min"_s, *std::min_element(raw.begin(), raw.end())},
                {u"max"_s, *std::max_element(raw.begin(), raw.end())}}},
        {u"build_ms"_s,
            QJsonObject {{u"median"_s, buildMedian}, {u"min"_s, *std::min_element(build.begin(), build.end())},
                {u"max"_s, *std::max_element(build.begin(), build.end())}, {u"slices"_s, slices}}},
        {u"build_over_raw"_s, buildMedian / rawMedian},
        {u"state_at_random_revision_us"_s, toJson(state)},
        {u"checkpoints"_s, qint64(cache->checkpointCount())},
        {u"checkpoint_interval"_s, cache->interval()},
        {u"snapshots_seeded"_s, qint64(cache->snapshotRevisions().size())},
        {u"cache_bytes"_s, cache->memoryBytes()},
        {u"resident_growth_kib"_s, residentGrowthKiB},
    };
    addVersions(result);
    out << "\nbuild " << buildMedian << " ms = " << buildMedian / rawMedian << "x the raw replay (" << rawMedian
        << " ms); state at a random revision p99 " << state.p99 / 1000 << " ms; " << cache->checkpointCount()
        << " checkpoints every " << cache->interval() << " revisions, "
        << QString::number(double(cache->memoryBytes()) / (1024 * 1024), 'f', 1) << " MB\n";
    writeResult(out, result, parser.value(outOption));
    return 0;
}
