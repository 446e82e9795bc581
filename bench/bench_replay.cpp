// SPDX-License-Identifier: GPL-3.0-or-later
// bench_replay: rebuilding one long User stream from a SQLite store with loadAggregate(), with and without a
// snapshot, beside a raw sqlite3 scan + JSON parse of the same rows in the same run.
//
// Usage:
//   bench_replay [--events N] [--reps N] [--warmup N] [--out FILE] [--dir DIR]
//     --events  events in the stream: one USER_CREATED, then logins (default 10000)
//     --reps    timed repetitions of each side (default 200)
//     --warmup  untimed repetitions of each side first (default 10)
//     --out     also write the JSON result block to FILE
//     --dir     folder for the temporary store file (default: the system temp folder)
//
// The stream is written before the clock starts, through CommandHandler (CreateUser, then RecordLogin commands
// with varying addresses and user agents), so its snapshots come from the store's own policy (one every 1,000
// events, written in the command's transaction). The store is then closed (checkpointing the WAL) and opened
// again, and a raw sqlite3 connection is opened on the same file. Each repetition runs, back to back:
//   raw         the sqlite3 C API: look up the stream's key, then SELECT the columns the store reads FROM events
//               WHERE stream_pk = ? ORDER BY revision, stepping every row and parsing each payload with
//               QJsonDocument::fromJson. Nothing is folded. This is the floor for the schema.
//   full        loadAggregate(useSnapshots = false): every event read, decoded and folded.
//   snapshot    loadAggregate() at the head: the policy's newest snapshot and the events after it.
//   worst tail  loadAggregate() up to the revision before the head's snapshot: the policy's previous snapshot
//               and the longest tail the policy allows (snapshot interval - 1 events).
// The same store file and connections serve every repetition, so all runs are warm. Times are per load, in
// milliseconds; medians and p90 are nearest-rank. Targets (from the issue): full <= 10 ms, snapshot <= 1 ms,
// full within 1.5x of raw.
#include "benchsupport.h"
#include "commands/aggregateloader.h"
#include "commands/command.h"
#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "domain/user/usercommands.h"
#include "store/sqlite/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    int events = 10000;
    int reps = 200;
    int warmup = 10;
    QString out;
    QString dir;
};

StoreOptions storeOptions(StoreOptions::OpenMode mode)
{
    StoreOptions options;
    options.mode = mode;
    options.durability = StoreOptions::Durability::Normal;
    return options;
}

/// Writes the stream through CommandHandler; returns its id.
QString writeStream(const QString& path, int events)
{
    auto store = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::CreateIfMissing));
    if (!store)
        fail(store.error().toString());
    PasswordHasher hasher(1000);
    CommandHandler handler(**store, DomainCatalog::builtin(), hasher);
    Command create;
    create.name = UserCommands::CreateUser;
    create.fields = {{u"username"_s, u"john.doe"_s}, {u"email"_s, u"john.doe@example.com"_s},
        {u"first_name"_s, u"John"_s}, {u"last_name"_s, u"Doe"_s}, {u"password"_s, u"password-from-2019"_s}};
    create.metadata.actor = u"john.doe@example.com"_s;
    auto created = handler.execute(create);
    if (!created)
        fail(created.error().toString());
    static const QStringList agents {u"sync-agent/4.2"_s,
        u"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0"_s,
        u"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"_s};
    for (int i = 1; i < events; ++i) {
        Command login;
        login.name = UserCommands::RecordLogin;
        login.streamId = created->streamId;
        login.fields = {{u"ip"_s, u"10.77.%1.%2"_s.arg(i / 256 % 256).arg(i % 256)},
            {u"user_agent"_s, agents.at(i % agents.size())}};
        login.metadata.actor = u"john.doe@example.com"_s;
        if (auto result = handler.execute(std::move(login)); !result)
            fail(result.error().toString());
    }
    return created->streamId;
}

/// The floor: the rows the store reads, stepped and their payloads parsed, with nothing in between.
class RawReplay {
public:
    RawReplay(const QString& path, const QString& streamId)
        : m_db(path)
        , m_streamId(streamId.toUtf8())
    {
        m_findStream = m_db.prepare("SELECT stream_pk FROM streams WHERE stream_id = ?");
        m_scan = m_db.prepare("SELECT position, event_id, revision, type, schema_version, occurred_at, recorded_at, "
                              "data, metadata FROM events WHERE stream_pk = ? ORDER BY revision");
    }

