// SPDX-License-Identifier: GPL-3.0-or-later
// bench_pg_append: bulk-append throughput of the PostgreSQL store, against a raw COPY of the same rows on the same
// server in the same run.
//
// Usage:
//   bench_pg_append --conninfo CONNINFO [--events N] [--streams S] [--batch B] [--runs R] [--out FILE]
//     --conninfo  the server; every side of every run gets a fresh database on it, dropped afterwards
//     --events    events per run (default 1000000; the recorded result uses the default)
//     --streams   streams the batches go to, round-robin (default 10000)
//     --batch     events per append; one transaction each (default 100)
//     --runs      repetitions; medians are reported (default 3)
//     --out       also write the JSON result block to FILE
//
// Every run writes the same events (bench_append's AppendWorkload) five times, each into a fresh database, in an
// order that rotates from run to run:
//   copy        the raw baseline the target refers to: one COPY ... FROM STDIN (PQputCopyData, text format) of
//               all the rows into an unindexed table with the columns of the store's events table (no keys, no
//               indexes, no triggers, no streams table), one transaction. Rows are encoded before the clock starts.
//               This is the fastest way into PostgreSQL, not a design the store could match.
//   copy-batch  the same rows, one COPY (and so one transaction and one commit) per batch: what the per-batch
//               transactions alone cost.
//   copy-schema one COPY of the same rows into the store's own events table (its keys and five indexes; the
//               schema applied by opening a store, the 10,000 stream rows added before the clock starts): what the
//               schema alone costs.
//   copy-schema-batch  the same into the store's events table, one COPY (one transaction, one commit) per batch:
//               the floor for any writer that commits each batch durably into this schema, the store included.
//   store       PostgresEventStore::commit() with Durability::Full (the store's default) through the public API,
//               one commit per batch. The NewEvents (payloads already JSON) are built before the clock starts.
// Events are generated in chunks outside the timed sections. Creating the database and the schema is not timed;
// after each side the database is dropped and the server checkpointed (not timed), so no side inherits another's
// dirty buffers. The figure to watch is store/copy (target 0.3).
#include "appendworkload.h"
#include "benchsupport.h"
#include "pgbenchsupport.h"
#include "store/postgres/postgreseventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTextStream>

#include <array>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    QString conninfo;
    qint64 events = 1000000;
    int streams = 10000;
    int batch = 100;
    int runs = 3;
    QString out;
};

constexpr char RawTable[] = "CREATE TABLE raw_events (position bigint NOT NULL, event_id uuid NOT NULL, "
                            "stream_pk bigint NOT NULL, revision bigint NOT NULL, type text NOT NULL, "
                            "schema_version integer NOT NULL, occurred_at bigint NOT NULL, "
                            "recorded_at bigint NOT NULL, actor text, data json NOT NULL, metadata json NOT NULL)";

/// The rows of `batches` in COPY text format, one buffer per batch; positions and revisions continue from the
/// counters, as the store numbers them.
std::vector<QByteArray> encodeCopy(const QList<Batch>& batches, qint64& position, std::vector<qint64>& revisions)
{
    std::vector<QByteArray> buffers;
    buffers.reserve(size_t(batches.size()));
    const QByteArray recordedAt = QByteArray::number(Timestamp::now().micros());
    for (const Batch& batch : batches) {
        QByteArray rows;
        rows.reserve(batch.events.size() * 512);
        for (const NewEvent& event : batch.events) {
            rows += QByteArray::number(++position) + '\t' + event.eventId.toByteArray(QUuid::WithoutBraces) + '\t'
                + QByteArray::number(batch.stream + 1) + '\t' + QByteArray::number(++revisions[size_t(batch.stream)])
                + '\t';
            appendCopyField(rows, event.type.toUtf8());
            rows += '\t' + QByteArray::number(event.schemaVersion) + '\t'
                + QByteArray::number(event.occurredAt.micros()) + '\t' + recordedAt + '\t';
            if (event.metadata.actor.isEmpty())
                rows += "\\N";
            else
                appendCopyField(rows, event.metadata.actor.toUtf8());
            rows += '\t';
            appendCopyField(rows, event.data);
            rows += '\t';
            appendCopyField(rows, event.metadata.toJsonBytes());
            rows += '\n';
        }
        buffers.push_back(std::move(rows));
    }
    return buffers;
}

enum Side { Copy, CopyBatch, CopySchema, CopySchemaBatch, Store, SideCount };

