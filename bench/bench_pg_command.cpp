// SPDX-License-Identifier: GPL-3.0-or-later
// bench_pg_command: latency of one command end to end (validate, load the stream, decide, append with its
// idempotency record) through CommandHandler::execute on the PostgreSQL store over loopback, beside a raw libpq
// baseline in the same run, with synchronous_commit=on and fsync=on (checked with SHOW and printed).
//
// Usage:
//   bench_pg_command --conninfo CONNINFO [--users N] [--commands N] [--warmup N] [--seed N] [--out FILE]
//     --conninfo  the server; the run creates two fresh databases on it and drops them afterwards
//     --users     users created before timing, through CommandHandler (default 1000)
//     --commands  timed commands, RecordLogin and ChangeName at random on random users (default 5000)
//     --warmup    untimed commands before the timed ones, on each side (default 200)
//     --seed      seed of the command sequence (default 7; the sequence is bench_command's)
//     --out       also write the JSON result block to FILE
//
// The store is warmed with CreateUser commands (PasswordHasher with 1000 iterations), closed, and its database
// copied (CREATE DATABASE ... TEMPLATE); then, command by command, alternating which side goes first:
//   raw      on the copy, with libpq and prepared statements: the statements the handler and the store issue for
//            one command: look up the command id, look for a snapshot, read the whole stream (every row fetched),
//            then BEGIN, the store's append lock (pg_advisory_xact_lock), read the head and the stream row, check
//            the command id and the event id, UPDATE the stream row, INSERT the event, INSERT the command record,
//            pg_notify, COMMIT. Payloads and metadata are encoded before the clock starts; nothing is decoded or
//            decided. This is the floor for the schema and the store's commit protocol.
//   handler  on the original: CommandHandler::execute() with a client-supplied command id, Durability::Full.
// Both sides run the same commands on the same users. Each command is timed on its own; the report gives
// p50/p90/p99 in microseconds. Target: handler p50 <= 2 ms.
#include "benchsupport.h"
#include "commands/commandhandler.h"
#include "commandworkload.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "pgbenchsupport.h"
#include "store/postgres/pgschema.h"
#include "store/postgres/postgreseventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>
#include <QUuid>

#include <limits>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    QString conninfo;
    int users = 1000;
    int commands = 5000;
    int warmup = 200;
    quint64 seed = 7;
    QString out;
};

constexpr qint64 TargetP50Micros = 2000;

StoreOptions storeOptions(StoreOptions::OpenMode mode)
{
    StoreOptions options;
    options.mode = mode;
    options.durability = StoreOptions::Durability::Full; // no session setting: the server's synchronous_commit
    return options;
}

