// SPDX-License-Identifier: GPL-3.0-or-later
// bench_append: bulk-append throughput of the SQLite store, against plain sqlite3 on the same machine in the
// same run.
//
// Usage:
//   bench_append [--events N] [--streams S] [--batch B] [--runs R] [--out FILE] [--dir DIR]
//     --events   events per run (default 1000000)
//     --streams  streams the batches go to, round-robin (default 10000)
//     --batch    events per append; one transaction each (default 100)
//     --runs     repetitions; medians are reported (default 3)
//     --out      also write the JSON result block to FILE
//     --dir      folder for the temporary store files (default: the system temp folder)
//
// Every run writes the same events twice, each time into a fresh file that is deleted afterwards:
//   raw    the sqlite3 C API with prepared statements, into the schema the store itself applies (the migration
//          scripts built into flashback_core: same tables, indexes and triggers), WAL, synchronous=NORMAL, one
//          transaction per batch: INSERT (or UPDATE) the stream row, INSERT the events. Rows are encoded before
//          the clock starts. This is the floor for the schema, not a competing design.
//   store  SqliteEventStore::commit() with Durability::Normal through the public API. The NewEvents (payloads
//          already JSON bytes) are built before the clock starts, so both sides start from encoded payloads; the
//          store still encodes the metadata and builds its CommitResult, which is part of what is measured.
// Events are generated in chunks outside the timed sections, so memory stays small however large N is. Only the
// appends are timed, not opening or the final checkpoint on close. The figure to watch is store/raw (target 0.3).
#include "appendworkload.h"
#include "benchsupport.h"
#include "store/sqlite/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>

#include <algorithm>
#include <limits>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    qint64 events = 1000000;
    int streams = 10000;
    int batch = 100;
    int runs = 3;
    QString out;
    QString dir;
};

/// A row of `events` (and what the stream row needs), encoded before the clock starts.
struct RawEvent {
    QByteArray eventId;
    QByteArray type;
    QByteArray actor;
    QByteArray data;
    QByteArray metadata;
    qint64 occurredAt = 0;
    int schemaVersion = 1;
};

struct RawBatch {
    int stream = 0;
    QList<RawEvent> events;
};

QList<RawBatch> encode(const QList<Batch>& batches)
{
    QList<RawBatch> raw;
    raw.reserve(batches.size());
    for (const Batch& batch : batches) {
        RawBatch rows {batch.stream, {}};
        rows.events.reserve(batch.events.size());
        for (const NewEvent& event : batch.events) {
            rows.events.append(RawEvent {event.eventId.toRfc4122(), event.type.toUtf8(), event.metadata.actor.toUtf8(),
                event.data, event.metadata.toJsonBytes(), event.occurredAt.micros(), event.schemaVersion});
        }
        raw.append(std::move(rows));
    }
    return raw;
}

