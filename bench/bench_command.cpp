// SPDX-License-Identifier: GPL-3.0-or-later
// bench_command: latency of one command end to end (validate, load the stream, decide, append with its
// idempotency record) through CommandHandler::execute on the SQLite store, beside a raw sqlite3 baseline in the
// same run.
//
// Usage:
//   bench_command [--users N] [--commands N] [--warmup N] [--seed N] [--out FILE] [--dir DIR]
//     --users     users created before timing, through CommandHandler (default 1000)
//     --commands  timed commands, RecordLogin and ChangeName at random on random users (default 5000)
//     --warmup    untimed commands before the timed ones, on each side (default 200)
//     --seed      seed of the command sequence (default 7)
//     --out       also write the JSON result block to FILE
//     --dir       folder for the temporary store files (default: the system temp folder)
//
// The store is warmed with CreateUser commands (PasswordHasher with 1000 iterations), closed, and copied; then
//   raw      on the copy: the statements the handler and store issue for one command, with the sqlite3 C API:
//            look up the command id, read the whole stream (stepping every row), then in one BEGIN IMMEDIATE
//            transaction read the head and the stream row, update the stream row, insert the event, check and
//            insert the command record. Payloads and metadata are encoded before the clock starts; nothing is
//            decoded or decided. This is the floor for the schema.
//   handler  on the original: CommandHandler::execute() with a client-supplied command id, Durability::Normal.
// Both sides run the same sequence of commands on the same users. Each command is timed on its own; the report
// gives p50/p90/p99 in microseconds. Target: handler p50 <= 0.5 ms.
#include "benchsupport.h"
#include "commands/commandhandler.h"
#include "commandworkload.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "store/sqlite/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <limits>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    int users = 1000;
    int commands = 5000;
    int warmup = 200;
    quint64 seed = 7;
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

