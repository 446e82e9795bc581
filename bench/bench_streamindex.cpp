// SPDX-License-Identifier: GPL-3.0-or-later
// bench_streamindex: the window's two reads on SQLite, beside raw sqlite3 doing the same reads in the same run:
// one long stream's compact index (readStreamIndex) and a page deep down the sorted stream list (queryStreams).
//
// Usage:
//   bench_streamindex [--events N] [--streams N] [--offset N] [--page N] [--reps N] [--warmup N] [--out FILE]
//                     [--dir DIR] [--conninfo CONNINFO]
//     --events  events in the long stream (default 1000000)
//     --streams streams in the second store (default 100000)
//     --offset  the page's offset (default 90000)
//     --page    rows per page (default 200)
//     --reps    timed repetitions of each side (default 15 for the index, 10x that for pages)
//     --warmup  untimed repetitions of each side first (default 3)
//     --out     also write the JSON result block to FILE
//     --dir     folder for the temporary store files (default: the system temp folder)
//     --conninfo  also measure PostgreSQL, in databases this run creates on that server and drops afterwards
//
// Two stores are written before the clock starts, through commit() with Durability::Normal, then closed (which
// checkpoints the WAL) and opened again:
//   index.flashback    one stream of --events USER_* events in runs of 1 to 6 of a type (4 types), with a login
//                      payload and metadata as CommandHandler writes them, 10,000 per unit, and one event of
//                      another stream between units.
//   streams.flashback  --streams streams of 1 to 4 events, 5 aggregate types, business times spread over 70 days.
// Sides, interleaved so drift on the shared machine touches each alike:
//   index raw     the sqlite3 C API: the stream's key, then SELECT position, occurred_at, type FROM events WHERE
//                 stream_pk = ? AND revision >= 1 ORDER BY revision, every row pushed into three reserved vectors
//                 (the type compared with the previous row's bytes): the floor for the schema.
//   index store   readStreamIndex().
//   page raw      the query the store runs for the sort (same SQL text), its rows stepped and every column read.
//   page store    queryStreams() at --offset, --page rows, for each sort column, descending (the window's default).
//   page, old     queryStreams() on a copy of streams.flashback as schema 2 left it (no stream-order indexes),
//                 opened read-only: what a page costs without migration 0003.
// With --conninfo the same stores are written to PostgreSQL and the index read is set beside raw libpq reading the
// same rows in one result or in pages of 50,000 (as the store does), in text and in binary format; then the pages.
// Times in milliseconds; medians and p90 are nearest-rank.
#include "benchsupport.h"
#include "pgbenchsupport.h"
#include "store/postgres/pgeventreader.h"
#include "store/postgres/postgreseventstore.h"
#include "store/sqlite/sqliteeventstore.h"
#include "util/uuid.h"
#include "windowstores.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>
#include <QtEndian>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    qint64 events = 1000000;
    qint64 streams = 100000;
    qint64 offset = 90000;
    qint64 page = 200;
    int reps = 15;
    int warmup = 3;
    QString out;
    QString dir;
    QString conninfo;
};

StoreOptions storeOptions(StoreOptions::OpenMode mode, bool readOnly = false)
{
    StoreOptions options;
    options.mode = mode;
    options.durability = StoreOptions::Durability::Normal;
    options.readOnly = readOnly;
    return options;
}

/// Through the interface, as the window uses a store (and with its default arguments).
std::unique_ptr<EventStore> openStore(const QString& path, StoreOptions options)
{
    auto store = SqliteEventStore::open(path, options);
    if (!store)
        fail(store.error().toString());
    return std::move(store).value();
}

struct Side {
    QString group;
    QString name;
    std::function<void()> run;
    std::vector<double> micros;
};