/// The baseline: what the schema costs with nothing but the sqlite3 C API in between.
class RawWriter {
public:
    RawWriter(const QString& path, const AppendWorkload& workload, int streams)
        : m_workload(workload)
        , m_db(path)
        , m_streamPk(streams, 0)
        , m_revision(streams, 0)
    {
        m_db.exec("BEGIN IMMEDIATE");
        m_db.exec(bench::loadMigrationSql().constData());
        m_db.exec("PRAGMA user_version = 1");
        m_db.exec("COMMIT");
        m_begin = m_db.prepare("BEGIN IMMEDIATE");
        m_commit = m_db.prepare("COMMIT");
        m_insertStream = m_db.prepare("INSERT INTO streams (stream_id, aggregate_type, revision, first_position, "
                                      "last_position, created_at, last_occurred_at, last_recorded_at, "
                                      "last_event_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        m_updateStream = m_db.prepare("UPDATE streams SET revision = ?, last_position = ?, last_occurred_at = ?, "
                                      "last_recorded_at = ?, last_event_type = ? WHERE stream_pk = ?");
        m_insertEvent = m_db.prepare("INSERT INTO events (position, event_id, stream_pk, revision, type, "
                                     "schema_version, occurred_at, recorded_at, actor, data, metadata) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    void write(const RawBatch& batch)
    {
        if (batch.events.isEmpty())
            return;
        m_db.step(m_begin);
        const qint64 recordedAt = Timestamp::now().micros();
        const RawEvent& last = batch.events.constLast();
        qint64& streamPk = m_streamPk[batch.stream];
        qint64& revision = m_revision[batch.stream];
        const qint64 lastPosition = m_position + batch.events.size();
        if (streamPk == 0) {
            const QByteArray id = m_workload.streamId(batch.stream).toUtf8();
            RawSqlite::bindText(m_insertStream, 1, id);
            sqlite3_bind_text(m_insertStream, 2, "User", 4, SQLITE_STATIC);
            sqlite3_bind_int64(m_insertStream, 3, revision + batch.events.size());
            sqlite3_bind_int64(m_insertStream, 4, m_position + 1);
            sqlite3_bind_int64(m_insertStream, 5, lastPosition);
            sqlite3_bind_int64(m_insertStream, 6, batch.events.constFirst().occurredAt);
            sqlite3_bind_int64(m_insertStream, 7, last.occurredAt);
            sqlite3_bind_int64(m_insertStream, 8, recordedAt);
            RawSqlite::bindText(m_insertStream, 9, last.type);
            m_db.step(m_insertStream);
            streamPk = m_db.lastInsertRowId();
        } else {
            sqlite3_bind_int64(m_updateStream, 1, revision + batch.events.size());
            sqlite3_bind_int64(m_updateStream, 2, lastPosition);
            sqlite3_bind_int64(m_updateStream, 3, last.occurredAt);
            sqlite3_bind_int64(m_updateStream, 4, recordedAt);
            RawSqlite::bindText(m_updateStream, 5, last.type);
            sqlite3_bind_int64(m_updateStream, 6, streamPk);
            m_db.step(m_updateStream);
        }
        for (const RawEvent& event : batch.events) {
            sqlite3_bind_int64(m_insertEvent, 1, ++m_position);
            RawSqlite::bindBlob(m_insertEvent, 2, event.eventId);
            sqlite3_bind_int64(m_insertEvent, 3, streamPk);
            sqlite3_bind_int64(m_insertEvent, 4, ++revision);
            RawSqlite::bindText(m_insertEvent, 5, event.type);
            sqlite3_bind_int(m_insertEvent, 6, event.schemaVersion);
            sqlite3_bind_int64(m_insertEvent, 7, event.occurredAt);
            sqlite3_bind_int64(m_insertEvent, 8, recordedAt);
            if (event.actor.isEmpty())
                sqlite3_bind_null(m_insertEvent, 9);
            else
                RawSqlite::bindText(m_insertEvent, 9, event.actor);
            RawSqlite::bindBlob(m_insertEvent, 10, event.data);
            RawSqlite::bindBlob(m_insertEvent, 11, event.metadata);
            m_db.step(m_insertEvent);
        }
        m_db.step(m_commit);
    }

private:
    const AppendWorkload& m_workload;
    RawSqlite m_db;
    sqlite3_stmt* m_begin = nullptr;
    sqlite3_stmt* m_commit = nullptr;
    sqlite3_stmt* m_insertStream = nullptr;
    sqlite3_stmt* m_updateStream = nullptr;
    sqlite3_stmt* m_insertEvent = nullptr;
    std::vector<qint64> m_streamPk;
    std::vector<qint64> m_revision;
    qint64 m_position = 0;
};

/// Seconds spent appending every event with the raw API.
double runRaw(const Config& config, const AppendWorkload& workload, const QString& path)
{
    removeStoreFiles(path);
    Stopwatch clock;
    {
        RawWriter writer(path, workload, config.streams);
        for (qint64 first = 0; first < workload.batchCount(); first += AppendWorkload::ChunkBatches) {
            const QList<RawBatch> chunk = encode(workload.batches(first, AppendWorkload::ChunkBatches));
            clock.start();
            for (const RawBatch& batch : chunk)
                writer.write(batch);
            clock.stop();
        }
    }
    removeStoreFiles(path);
    return clock.totalSeconds();
}

/// Seconds spent appending every event through SqliteEventStore::commit.
double runStore(const Config& config, const AppendWorkload& workload, const QString& path)
{
    removeStoreFiles(path);
    Stopwatch clock;
    qint64 written = 0;
    {
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::CreateIfMissing;
        options.durability = StoreOptions::Durability::Normal;
        auto store = SqliteEventStore::open(path, options);
        if (!store)
            fail(store.error().toString());
        written += workload.appendThrough(**store, clock);
    }
    if (written != config.events)
        fail(u"the store wrote %1 events, expected %2"_s.arg(written).arg(config.events));
    removeStoreFiles(path);
    return clock.totalSeconds();
}

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Bulk-append throughput: SQLite store against raw sqlite3."_s);
    parser.addHelpOption();
    const QCommandLineOption events(u"events"_s, u"Events per run."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption streams(u"streams"_s, u"Streams, round-robin per batch."_s, u"S"_s, u"10000"_s);
    const QCommandLineOption batch(u"batch"_s, u"Events per append (one transaction)."_s, u"B"_s, u"100"_s);
    const QCommandLineOption runs(u"runs"_s, u"Repetitions."_s, u"R"_s, u"3"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dir(u"dir"_s, u"Folder for the temporary store files."_s, u"DIR"_s);
    parser.addOptions({events, streams, batch, runs, out, dir});
    parser.process(app);

    Config config;
    bool ok = true;
    const auto positive = [&](const QCommandLineOption& option) {
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value <= 0 || value > std::numeric_limits<int>::max() * qint64(1000))
            fail(u"--%1 needs a positive number"_s.arg(option.names().constFirst()));
        return value;
    };
    config.events = positive(events);
    config.streams = int(std::min<qint64>(positive(streams), 100000000));
    config.batch = int(std::min<qint64>(positive(batch), 1000000));
    config.runs = int(std::min<qint64>(positive(runs), 1000));
    config.out = parser.value(out);
    config.dir = parser.value(dir);
    return config;
}

/// Average payload and metadata sizes, from the first batches: what a reader needs to compare with their events.
struct EventSizes {
    qint64 payload = 0;
    qint64 metadata = 0;
};

EventSizes sampleSizes(const AppendWorkload& workload)
{
    qint64 payloadBytes = 0;
    qint64 metadataBytes = 0;
    qint64 sampled = 0;
    for (const auto& batch : workload.batches(0, 10)) {
        for (const auto& event : batch.events) {
            payloadBytes += event.data.size();
            metadataBytes += event.metadata.toJsonBytes().size();
            ++sampled;
        }
    }
    return {payloadBytes / sampled, metadataBytes / sampled};
}

struct Rates {
    std::vector<double> raw, store, ratio;
};

void printReport(QTextStream& out, const Config& config, const EventSizes& sizes, const Rates& rates)
{
    out << "\n## Append benchmark\n\n"
        << config.events << " events over " << config.streams << " streams, " << config.batch
        << " events per append (one transaction), WAL, synchronous=NORMAL; payload " << sizes.payload
        << " B and metadata " << sizes.metadata << " B on average; " << versionsText() << ".\n\n"
        << "| run | raw events/s | store events/s | store/raw |\n|---:|---:|---:|---:|\n";
    for (size_t i = 0; i < rates.raw.size(); ++i) {
        out << "| " << i + 1 << " | " << grouped(rates.raw[i]) << " | " << grouped(rates.store[i]) << " | "
            << QString::number(rates.ratio[i], 'f', 3) << " |\n";
    }
    // The ratio is the median of the per-run ratios, not the ratio of the medians: each run's pair shares the
    // machine's state at that moment, which is the point of measuring both sides back to back.
    const double ratioMedian = median(rates.ratio);
    out << "| **median** | **" << grouped(median(rates.raw)) << "** | **" << grouped(median(rates.store)) << "** | **"
        << QString::number(ratioMedian, 'f', 3) << "** |\n\n"
        << "The median row gives the median of each column: store/raw is the median of the per-run ratios, "
           "each measured back to back on the same machine.\n"
        << "Target store/raw >= 0.3: " << (ratioMedian >= 0.3 ? "met" : "NOT met") << ".\n\n";
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false"_s);
    const Config config = parseArguments(app);
    const QTemporaryDir folder = makeWorkFolder(config.dir);
    const AppendWorkload workload(config.events, config.streams, config.batch);
    const EventSizes sizes = sampleSizes(workload);

    QTextStream out(stdout);
    out << "bench_append: " << config.events << " events, " << config.streams << " streams, batches of " << config.batch
        << ", " << config.runs << " runs, files in " << folder.path() << Qt::endl;

    Rates rates;
    QJsonArray runsJson;
    for (int run = 1; run <= config.runs; ++run) {
        // Fresh files every run and every side, so neither inherits a warm file or a grown WAL from the other.
        const double rawSeconds = runRaw(config, workload, folder.filePath(u"raw-%1.sqlite"_s.arg(run)));
        const double storeSeconds = runStore(config, workload, folder.filePath(u"store-%1.flashback"_s.arg(run)));
        const double raw = double(config.events) / rawSeconds;
        const double store = double(config.events) / storeSeconds;
        rates.raw.push_back(raw);
        rates.store.push_back(store);
        rates.ratio.push_back(store / raw);
        out << "run " << run << ": raw " << grouped(raw) << " events/s (" << QString::number(rawSeconds, 'f', 2)
            << " s), store " << grouped(store) << " events/s (" << QString::number(storeSeconds, 'f', 2)
            << " s), store/raw " << QString::number(store / raw, 'f', 3) << Qt::endl;
        runsJson.append(QJsonObject {{u"run"_s, run}, {u"raw_seconds"_s, rawSeconds},
            {u"store_seconds"_s, storeSeconds}, {u"raw_events_per_s"_s, qRound64(raw)},
            {u"store_events_per_s"_s, qRound64(store)}, {u"ratio"_s, store / raw}});
    }
    printReport(out, config, sizes, rates);

    QJsonObject result {{u"benchmark"_s, u"append"_s}, {u"events"_s, config.events}, {u"streams"_s, config.streams},
        {u"batch"_s, config.batch}, {u"payload_bytes_avg"_s, sizes.payload}, {u"metadata_bytes_avg"_s, sizes.metadata},
        {u"runs"_s, runsJson},
        {u"median"_s,
            QJsonObject {{u"raw_events_per_s"_s, qRound64(median(rates.raw))},
                {u"store_events_per_s"_s, qRound64(median(rates.store))}, {u"ratio"_s, median(rates.ratio)}}},
        {u"target_ratio"_s, 0.3}};
    addVersions(result);
    writeResult(out, result, config.out);
    return 0;
}