/// Applies the store's schema (through the store itself, which is how it gets there in use) and adds the stream
/// rows the COPY's events point to, with keys 1..S as encodeCopy() numbers them. Not timed.
void prepareSchema(const QString& conninfo, RawPg& db, const AppendWorkload& workload, int streams)
{
    StoreOptions options;
    options.mode = StoreOptions::OpenMode::CreateIfMissing;
    if (auto store = PostgresEventStore::open(conninfo, options); !store)
        fail(store.error().toString());
    QByteArray rows;
    for (int stream = 0; stream < streams; ++stream) {
        rows += workload.streamId(stream).toUtf8() + "\tUser\t0\t" + QByteArray::number(stream + 1) + '\t'
            + QByteArray::number(stream + 1) + "\t0\t0\t0\tUSER_LOGGED_IN\n";
    }
    db.copyStart("COPY streams (stream_id, aggregate_type, revision, first_position, last_position, created_at, "
                 "last_occurred_at, last_recorded_at, last_event_type) FROM STDIN");
    db.copyPut(rows);
    db.copyEnd();
    if (db.value("SELECT max(stream_pk) FROM streams").toLongLong() != streams)
        fail(u"the stream rows did not get the keys 1..S"_s);
}

/// Seconds the raw COPY takes: one COPY of everything into an unindexed table (Copy) or into the store's own
/// events table (CopySchema), or one COPY per batch into either (CopyBatch, CopySchemaBatch).
double runCopy(PgServer& server, const Config& config, const AppendWorkload& workload, Side side)
{
    static const std::array<QString, SideCount> databases {
        u"copy"_s, u"copybatch"_s, u"copyschema"_s, u"copyschemabatch"_s, {}};
    const QString database = server.createDatabase(databases[size_t(side)]);
    const bool perBatch = side == CopyBatch || side == CopySchemaBatch;
    const bool intoSchema = side == CopySchema || side == CopySchemaBatch;
    const QByteArray table = intoSchema ? "events" : "raw_events";
    const QByteArray copy = "COPY " + table
        + " (position, event_id, stream_pk, revision, type, schema_version, occurred_at, recorded_at, actor, data, "
          "metadata) FROM STDIN";
    Stopwatch clock;
    {
        RawPg db(server.conninfo(database));
        if (intoSchema)
            prepareSchema(server.conninfo(database), db, workload, config.streams);
        else
            db.exec(RawTable);
        qint64 position = 0;
        std::vector<qint64> revisions(size_t(config.streams), 0);
        if (!perBatch) {
            clock.start();
            db.copyStart(copy);
            clock.stop();
        }
        for (qint64 first = 0; first < workload.batchCount(); first += AppendWorkload::ChunkBatches) {
            const std::vector<QByteArray> chunk
                = encodeCopy(workload.batches(first, AppendWorkload::ChunkBatches), position, revisions);
            clock.start();
            for (const QByteArray& rows : chunk) {
                if (perBatch)
                    db.copyStart(copy);
                db.copyPut(rows);
                if (perBatch)
                    db.copyEnd();
            }
            clock.stop();
        }
        if (!perBatch) {
            clock.start();
            db.copyEnd();
            clock.stop();
        }
        if (db.value("SELECT count(*) FROM " + table).toLongLong() != config.events)
            fail(u"the COPY wrote the wrong number of rows"_s);
    }
    server.dropDatabase(database);
    server.checkpoint();
    return clock.totalSeconds();
}

/// Seconds spent appending every event through PostgresEventStore::commit.
double runStore(PgServer& server, const Config& config, const AppendWorkload& workload)
{
    const QString database = server.createDatabase(u"store"_s);
    Stopwatch clock;
    qint64 written = 0;
    {
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::CreateIfMissing;
        options.durability = StoreOptions::Durability::Full;
        auto store = PostgresEventStore::open(server.conninfo(database), options);
        if (!store)
            fail(store.error().toString());
        written += workload.appendThrough(**store, clock);
        auto head = (*store)->headPosition();
        if (!head || *head != config.events || written != config.events)
            fail(u"the store wrote %1 events, expected %2"_s.arg(written).arg(config.events));
    }
    server.dropDatabase(database);
    server.checkpoint();
    return clock.totalSeconds();
}