    /// Events read; fails unless every payload parsed to an object.
    qint64 run()
    {
        RawSqlite::bindText(m_findStream, 1, m_streamId);
        if (sqlite3_step(m_findStream) != SQLITE_ROW)
            fail(u"raw baseline: no stream"_s);
        const qint64 streamPk = sqlite3_column_int64(m_findStream, 0);
        sqlite3_reset(m_findStream);
        sqlite3_bind_int64(m_scan, 1, streamPk);
        qint64 events = 0;
        qint64 fields = 0;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(m_scan)) == SQLITE_ROW) {
            for (int column : {0, 2, 4, 5, 6})
                fields += sqlite3_column_int64(m_scan, column) != 0;
            sqlite3_column_blob(m_scan, 1);
            sqlite3_column_text(m_scan, 3);
            sqlite3_column_blob(m_scan, 8);
            const auto* data = static_cast<const char*>(sqlite3_column_blob(m_scan, 7));
            const QJsonDocument payload
                = QJsonDocument::fromJson(QByteArray::fromRawData(data, sqlite3_column_bytes(m_scan, 7)));
            fields += payload.object().size();
            ++events;
        }
        if (rc != SQLITE_DONE || fields == 0)
            fail(u"raw baseline: reading the stream failed"_s);
        sqlite3_reset(m_scan);
        return events;
    }

private:
    RawSqlite m_db;
    QByteArray m_streamId;
    sqlite3_stmt* m_findStream = nullptr;
    sqlite3_stmt* m_scan = nullptr;
};