/// Runs every side warmup + reps times, interleaved; each side's own repetition count scales `reps`.
void measure(std::vector<Side>& sides, int reps, int warmup)
{
    for (int rep = 0; rep < warmup; ++rep) {
        for (Side& side : sides)
            side.run();
    }
    Stopwatch clock;
    for (int rep = 0; rep < reps; ++rep) {
        for (Side& side : sides) {
            clock.start();
            side.run();
            side.micros.push_back(clock.lapMicros());
        }
    }
}

/// The same reads on PostgreSQL (--conninfo), each store in a database of its own, dropped at the end.
QJsonArray measurePostgres(const Config& config, QTextStream& out)
{
    PgServer server(config.conninfo);
    const QString indexDb = server.createDatabase(u"index"_s);
    const QString streamsDb = server.createDatabase(u"streams"_s);
    const auto open = [&](const QString& database) {
        auto store = PostgresEventStore::open(
            server.conninfo(database), storeOptions(StoreOptions::OpenMode::CreateIfMissing));
        if (!store)
            fail(store.error().toString());
        return std::unique_ptr<EventStore>(std::move(store).value());
    };
    auto indexStore = open(indexDb);
    auto streamsStore = open(streamsDb);
    const Stopwatch writing;
    writeLongStream(*indexStore, config.events, u"long"_s);
    writeManyStreams(*streamsStore, config.streams, 4);
    RawPg(server.conninfo(indexDb)).exec("VACUUM ANALYZE");
    RawPg(server.conninfo(streamsDb)).exec("VACUUM ANALYZE");
    server.checkpoint();
    out << "wrote the PostgreSQL stores in " << QString::number(writing.lapMicros() / 1e6, 'f', 1) << " s ("
        << PgServer::describe(server.settings(indexDb)) << ")" << Qt::endl;

    RawPgIndex raw(server.conninfo(indexDb));
    const qint64 page = postgres::PgEventReader::IndexPageRows;
    const auto rawSide = [&](bool binary, qint64 pageRows) {
        return [&raw, &config, binary, pageRows] {
            if (raw.run(binary, pageRows) != config.events)
                fail(u"raw baseline: wrong event count"_s);
        };
    };
    std::vector<Side> indexSides;
    indexSides.push_back({u"pg index"_s, u"raw libpq, text, one result"_s, rawSide(false, 0), {}});
    indexSides.push_back({u"pg index"_s, u"raw libpq, binary, one result"_s, rawSide(true, 0), {}});
    indexSides.push_back({u"pg index"_s, u"raw libpq, text, pages of 50,000"_s, rawSide(false, page), {}});
    indexSides.push_back({u"pg index"_s, u"raw libpq, binary, pages of 50,000"_s, rawSide(true, page), {}});
    indexSides.push_back({u"pg index"_s, u"readStreamIndex"_s,
        [&] {
            auto index = indexStore->readStreamIndex(u"long"_s);
            if (!index || index->size() != config.events)
                fail(u"unexpected PostgreSQL index"_s);
        },
        {}});
    measure(indexSides, config.reps, config.warmup);

    std::vector<Side> pageSides;
    const qint64 expectedRows = std::clamp<qint64>(config.streams - config.offset, 0, config.page);
    for (const auto& [sort, name] : Sorts) {
        StreamQuery query;
        query.sort = sort;
        query.offset = config.offset;
        query.limit = config.page;
        pageSides.push_back({u"pg "_s + QString::fromLatin1(name), u"queryStreams"_s,
            [&, query] {
                auto streams = streamsStore->queryStreams(query);
                if (!streams || streams->size() != expectedRows)
                    fail(u"unexpected PostgreSQL page"_s);
            },
            {}});
    }
    StreamQuery oneType;
    oneType.aggregateType = u"Order"_s;
    oneType.offset = *streamsStore->countStreams(oneType) * 9 / 10;
    oneType.limit = config.page;
    pageSides.push_back({u"pg last activity, one type"_s, u"queryStreams"_s,
        [&] {
            if (!streamsStore->queryStreams(oneType))
                fail(u"unexpected PostgreSQL page"_s);
        },
        {}});
    StreamQuery oneTypeById = oneType;
    oneTypeById.sort = StreamSort::StreamId;
    pageSides.push_back({u"pg stream id, one type"_s, u"queryStreams"_s,
        [&] {
            if (!streamsStore->queryStreams(oneTypeById))
                fail(u"unexpected PostgreSQL page"_s);
        },
        {}});
    pageSides.push_back({u"pg count"_s, u"countStreams, no filter"_s,
        [&] {
            if (*streamsStore->countStreams({}) != config.streams)
                fail(u"unexpected count"_s);
        },
        {}});
    measure(pageSides, config.reps * 10, config.warmup);

    QJsonArray results;
    const auto ms = [](double micros) { return QString::number(micros / 1000.0, 'f', 2); };
    out << "\n## PostgreSQL\n\n| read | side | median | p90 | max |\n|---|---|---:|---:|---:|\n";
    for (const std::vector<Side>* group : {&indexSides, &pageSides}) {
        for (const Side& side : *group) {
            const Percentiles stats = percentiles(side.micros);
            out << "| " << side.group << " | " << side.name << " | " << ms(stats.p50) << " | " << ms(stats.p90) << " | "
                << ms(stats.max) << " |\n";
            QJsonObject entry = toJson(stats);
            entry.insert(u"read"_s, side.group);
            entry.insert(u"side"_s, side.name);
            results.append(entry);
        }
    }
    indexStore.reset();
    streamsStore.reset();
    server.dropDatabase(indexDb);
    server.dropDatabase(streamsDb);
    return results;
}

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The window's reads on SQLite: a stream's index and a deep page of streams."_s);
    parser.addHelpOption();
    const QCommandLineOption events(u"events"_s, u"Events in the long stream."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption streams(u"streams"_s, u"Streams in the second store."_s, u"N"_s, u"100000"_s);
    const QCommandLineOption offset(u"offset"_s, u"Offset of the page."_s, u"N"_s, u"90000"_s);
    const QCommandLineOption page(u"page"_s, u"Rows per page."_s, u"N"_s, u"200"_s);
    const QCommandLineOption reps(u"reps"_s, u"Timed index reads (pages: 10x)."_s, u"N"_s, u"15"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Untimed repetitions first."_s, u"N"_s, u"3"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dir(u"dir"_s, u"Folder for the temporary store files."_s, u"DIR"_s);
    const QCommandLineOption conninfo(
        u"conninfo"_s, conninfoHelp() + u" Optional: also measures PostgreSQL."_s, u"CONNINFO"_s);
    parser.addOptions({events, streams, offset, page, reps, warmup, out, dir, conninfo});
    parser.process(app);
    Config config;
    config.events = numberOption(parser, events, 1, 100000000);
    config.streams = numberOption(parser, streams, 1, 100000000);
    config.offset = numberOption(parser, offset, 0, 100000000);
    config.page = numberOption(parser, page, 1, 100000);
    config.reps = int(numberOption(parser, reps, 1, 100000));
    config.warmup = int(numberOption(parser, warmup, 0, 100000));
    config.out = parser.value(out);
    config.dir = parser.value(dir);
    config.conninfo = parser.value(conninfo);
    return config;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false"_s);
    const Config config = parseArguments(app);
    const QTemporaryDir folder = makeWorkFolder(config.dir);
    const QString indexPath = folder.filePath(u"index.flashback"_s);
    const QString streamsPath = folder.filePath(u"streams.flashback"_s);
    const QString oldPath = folder.filePath(u"streams-v2.flashback"_s);

    QTextStream out(stdout);
    out << "bench_streamindex: " << config.events << " events in one stream, " << config.streams
        << " streams, files in " << folder.path() << Qt::endl;
    const Stopwatch writing;
    writeLongStream(
        *openStore(indexPath, storeOptions(StoreOptions::OpenMode::CreateIfMissing)), config.events, u"long"_s);
    writeManyStreams(*openStore(streamsPath, storeOptions(StoreOptions::OpenMode::CreateIfMissing)), config.streams, 4);
    // Schema 2 as it was: a copy without the indexes of migration 0003.
    if (!QFile::copy(streamsPath, oldPath))
        fail(u"cannot copy "_s + streamsPath);
    {
        RawSqlite old(oldPath);
        old.exec("DROP INDEX streams_by_last_occurred_at; DROP INDEX streams_by_created_at; DROP INDEX "
                 "streams_by_revision; DROP INDEX streams_by_last_event_type; DROP INDEX streams_by_aggregate_type; "
                 "DROP INDEX streams_by_stream_id_and_type; PRAGMA user_version = 2; VACUUM");
    }
    out << "wrote the stores in " << QString::number(writing.lapMicros() / 1e6, 'f', 1) << " s" << Qt::endl;

    auto indexStore = openStore(indexPath, storeOptions(StoreOptions::OpenMode::OpenExisting));
    auto streamsStore = openStore(streamsPath, storeOptions(StoreOptions::OpenMode::OpenExisting));
    auto oldStore = openStore(oldPath, storeOptions(StoreOptions::OpenMode::OpenExisting, true));

    // The index.
    RawIndex rawIndex(indexPath, "long");
    qint64 bytes = 0;
    std::vector<Side> indexSides;
    indexSides.push_back({u"index"_s, u"raw sqlite3 into three vectors"_s,
        [&] {
            if (rawIndex.run() != config.events)
                fail(u"raw baseline: wrong event count"_s);
        },
        {}});
    indexSides.push_back({u"index"_s, u"readStreamIndex"_s,
        [&] {
            auto index = indexStore->readStreamIndex(u"long"_s);
            if (!index)
                fail(index.error().toString());
            if (index->size() != config.events || index->typeNames.size() != 4)
                fail(u"unexpected index: %1 events, %2 types"_s.arg(index->size()).arg(index->typeNames.size()));
            bytes = index->bytes();
        },
        {}});
    measure(indexSides, config.reps, config.warmup);

    // Pages.
    RawSqlite rawStreams(streamsPath);
    std::vector<std::unique_ptr<RawPage>> rawPages;
    std::vector<Side> pageSides;
    const qint64 expectedRows = std::clamp<qint64>(config.streams - config.offset, 0, config.page);
    const auto page = [&](EventStore& store, StreamQuery query, qint64 rows) {
        auto streams = store.queryStreams(query);
        if (!streams)
            fail(streams.error().toString());
        if (streams->size() != rows)
            fail(u"unexpected page: %1 rows"_s.arg(streams->size()));
    };
    for (const auto& [sort, name] : Sorts) {
        StreamQuery query;
        query.sort = sort;
        query.offset = config.offset;
        query.limit = config.page;
        rawPages.push_back(std::make_unique<RawPage>(rawStreams, sort, config.offset, config.page));
        RawPage* raw = rawPages.back().get();
        const QString group = QString::fromLatin1(name);
        pageSides.push_back({group, u"raw sqlite3"_s,
            [raw, expectedRows] {
                if (raw->run() != expectedRows)
                    fail(u"raw baseline: unexpected page"_s);
            },
            {}});
        pageSides.push_back({group, u"queryStreams"_s, [&, query] { page(*streamsStore, query, expectedRows); }, {}});
    }
    StreamQuery oldQuery;
    oldQuery.offset = config.offset;
    oldQuery.limit = config.page;
    pageSides.push_back({u"last activity"_s, u"queryStreams, schema 2 (no index)"_s,
        [&] { page(*oldStore, oldQuery, expectedRows); }, {}});
    // Filtered, a page at 90% of the matches: one type of five, and a text.
    StreamQuery oneType;
    oneType.aggregateType = u"Order"_s;
    const qint64 typeCount = *streamsStore->countStreams(oneType);
    oneType.offset = typeCount * 9 / 10;
    oneType.limit = config.page;
    const qint64 typeRows = std::clamp<qint64>(typeCount - oneType.offset, 0, config.page);
    pageSides.push_back(
        {u"last activity, one type"_s, u"queryStreams"_s, [&] { page(*streamsStore, oneType, typeRows); }, {}});
    StreamQuery oneTypeById = oneType;
    oneTypeById.sort = StreamSort::StreamId;
    pageSides.push_back(
        {u"stream id, one type"_s, u"queryStreams"_s, [&] { page(*streamsStore, oneTypeById, typeRows); }, {}});
    StreamQuery text;
    text.text = u"ab"_s; // in about one stream id (UUID text) in eight, in no aggregate type
    const qint64 textCount = *streamsStore->countStreams(text);
    text.offset = textCount * 9 / 10;
    text.limit = config.page;
    const qint64 textRows = std::clamp<qint64>(textCount - text.offset, 0, config.page);
    pageSides.push_back(
        {u"last activity, text"_s, u"queryStreams"_s, [&] { page(*streamsStore, text, textRows); }, {}});
    pageSides.push_back({u"count"_s, u"countStreams, no filter"_s,
        [&] {
            if (*streamsStore->countStreams({}) != config.streams)
                fail(u"unexpected count"_s);
        },
        {}});
    pageSides.push_back({u"count"_s, u"countStreams, text"_s,
        [&] {
            if (*streamsStore->countStreams(text) != textCount)
                fail(u"unexpected count"_s);
        },
        {}});
    pageSides.push_back({u"types"_s, u"aggregateTypes"_s,
        [&] {
            if (streamsStore->aggregateTypes()->size() != 5)
                fail(u"unexpected types"_s);
        },
        {}});
    measure(pageSides, config.reps * 10, config.warmup);

    const auto ms = [](double micros) { return QString::number(micros / 1000.0, 'f', 2); };
    out << "\n## Stream index and stream pages\n\n"
        << "SQLite, " << versionsText() << "; " << config.reps << " index reads and " << config.reps * 10
        << " of everything else per side, after " << config.warmup << " untimed, interleaved. Milliseconds.\n\n"
        << "| read | side | median | p90 | max |\n|---|---|---:|---:|---:|\n";
    QJsonArray results;
    for (const std::vector<Side>* group : {&indexSides, &pageSides}) {
        for (const Side& side : *group) {
            const Percentiles stats = percentiles(side.micros);
            out << "| " << side.group << " | " << side.name << " | " << ms(stats.p50) << " | " << ms(stats.p90) << " | "
                << ms(stats.max) << " |\n";
            QJsonObject entry = toJson(stats);
            entry.insert(u"read"_s, side.group);
            entry.insert(u"side"_s, side.name);
            results.append(entry);
        }
    }
    const double indexRatio = median(indexSides[1].micros) / median(indexSides[0].micros);
    out << "\nIndex of " << grouped(double(config.events)) << " events: " << grouped(double(bytes)) << " bytes ("
        << QString::number(double(bytes) / double(config.events), 'f', 1) << " an event), store/raw at the median "
        << QString::number(indexRatio, 'f', 2) << "x. Pages of " << config.page << " at offset " << config.offset
        << " of " << config.streams << " streams; one type: offset " << oneType.offset << " of " << typeCount
        << "; text \"" << text.text << "\": offset " << text.offset << " of " << textCount << ".\n\n";

    if (!config.conninfo.isEmpty()) {
        const QJsonArray postgres = measurePostgres(config, out);
        for (const QJsonValue& entry : postgres)
            results.append(entry);
    }
    QJsonObject result {{u"benchmark"_s, u"streamindex"_s}, {u"events"_s, config.events},
        {u"streams"_s, config.streams}, {u"offset"_s, config.offset}, {u"page"_s, config.page},
        {u"reps"_s, config.reps}, {u"index_bytes"_s, bytes}, {u"ratio_index_store_to_raw"_s, indexRatio},
        {u"results"_s, results}};
    addVersions(result);
    writeResult(out, result, config.out);
    return 0;
}