/// "copy-batch" -> "copy_batch", for JSON keys.
QString jsonName(const char* side)
{
    return QString::fromLatin1(side).replace(u'-', u'_');
}

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Bulk-append throughput: PostgreSQL store against a raw COPY."_s);
    parser.addHelpOption();
    const QCommandLineOption conninfo(u"conninfo"_s, conninfoHelp(), u"CONNINFO"_s);
    const QCommandLineOption events(u"events"_s, u"Events per run."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption streams(u"streams"_s, u"Streams, round-robin per batch."_s, u"S"_s, u"10000"_s);
    const QCommandLineOption batch(u"batch"_s, u"Events per append (one transaction)."_s, u"B"_s, u"100"_s);
    const QCommandLineOption runs(u"runs"_s, u"Repetitions."_s, u"R"_s, u"3"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    parser.addOptions({conninfo, events, streams, batch, runs, out});
    parser.process(app);

    Config config;
    config.conninfo = requiredConninfo(parser, conninfo);
    config.events = numberOption(parser, events, 1, qint64(1) << 40);
    config.streams = int(numberOption(parser, streams, 1, 100000000));
    config.batch = int(numberOption(parser, batch, 1, 1000000));
    config.runs = int(numberOption(parser, runs, 1, 1000));
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
    const AppendWorkload workload(config.events, config.streams, config.batch);

    QTextStream out(stdout);
    out << "bench_pg_append: " << config.events << " events, " << config.streams << " streams, batches of "
        << config.batch << ", " << config.runs << " runs, server " << server.display() << Qt::endl;
    const QString probe = server.createDatabase(u"settings"_s);
    const QJsonObject settings = server.settings(probe);
    server.dropDatabase(probe);
    out << PgServer::describe(settings) << Qt::endl;

    static const std::array<const char*, SideCount> names {
        "copy", "copy-batch", "copy-schema", "copy-schema-batch", "store"};
    std::array<std::vector<double>, SideCount> rates;
    std::array<std::vector<double>, SideCount> ratios; // store / each side
    std::vector<double> floorRatios; // copy-schema-batch / copy: the best any per-batch writer into the schema does
    QJsonArray runsJson;
    for (int run = 1; run <= config.runs; ++run) {
        std::array<double, SideCount> seconds {};
        // The order rotates, so no side always runs first (or right after the heaviest one).
        for (int k = 0; k < SideCount; ++k) {
            const auto side = Side((run - 1 + k) % SideCount);
            seconds[size_t(side)]
                = side == Store ? runStore(server, config, workload) : runCopy(server, config, workload, side);
        }
        QJsonObject runJson {{u"run"_s, run}};
        out << "run " << run << ":";
        for (size_t side = 0; side < SideCount; ++side) {
            const double rate = double(config.events) / seconds[side];
            rates[side].push_back(rate);
            out << " " << names[side] << " " << grouped(rate) << " events/s (" << QString::number(seconds[side], 'f', 2)
                << " s)";
            runJson.insert(jsonName(names[side]) + u"_seconds"_s, seconds[side]);
            runJson.insert(jsonName(names[side]) + u"_events_per_s"_s, qRound64(rate));
        }
        for (size_t side = 0; side < Store; ++side) {
            ratios[side].push_back(rates[Store].back() / rates[side].back());
            runJson.insert(u"ratio_store_to_"_s + jsonName(names[side]), ratios[side].back());
        }
        floorRatios.push_back(rates[CopySchemaBatch].back() / rates[Copy].back());
        runJson.insert(u"ratio_copy_schema_batch_to_copy"_s, floorRatios.back());
        out << ", store/copy " << QString::number(ratios[Copy].back(), 'f', 3) << ", copy-schema-batch/copy "
            << QString::number(floorRatios.back(), 'f', 3) << Qt::endl;
        runsJson.append(runJson);
    }

    const double ratioMedian = median(ratios[Copy]);
    out << "\n## PostgreSQL append benchmark\n\n"
        << config.events << " events over " << config.streams << " streams, " << config.batch
        << " events per append (one transaction each) for store, copy-batch and copy-schema-batch, one COPY (one "
           "transaction) for copy and copy-schema; Durability::Full; "
        << PgServer::describe(settings) << ".\n\n"
        << "| run | copy | copy-batch | copy-schema | copy-schema-batch | store | store/copy | store/copy-batch | "
           "store/copy-schema | store/copy-schema-batch |\n"
        << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    const auto ratioText = [](double ratio) { return QString::number(ratio, 'f', 3); };
    for (size_t i = 0; i < size_t(config.runs); ++i) {
        out << "| " << i + 1;
        for (size_t side = 0; side < SideCount; ++side)
            out << " | " << grouped(rates[side][i]);
        for (size_t side = 0; side < Store; ++side)
            out << " | " << ratioText(ratios[side][i]);
        out << " |\n";
    }
    out << "| **median**";
    for (size_t side = 0; side < SideCount; ++side)
        out << " | **" << grouped(median(rates[side])) << "**";
    for (size_t side = 0; side < Store; ++side)
        out << " | **" << ratioText(median(ratios[side])) << "**";
    out << " |\n\nRates in events/s. The ratios in the median row are the medians of the per-run ratios.\n"
        << "Target store/copy >= 0.3: " << (ratioMedian >= 0.3 ? "met" : "NOT met")
        << ". A COPY per batch into the store's own schema (copy-schema-batch) reaches "
        << ratioText(median(floorRatios)) << " of copy (median).\n\n";

    QJsonObject medians;
    for (size_t side = 0; side < SideCount; ++side) {
        const QString name = jsonName(names[side]);
        medians.insert(name + u"_events_per_s"_s, qRound64(median(rates[side])));
        if (side != Store)
            medians.insert(u"ratio_store_to_"_s + name, median(ratios[side]));
    }
    medians.insert(u"ratio_copy_schema_batch_to_copy"_s, median(floorRatios));
    QJsonObject result {{u"benchmark"_s, u"pg_append"_s}, {u"events"_s, config.events}, {u"streams"_s, config.streams},
        {u"batch"_s, config.batch}, {u"durability"_s, u"full"_s}, {u"runs"_s, runsJson}, {u"server"_s, settings},
        {u"target_ratio"_s, 0.3}, {u"median"_s, medians}};
    writeResult(out, result, config.out);
    return 0;
}