/// The statements one command costs, with nothing but the sqlite3 C API in between.
class RawCommands {
public:
    explicit RawCommands(const QString& path)
        : m_db(path)
    {
        m_findCommand = m_db.prepare("SELECT command_id, command_name, stream_id, fingerprint, first_revision, "
                                     "last_revision, first_position, last_position, recorded_at FROM commands "
                                     "WHERE command_id = ?");
        m_readStream = m_db.prepare("SELECT e.position, e.event_id, s.stream_id, s.aggregate_type, e.revision, "
                                    "e.type, e.schema_version, e.occurred_at, e.recorded_at, e.data, e.metadata "
                                    "FROM streams s JOIN events e ON e.stream_pk = s.stream_pk "
                                    "WHERE s.stream_id = ? AND e.revision BETWEEN ? AND ? "
                                    "ORDER BY e.revision ASC LIMIT ?");
        m_begin = m_db.prepare("BEGIN IMMEDIATE");
        m_head = m_db.prepare("SELECT coalesce(max(position), 0) FROM events");
        m_findStream = m_db.prepare("SELECT stream_pk, revision, aggregate_type FROM streams WHERE stream_id = ?");
        m_updateStream = m_db.prepare("UPDATE streams SET revision = ?, last_position = ?, last_occurred_at = ?, "
                                      "last_recorded_at = ?, last_event_type = ? WHERE stream_pk = ?");
        m_insertEvent = m_db.prepare("INSERT INTO events (position, event_id, stream_pk, revision, type, "
                                     "schema_version, occurred_at, recorded_at, actor, data, metadata) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        m_seenCommand = m_db.prepare("SELECT 1 FROM commands WHERE command_id = ?");
        m_insertCommand = m_db.prepare("INSERT INTO commands (command_id, command_name, stream_id, fingerprint, "
                                       "first_revision, last_revision, first_position, last_position, recorded_at) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        m_commit = m_db.prepare("COMMIT");
    }

    void run(const Step& step, const QByteArray& streamId)
    {
        const QByteArray commandId = step.commandId.toUtf8();
        RawSqlite::bindText(m_findCommand, 1, commandId);
        if (sqlite3_step(m_findCommand) != SQLITE_DONE)
            fail(u"command id already recorded"_s);
        sqlite3_reset(m_findCommand);

        // Every row is stepped and its blobs fetched, as the store does before decoding them.
        RawSqlite::bindText(m_readStream, 1, streamId);
        sqlite3_bind_int64(m_readStream, 2, 1);
        sqlite3_bind_int64(m_readStream, 3, std::numeric_limits<qint64>::max());
        sqlite3_bind_int64(m_readStream, 4, -1);
        qint64 bytes = 0;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(m_readStream)) == SQLITE_ROW) {
            for (int column : {1, 9, 10}) {
                sqlite3_column_blob(m_readStream, column);
                bytes += sqlite3_column_bytes(m_readStream, column);
            }
        }
        if (rc != SQLITE_DONE || bytes == 0)
            fail(u"raw baseline: reading the stream failed"_s);
        sqlite3_reset(m_readStream);

        const qint64 now = Timestamp::now().micros();
        m_db.step(m_begin);
        if (sqlite3_step(m_head) != SQLITE_ROW)
            fail(u"raw baseline: no head"_s);
        const qint64 position = sqlite3_column_int64(m_head, 0) + 1;
        sqlite3_reset(m_head);
        RawSqlite::bindText(m_findStream, 1, streamId);
        if (sqlite3_step(m_findStream) != SQLITE_ROW)
            fail(u"raw baseline: no stream"_s);
        const qint64 streamPk = sqlite3_column_int64(m_findStream, 0);
        const qint64 revision = sqlite3_column_int64(m_findStream, 1) + 1;
        sqlite3_reset(m_findStream);

        sqlite3_bind_int64(m_updateStream, 1, revision);
        sqlite3_bind_int64(m_updateStream, 2, position);
        sqlite3_bind_int64(m_updateStream, 3, now);
        sqlite3_bind_int64(m_updateStream, 4, now);
        RawSqlite::bindText(m_updateStream, 5, step.type);
        sqlite3_bind_int64(m_updateStream, 6, streamPk);
        m_db.step(m_updateStream);

        static const QByteArray actor("admin@example.com");
        sqlite3_bind_int64(m_insertEvent, 1, position);
        RawSqlite::bindBlob(m_insertEvent, 2, step.eventId);
        sqlite3_bind_int64(m_insertEvent, 3, streamPk);
        sqlite3_bind_int64(m_insertEvent, 4, revision);
        RawSqlite::bindText(m_insertEvent, 5, step.type);
        sqlite3_bind_int(m_insertEvent, 6, 1);
        sqlite3_bind_int64(m_insertEvent, 7, now);
        sqlite3_bind_int64(m_insertEvent, 8, now);
        RawSqlite::bindText(m_insertEvent, 9, actor);
        RawSqlite::bindBlob(m_insertEvent, 10, step.data);
        RawSqlite::bindBlob(m_insertEvent, 11, step.metadata);
        m_db.step(m_insertEvent);

        RawSqlite::bindText(m_seenCommand, 1, commandId);
        if (sqlite3_step(m_seenCommand) != SQLITE_DONE)
            fail(u"raw baseline: duplicate command"_s);
        sqlite3_reset(m_seenCommand);
        // A constant fingerprint: the raw side stores the same bytes but skips hashing the command.
        static const QByteArray fingerprint(32, '\x5a');
        const QByteArray name = step.login ? QByteArray("RecordLogin") : QByteArray("ChangeName");
        RawSqlite::bindText(m_insertCommand, 1, commandId);
        RawSqlite::bindText(m_insertCommand, 2, name);
        RawSqlite::bindText(m_insertCommand, 3, streamId);
        RawSqlite::bindBlob(m_insertCommand, 4, fingerprint);
        sqlite3_bind_int64(m_insertCommand, 5, revision);
        sqlite3_bind_int64(m_insertCommand, 6, revision);
        sqlite3_bind_int64(m_insertCommand, 7, position);
        sqlite3_bind_int64(m_insertCommand, 8, position);
        sqlite3_bind_int64(m_insertCommand, 9, now);
        m_db.step(m_insertCommand);
        m_db.step(m_commit);
    }

private:
    RawSqlite m_db;
    sqlite3_stmt* m_findCommand = nullptr;
    sqlite3_stmt* m_readStream = nullptr;
    sqlite3_stmt* m_begin = nullptr;
    sqlite3_stmt* m_head = nullptr;
    sqlite3_stmt* m_findStream = nullptr;
    sqlite3_stmt* m_updateStream = nullptr;
    sqlite3_stmt* m_insertEvent = nullptr;
    sqlite3_stmt* m_seenCommand = nullptr;
    sqlite3_stmt* m_insertCommand = nullptr;
    sqlite3_stmt* m_commit = nullptr;
};

/// Creates the users through CommandHandler; returns their stream ids.
QStringList warmStore(const QString& path, const Config& config)
{
    auto store = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::CreateIfMissing));
    if (!store)
        fail(store.error().toString());
    return createUsers(**store, config.users);
}