/// The statements one command costs, with nothing but libpq in between.
class RawCommands {
public:
    explicit RawCommands(const QString& conninfo)
        : m_db(conninfo)
    {
        m_lockKey = m_db.value("SELECT oid::bigint FROM pg_namespace WHERE nspname = current_schema()").toLongLong();
        m_db.prepare("find_command",
            "SELECT command_id, command_name, stream_id, fingerprint, first_revision, last_revision, first_position, "
            "last_position, recorded_at FROM commands WHERE command_id = $1");
        m_db.prepare("snapshot",
            "SELECT stream_id, aggregate_type, revision, schema_version, state, taken_at FROM snapshots "
            "WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT 1");
        m_db.prepare("read_stream",
            "SELECT e.position, e.event_id, s.stream_id, s.aggregate_type, e.revision, e.type, e.schema_version, "
            "e.occurred_at, e.recorded_at, e.data, e.metadata FROM streams s JOIN events e ON e.stream_pk = "
            "s.stream_pk WHERE s.stream_id = $1 AND e.revision BETWEEN $2 AND $3 ORDER BY e.revision ASC LIMIT $4");
        m_db.prepare("lock", "SELECT pg_advisory_xact_lock($1::int, $2::int)");
        m_db.prepare("head",
            "SELECT (SELECT coalesce(max(position), 0) FROM events), "
            "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint");
        m_db.prepare("find_stream", "SELECT stream_pk, revision, aggregate_type FROM streams WHERE stream_id = $1");
        m_db.prepare("seen_command", "SELECT command_id FROM commands WHERE command_id = $1");
        m_db.prepare("seen_event", "SELECT event_id FROM events WHERE event_id = $1");
        m_db.prepare("update_stream",
            "UPDATE streams SET revision = $1, last_position = $2, last_occurred_at = $3, last_recorded_at = $4, "
            "last_event_type = $5 WHERE stream_pk = $6");
        m_db.prepare("insert_event",
            "INSERT INTO events (position, event_id, stream_pk, revision, type, schema_version, occurred_at, "
            "recorded_at, actor, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
        m_db.prepare("insert_command",
            "INSERT INTO commands (command_id, command_name, stream_id, fingerprint, first_revision, last_revision, "
            "first_position, last_position, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        m_db.prepare("notify", "SELECT pg_notify($1, $2)");
    }

    void run(const Step& step, const QByteArray& streamId)
    {
        const QByteArray commandId = step.commandId.toUtf8();
        PgParams params;
        params.add(commandId);
        if (PQntuples(m_db.run("find_command", params).get()) != 0)
            fail(u"command id already recorded"_s);
        params.clear();
        params.add(streamId).add(std::numeric_limits<qint64>::max());
        m_db.run("snapshot", params);

        // Every row is fetched with its payloads, as the store does before decoding them.
        params.clear();
        params.add(streamId).add(qint64(1)).add(std::numeric_limits<qint64>::max()).addNull();
        const PgResultPtr events = m_db.run("read_stream", params);
        qint64 bytes = 0;
        for (int row = 0; row < PQntuples(events.get()); ++row)
            bytes += PQgetlength(events.get(), row, 9) + PQgetlength(events.get(), row, 10);
        if (bytes == 0)
            fail(u"raw baseline: reading the stream failed"_s);

        m_db.exec("BEGIN");
        params.clear();
        params.add(qint64(postgres::AppendLockSpace)).add(qint64(qint32(quint32(m_lockKey))));
        m_db.run("lock", params);
        params.clear();
        const PgResultPtr head = m_db.run("head", params);
        const qint64 position = QByteArray(PQgetvalue(head.get(), 0, 0)).toLongLong() + 1;
        const qint64 now = QByteArray(PQgetvalue(head.get(), 0, 1)).toLongLong();
        params.add(streamId);
        const PgResultPtr stream = m_db.run("find_stream", params);
        if (PQntuples(stream.get()) != 1)
            fail(u"raw baseline: no stream"_s);
        const QByteArray streamPk(PQgetvalue(stream.get(), 0, 0));
        const qint64 revision = QByteArray(PQgetvalue(stream.get(), 0, 1)).toLongLong() + 1;
        params.clear();
        params.add(commandId);
        if (PQntuples(m_db.run("seen_command", params).get()) != 0)
            fail(u"raw baseline: duplicate command"_s);
        const QByteArray eventId = QUuid::fromRfc4122(step.eventId).toByteArray(QUuid::WithoutBraces);
        params.clear();
        params.add(eventId);
        if (PQntuples(m_db.run("seen_event", params).get()) != 0)
            fail(u"raw baseline: duplicate event"_s);

        params.clear();
        params.add(revision).add(position).add(now).add(now).add(step.type).add(streamPk);
        m_db.run("update_stream", params);
        static const QByteArray actor("admin@example.com");
        params.clear();
        params.add(position).add(eventId).add(streamPk).add(revision).add(step.type).add(qint64(1)).add(now).add(now);
        params.add(actor).add(step.data).add(step.metadata);
        m_db.run("insert_event", params);
        // A constant fingerprint: the raw side stores the same bytes but skips hashing the command.
        static const QByteArray fingerprint = "\\x" + QByteArray(32, '\x5a').toHex();
        params.clear();
        params.add(commandId).add(step.login ? QByteArray("RecordLogin") : QByteArray("ChangeName")).add(streamId);
        params.add(fingerprint).add(revision).add(revision).add(position).add(position).add(now);
        m_db.run("insert_command", params);
        params.clear();
        params.add(QByteArray(postgres::NotifyChannel)).add(QByteArray::number(position));
        m_db.run("notify", params);
        m_db.exec("COMMIT");
    }

private:
    RawPg m_db;
    qint64 m_lockKey = 0;
};

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"One command end to end: CommandHandler on PostgreSQL against raw libpq."_s);
    parser.addHelpOption();
    const QCommandLineOption conninfo(u"conninfo"_s, conninfoHelp(), u"CONNINFO"_s);
    const QCommandLineOption users(u"users"_s, u"Users created before timing."_s, u"N"_s, u"1000"_s);
    const QCommandLineOption commands(u"commands"_s, u"Timed commands."_s, u"N"_s, u"5000"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Untimed commands first."_s, u"N"_s, u"200"_s);
    const QCommandLineOption seed(u"seed"_s, u"Seed of the command sequence."_s, u"N"_s, u"7"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    parser.addOptions({conninfo, users, commands, warmup, seed, out});
    parser.process(app);

    Config config;
    config.conninfo = requiredConninfo(parser, conninfo);
    config.users = int(numberOption(parser, users, 1, 10000000));
    config.commands = int(numberOption(parser, commands, 1, 100000000));
    config.warmup = int(numberOption(parser, warmup, 0, 100000000));
    config.seed = quint64(numberOption(parser, seed, 0, std::numeric_limits<qint64>::max()));
    config.out = parser.value(out);
    return config;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false"_s);
    const Config config = parseArguments(app);
    PgServer server(config.conninfo);

    QTextStream out(stdout);
    out << "bench_pg_command: " << config.users << " users, " << config.warmup << " + " << config.commands
        << " commands, server " << server.display() << Qt::endl;
    const QString storeDb = server.createDatabase(u"command"_s);
    const Stopwatch warming;
    QStringList users;
    {
        auto store
            = PostgresEventStore::open(server.conninfo(storeDb), storeOptions(StoreOptions::OpenMode::CreateIfMissing));
        if (!store)
            fail(store.error().toString());
        users = createUsers(**store, config.users);
    }
    out << "warmed the store with " << users.size() << " users in "
        << QString::number(warming.lapMicros() / 1e6, 'f', 2) << " s" << Qt::endl;
    const QString rawDb = server.createDatabase(u"command_raw"_s, storeDb);
    server.checkpoint();

    // SHOW on a fresh session of each database: what a store session with Durability::Full (which sets neither)
    // runs with. Both must be on, or the figures would not measure a durable commit.
    const QJsonObject settings = server.settings(storeDb);
    if (settings.value(u"fsync"_s).toString() != u"on"_s
        || settings.value(u"synchronous_commit"_s).toString() != u"on"_s
        || server.settings(rawDb).value(u"synchronous_commit"_s).toString() != u"on"_s)
        fail(u"this benchmark needs fsync=on and synchronous_commit=on; the server has fsync=%1, "
             u"synchronous_commit=%2"_s.arg(
                 settings.value(u"fsync"_s).toString(), settings.value(u"synchronous_commit"_s).toString()));
    out << PgServer::describe(settings) << Qt::endl;

    const std::vector<Step> warmup = makeSteps(config.warmup, config.users, config.seed + 1000, 0);
    const std::vector<Step> steps = makeSteps(config.commands, config.users, config.seed, config.warmup);
    std::vector<double> rawMicros, handlerMicros;
    {
        auto store
            = PostgresEventStore::open(server.conninfo(storeDb), storeOptions(StoreOptions::OpenMode::OpenExisting));
        if (!store)
            fail(store.error().toString());
        PasswordHasher hasher(1000);
        CommandHandler handler(**store, DomainCatalog::builtin(), hasher);
        RawCommands raw(server.conninfo(rawDb));
        QList<QByteArray> ids;
        for (const QString& id : std::as_const(users))
            ids.append(id.toUtf8());
        const auto runHandler = [&](const Step& step) {
            Command command = toCommand(step, users.at(step.user));
            Stopwatch clock;
            clock.start();
            auto result = handler.execute(std::move(command));
            const double micros = clock.lapMicros();
            if (!result || result->events.size() != 1 || result->duplicate)
                fail(result ? u"unexpected command result"_s : result.error().toString());
            return micros;
        };
        const auto runRaw = [&](const Step& step) {
            Stopwatch clock;
            clock.start();
            raw.run(step, ids.at(step.user));
            return clock.lapMicros();
        };
        for (const Step& step : warmup) {
            runRaw(step);
            runHandler(step);
        }
        rawMicros.reserve(steps.size());
        handlerMicros.reserve(steps.size());
        // Command by command, the side that goes first alternating: drift and bursts of load touch both alike.
        for (size_t i = 0; i < steps.size(); ++i) {
            if (i % 2 == 0) {
                rawMicros.push_back(runRaw(steps[i]));
                handlerMicros.push_back(runHandler(steps[i]));
            } else {
                handlerMicros.push_back(runHandler(steps[i]));
                rawMicros.push_back(runRaw(steps[i]));
            }
        }
    }
    server.dropDatabase(rawDb);
    server.dropDatabase(storeDb);
    const Percentiles raw = percentiles(rawMicros);
    const Percentiles handler = percentiles(handlerMicros);

    const auto row = [&](const char* name, const Percentiles& p) {
        out << "| " << name << " | " << QString::number(p.p50, 'f', 0) << " | " << QString::number(p.p90, 'f', 0)
            << " | " << QString::number(p.p99, 'f', 0) << " | " << QString::number(p.mean, 'f', 0) << " | "
            << QString::number(p.max, 'f', 0) << " |\n";
    };
    out << "\n## PostgreSQL command benchmark\n\n"
        << config.commands << " RecordLogin/ChangeName commands on " << config.users << " users (after "
        << config.warmup << " untimed), loopback TCP, Durability::Full; " << PgServer::describe(settings)
        << ". Latency per command in microseconds.\n\n"
        << "| side | p50 | p90 | p99 | mean | max |\n|---|---:|---:|---:|---:|---:|\n";
    row("raw libpq statements", raw);
    row("CommandHandler::execute", handler);
    out << "\nhandler/raw at p50: " << QString::number(handler.p50 / raw.p50, 'f', 2)
        << "x. Target handler p50 <= " << TargetP50Micros
        << " us: " << (handler.p50 <= TargetP50Micros ? "met" : "NOT met") << ".\n\n";

    QJsonObject result {{u"benchmark"_s, u"pg_command"_s}, {u"users"_s, config.users}, {u"commands"_s, config.commands},
        {u"warmup"_s, config.warmup}, {u"seed"_s, qint64(config.seed)}, {u"raw"_s, toJson(raw)},
        {u"handler"_s, toJson(handler)}, {u"ratio_p50"_s, handler.p50 / raw.p50}, {u"target_p50_us"_s, TargetP50Micros},
        {u"server"_s, settings}};
    writeResult(out, result, config.out);
    return 0;
}