/// One way of loading the stream, with what it is expected to do.
struct Side {
    const char* name;
    std::function<void()> load;
    std::vector<double> micros;
};

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Replaying one long stream: loadAggregate against raw sqlite3 + JSON."_s);
    parser.addHelpOption();
    const QCommandLineOption events(u"events"_s, u"Events in the stream."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption reps(u"reps"_s, u"Timed repetitions of each side."_s, u"N"_s, u"200"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Untimed repetitions first."_s, u"N"_s, u"10"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dir(u"dir"_s, u"Folder for the temporary store file."_s, u"DIR"_s);
    parser.addOptions({events, reps, warmup, out, dir});
    parser.process(app);

    Config config;
    config.events = int(numberOption(parser, events, 2, 10000000));
    config.reps = int(numberOption(parser, reps, 1, 1000000));
    config.warmup = int(numberOption(parser, warmup, 0, 1000000));
    config.out = parser.value(out);
    config.dir = parser.value(dir);
    return config;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false"_s);
    const Config config = parseArguments(app);
    const QTemporaryDir folder = makeWorkFolder(config.dir);
    const QString path = folder.filePath(u"replay.flashback"_s);

    QTextStream out(stdout);
    out << "bench_replay: one User stream of " << config.events << " events, " << config.warmup << " + " << config.reps
        << " loads per side, file in " << folder.path() << Qt::endl;
    const Stopwatch writing;
    const QString streamId = writeStream(path, config.events); // closed on return: the WAL is checkpointed
    out << "wrote the stream through CommandHandler in " << QString::number(writing.lapMicros() / 1e6, 'f', 2) << " s"
        << Qt::endl;

    auto store = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::OpenExisting));
    if (!store)
        fail(store.error().toString());
    const DomainCatalog& catalog = DomainCatalog::builtin();
    const qint64 every = catalog.aggregate(u"User"_s)->snapshotEvery;
    const qint64 head = config.events;
    const qint64 headSnapshot = every > 0 ? head / every * every : 0;
    const qint64 worstTo = headSnapshot - 1; // the longest tail the policy leaves, one revision short of a snapshot
    RawReplay raw(path, streamId);

    const auto load = [&](qint64 upTo, bool useSnapshots, qint64 wantFolded, std::optional<qint64> wantSnapshot) {
        auto loaded = loadAggregate(**store, catalog, u"User"_s, streamId, upTo, useSnapshots);
        if (!loaded)
            fail(loaded.error().toString());
        if (loaded->eventsFolded != wantFolded || loaded->snapshotRevision != wantSnapshot
            || loaded->aggregate->revision() != std::min(upTo, head))
            fail(u"unexpected load: %1 events folded, snapshot %2"_s.arg(loaded->eventsFolded)
                     .arg(loaded->snapshotRevision.value_or(-1)));
    };
    const qint64 max = std::numeric_limits<qint64>::max();
    std::vector<Side> sides;
    sides.push_back({"raw scan + QJsonDocument::fromJson",
        [&] {
            if (raw.run() != head)
                fail(u"raw baseline: wrong event count"_s);
        },
        {}});
    sides.push_back({"loadAggregate, no snapshot", [&] { load(max, false, head, std::nullopt); }, {}});
    if (headSnapshot > 0) {
        sides.push_back(
            {"loadAggregate, snapshot at head", [&] { load(max, true, head - headSnapshot, headSnapshot); }, {}});
    }
    if (headSnapshot > every) {
        sides.push_back(
            {"loadAggregate, worst tail", [&] { load(worstTo, true, every - 1, headSnapshot - every); }, {}});
    }

    // Interleaved, so drift on the shared machine touches every side alike.
    for (int rep = 0; rep < config.warmup; ++rep) {
        for (Side& side : sides)
            side.load();
    }
    Stopwatch clock;
    for (int rep = 0; rep < config.reps; ++rep) {
        for (Side& side : sides) {
            clock.start();
            side.load();
            side.micros.push_back(clock.lapMicros());
        }
    }

    std::vector<Percentiles> stats;
    for (const Side& side : sides)
        stats.push_back(percentiles(side.micros));
    const auto ms = [](double micros) { return QString::number(micros / 1000.0, 'f', 3); };
    const QList<qint64> folded {head, head, head - headSnapshot, every - 1};
    out << "\n## Replay benchmark\n\n"
        << "One User stream of " << head << " events (USER_CREATED, then USER_LOGGED_IN) written through "
        << "CommandHandler; snapshots by the store's policy every " << every << " events; " << config.reps
        << " warm loads per side after " << config.warmup << " untimed, interleaved; " << versionsText()
        << ". Milliseconds per load.\n\n"
        << "| side | snapshot at | events folded | median | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|\n";
    const QList<QString> snapshotAt {
        u"-"_s, u"-"_s, QString::number(headSnapshot), QString::number(headSnapshot - every)};
    for (size_t i = 0; i < sides.size(); ++i) {
        out << "| " << sides[i].name << " | " << snapshotAt.at(qsizetype(i)) << " | " << folded.at(qsizetype(i))
            << " | " << ms(stats[i].p50) << " | " << ms(stats[i].p90) << " | " << ms(stats[i].p99) << " | "
            << ms(stats[i].max) << " |\n";
    }
    const double ratio = stats[1].p50 / stats[0].p50;
    out << "\nThe raw side reads and parses all " << head
        << " events. Full replay/raw at the median: " << QString::number(ratio, 'f', 2)
        << "x (target <= 1.5x: " << (ratio <= 1.5 ? "met" : "NOT met") << ").\n"
        << "Target full replay median <= 10 ms: " << (stats[1].p50 <= 10000 ? "met" : "NOT met") << ".\n";
    if (stats.size() > 2) {
        out << "Target with a snapshot median <= 1 ms: " << (stats[2].p50 <= 1000 ? "met" : "NOT met")
            << " at the head";
        if (stats.size() > 3)
            out << ", " << (stats[3].p50 <= 1000 ? "met" : "NOT met") << " with the worst tail";
        out << ".\n";
    }
    out << '\n';

    QJsonObject result {{u"benchmark"_s, u"replay"_s}, {u"events"_s, head}, {u"reps"_s, config.reps},
        {u"warmup"_s, config.warmup}, {u"snapshot_every"_s, every}, {u"ratio_full_to_raw"_s, ratio},
        {u"raw"_s, toJson(stats[0])}, {u"full"_s, toJson(stats[1])}};
    if (stats.size() > 2)
        result.insert(u"snapshot_at_head"_s, toJson(stats[2]));
    if (stats.size() > 3)
        result.insert(u"snapshot_worst_tail"_s, toJson(stats[3]));
    addVersions(result);
    writeResult(out, result, config.out);
    return 0;
}