std::vector<double> runHandler(
    const QString& path, const QStringList& users, const std::vector<Step>& warmup, const std::vector<Step>& steps)
{
    auto store = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::OpenExisting));
    if (!store)
        fail(store.error().toString());
    PasswordHasher hasher(1000);
    CommandHandler handler(**store, DomainCatalog::builtin(), hasher);
    for (const Step& step : warmup) {
        if (auto result = handler.execute(toCommand(step, users.at(step.user))); !result)
            fail(result.error().toString());
    }
    std::vector<double> micros;
    micros.reserve(steps.size());
    Stopwatch clock;
    for (const Step& step : steps) {
        Command command = toCommand(step, users.at(step.user));
        clock.start();
        auto result = handler.execute(std::move(command));
        micros.push_back(clock.lapMicros());
        if (!result || result->events.size() != 1 || result->duplicate)
            fail(result ? u"unexpected command result"_s : result.error().toString());
    }
    return micros;
}

std::vector<double> runRaw(
    const QString& path, const QStringList& users, const std::vector<Step>& warmup, const std::vector<Step>& steps)
{
    RawCommands raw(path);
    QList<QByteArray> ids;
    for (const QString& id : users)
        ids.append(id.toUtf8());
    for (const Step& step : warmup)
        raw.run(step, ids.at(step.user));
    std::vector<double> micros;
    micros.reserve(steps.size());
    Stopwatch clock;
    for (const Step& step : steps) {
        clock.start();
        raw.run(step, ids.at(step.user));
        micros.push_back(clock.lapMicros());
    }
    return micros;
}

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"One command end to end: CommandHandler against raw sqlite3."_s);
    parser.addHelpOption();
    const QCommandLineOption users(u"users"_s, u"Users created before timing."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption commands(u"commands"_s, u"Timed commands."_s, u"N"_s, u"5000"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Untimed commands first."_s, u"N"_s, u"200"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the command sequence."_s, u"N"_s, u"7"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dir(u"dir"_s, u"Folder for the temporary store files."_s, u"DIR"_s);
    parser.addOptions({users, commands, warmup, seed, out, dir});
    parser.process(app);

    Config config;
    config.users = int(numberOption(parser, users, 1, 10000000));
    config.commands = int(numberOption(parser, commands, 1, 100000000));
    config.warmup = int(numberOption(parser, warmup, 0, 100000000));
    config.seed = quint64(numberOption(parser, seed, 0, std::numeric_limits<qint64>::max()));
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
    const QString storePath = folder.filePath(u"store.flashback"_s);
    const QString rawPath = folder.filePath(u"raw.flashback"_s);

    QTextStream out(stdout);
    out << "bench_command: " << config.users << " users, " << config.warmup << " + " << config.commands
        << " commands, files in " << folder.path() << Qt::endl;
    const Stopwatch warming;
    const QStringList users = warmStore(storePath, config); // closed on return: the WAL is checkpointed
    out << "warmed the store with " << users.size() << " users in "
        << QString::number(warming.lapMicros() / 1e6, 'f', 2) << " s" << Qt::endl;
    if (!QFile::copy(storePath, rawPath))
        fail(u"cannot copy the warmed store"_s);

    const std::vector<Step> warmup = makeSteps(config.warmup, config.users, config.seed + 1000, 0);
    const std::vector<Step> steps = makeSteps(config.commands, config.users, config.seed, config.warmup);
    const Percentiles raw = percentiles(runRaw(rawPath, users, warmup, steps));
    const Percentiles handler = percentiles(runHandler(storePath, users, warmup, steps));
    removeStoreFiles(rawPath);
    removeStoreFiles(storePath);

    const auto row = [&](const char* name, const Percentiles& p) {
        out << "| " << name << " | " << QString::number(p.p50, 'f', 0) << " | " << QString::number(p.p90, 'f', 0)
            << " | " << QString::number(p.p99, 'f', 0) << " | " << QString::number(p.mean, 'f', 0) << " | "
            << QString::number(p.max, 'f', 0) << " |\n";
    };
    out << "\n## Command benchmark\n\n"
        << config.commands << " RecordLogin/ChangeName commands on " << config.users << " users (after "
        << config.warmup << " untimed), WAL, synchronous=NORMAL; " << versionsText()
        << ". Latency per command in microseconds.\n\n"
        << "| side | p50 | p90 | p99 | mean | max |\n|---|---:|---:|---:|---:|---:|\n";
    row("raw sqlite3 statements", raw);
    row("CommandHandler::execute", handler);
    out << "\nhandler/raw at p50: " << QString::number(handler.p50 / raw.p50, 'f', 2)
        << "x. Target handler p50 <= 500 us: " << (handler.p50 <= 500 ? "met" : "NOT met") << ".\n\n";

    QJsonObject result {{u"benchmark"_s, u"command"_s}, {u"users"_s, config.users}, {u"commands"_s, config.commands},
        {u"warmup"_s, config.warmup}, {u"seed"_s, qint64(config.seed)}, {u"raw"_s, toJson(raw)},
        {u"handler"_s, toJson(handler)}, {u"target_p50_us"_s, 500}};
    addVersions(result);
    writeResult(out, result, config.out);
    return 0;
}
