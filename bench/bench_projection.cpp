// SPDX-License-Identifier: GPL-3.0-or-later
// bench_projection: rebuilding the audit_log projection over a large log with ProjectionRunner::rebuild() on the
// SQLite store, against plain sqlite3 doing the same work on the same machine in the same run.
//
// Usage:
//   bench_projection [--events N] [--streams S] [--batch B] [--runs R] [--out FILE] [--dir DIR]
//     --events   events in the log (default 1000000)
//     --streams  User streams they belong to (default 10000)
//     --batch    events per projection batch, one transaction each, on both sides (default 500, the runner's)
//     --runs     repetitions, each on fresh copies; medians are reported (default 3)
//     --out      also write the JSON result block to FILE
//     --dir      folder for the temporary store files (default: the system temp folder)
//
// Before any clock starts, a template store is written through SqliteEventStore::commit (a User history: see
// projectionworkload.h) and audit_log is caught up on it, so a rebuild finds a live copy at the head, as in use.
// Every run copies the template twice and times, on its own copy:
//   raw    the sqlite3 C API: create the audit table with the same columns and indexes (the DDL the store
//          generates), then per batch BEGIN IMMEDIATE, SELECT the next events in position order (joined with
//          their streams, as the store reads them), parse data and metadata with QJsonDocument, compute the same
//          row (times as ISO text, actor, reason, the one-line summary from the same eventSummary()), INSERT it
//          with the same upsert statement, move a checkpoint row, COMMIT. This is the floor for the work.
//   store  ProjectionRunner::rebuild("audit_log") with Durability::Normal: the shadow copy built from zero, then
//          swapped in (which drops the old copy; reported separately as "swap").
// Afterwards (not timed) the two tables are compared row by row, so both sides provably did the same work.
// The figure to watch is store/raw events per second (target 0.5).
#include "benchsupport.h"
#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "projections/auditlogprojection.h"
#include "projections/eventsummary.h"
#include "projections/projectionrunner.h"
#include "projectionworkload.h"
#include "readmodels/readmodelsql.h"
#include "store/sqlite/sqliteeventstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTextStream>

#include <limits>
#include <vector>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Config {
    qint64 events = 1000000;
    int streams = 10000;
    int batch = 500;
    int runs = 3;
    QString out;
    QString dir;
};

constexpr int EventsPerAppend = 10;
constexpr qint64 AppendsPerCommit = 1000;

StoreOptions storeOptions(StoreOptions::OpenMode mode)
{
    StoreOptions options;
    options.mode = mode;
    options.durability = StoreOptions::Durability::Normal;
    return options;
}

/// Writes the log and catches audit_log up on it; returns the seconds each took.
std::pair<double, double> writeTemplate(const QString& path, const Config& config)
{
    auto store = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::CreateIfMissing));
    if (!store)
        fail(store.error().toString());
    const ProjectionWorkload workload(config.events, config.streams, EventsPerAppend);
    const Stopwatch writing;
    for (qint64 first = 0; first < workload.appendCount(); first += AppendsPerCommit) {
        if (auto committed = (*store)->commit(workload.appends(first, AppendsPerCommit)); !committed)
            fail(committed.error().toString());
    }
    const double written = writing.lapMicros() / 1e6;
    const Stopwatch catching;
    ProjectionRunnerOptions options;
    options.batchSize = config.batch;
    ProjectionRunner runner(**store, {std::make_shared<AuditLogProjection>()}, options);
    auto run = runner.catchUp();
    if (!run || run->eventsHandled() != config.events)
        fail(run ? u"the catch-up handled %1 events"_s.arg(run->eventsHandled()) : run.error().toString());
    return {written, catching.lapMicros() / 1e6};
}

void copyStore(const QString& from, const QString& to)
{
    removeStoreFiles(to);
    for (const auto& suffix : {u""_s, u"-wal"_s}) {
        if (QFile::exists(from + suffix) && !QFile::copy(from + suffix, to + suffix))
            fail(u"cannot copy "_s + from + suffix);
    }
}

QByteArray text(sqlite3_stmt* statement, int column)
{
    return QByteArray::fromRawData(
        reinterpret_cast<const char*>(sqlite3_column_text(statement, column)), sqlite3_column_bytes(statement, column));
}

QByteArray blob(sqlite3_stmt* statement, int column)
{
    return QByteArray::fromRawData(
        static_cast<const char*>(sqlite3_column_blob(statement, column)), sqlite3_column_bytes(statement, column));
}

void bindTextOrNull(sqlite3_stmt* statement, int index, const QString& value, QByteArray& keep)
{
    if (value.isEmpty()) {
        sqlite3_bind_null(statement, index);
        return;
    }
    keep = value.toUtf8();
    RawSqlite::bindText(statement, index, keep);
}

/// Seconds the raw baseline takes for the whole rebuild.
double runRaw(const QString& path, const Config& config)
{
    RawSqlite db(path);
    const ReadModelSql sql(SqlDialect::Sqlite);
    const ReadModelTable table = auditLogReadModel().tables.constFirst();
    const QString physical = ReadModelSql::physicalName(u"audit_log"_s, table.name, 99);
    const QStringList maskedKeys = DomainCatalog::builtin().maskedFields();
    Stopwatch clock;
    clock.start();
    db.exec("BEGIN IMMEDIATE");
    for (const QString& statement : sql.create(table, physical).value())
        db.exec(statement.toUtf8().constData());
    db.exec("COMMIT");
    sqlite3_stmt* begin = db.prepare("BEGIN IMMEDIATE");
    sqlite3_stmt* commit = db.prepare("COMMIT");
    sqlite3_stmt* read = db.prepare("SELECT e.position, e.event_id, s.stream_id, s.aggregate_type, e.revision, e.type, "
                                    "e.schema_version, e.occurred_at, e.recorded_at, e.data, e.metadata FROM events e "
                                    "JOIN streams s ON s.stream_pk = e.stream_pk WHERE e.position > ? "
                                    "ORDER BY e.position LIMIT ?");
    sqlite3_stmt* insert = db.prepare(sql.upsert(table, physical, {})->sql.toUtf8().constData());
    sqlite3_stmt* checkpoint = db.prepare("UPDATE projection_checkpoints SET rebuild_position = ?, "
                                          "events_processed = events_processed + ?, updated_at = ? WHERE name = ?");
    qint64 cursor = 0;
    qint64 handled = 0;
    QByteArray occurredAt, recordedAt, actor, reason, summary;
    for (;;) {
        db.step(begin);
        sqlite3_bind_int64(read, 1, cursor);
        sqlite3_bind_int64(read, 2, config.batch);
        qint64 inBatch = 0;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(read)) == SQLITE_ROW) {
            DecodedEvent event;
            event.position = sqlite3_column_int64(read, 0);
            sqlite3_column_blob(read, 1);
            event.revision = sqlite3_column_int64(read, 4);
            event.type = QString::fromUtf8(text(read, 5));
            event.schemaVersion = event.storedSchemaVersion = sqlite3_column_int(read, 6);
            event.occurredAt = Timestamp::fromMicros(sqlite3_column_int64(read, 7));
            event.data = QJsonDocument::fromJson(blob(read, 9)).object();
            event.metadataJson = QByteArray(blob(read, 10));
            const QJsonObject metadata = QJsonDocument::fromJson(event.metadataJson).object();
            QString why = metadata.value("reason"_L1).toString();
            if (why.isEmpty())
                why = event.data.value("reason"_L1).toString();

            sqlite3_bind_int64(insert, 1, event.position);
            occurredAt = event.occurredAt.toIso().toUtf8();
            RawSqlite::bindText(insert, 2, occurredAt);
            recordedAt = Timestamp::fromMicros(sqlite3_column_int64(read, 8)).toIso().toUtf8();
            RawSqlite::bindText(insert, 3, recordedAt);
            RawSqlite::bindText(insert, 4, text(read, 2));
            RawSqlite::bindText(insert, 5, text(read, 3));
            sqlite3_bind_int64(insert, 6, event.revision);
            RawSqlite::bindText(insert, 7, text(read, 5));
            bindTextOrNull(insert, 8, metadata.value("actor"_L1).toString(), actor);
            bindTextOrNull(insert, 9, why, reason);
            summary = eventSummary(event, maskedKeys).toUtf8();
            RawSqlite::bindText(insert, 10, summary);
            db.step(insert);
            cursor = event.position;
            ++inBatch;
        }
        if (rc != SQLITE_DONE)
            db.failWithError();
        sqlite3_reset(read);
        if (inBatch == 0) {
            db.step(commit);
            break;
        }
        handled += inBatch;
        sqlite3_bind_int64(checkpoint, 1, cursor);
        sqlite3_bind_int64(checkpoint, 2, inBatch);
        sqlite3_bind_int64(checkpoint, 3, Timestamp::now().micros());
        sqlite3_bind_text(checkpoint, 4, "audit_log", -1, SQLITE_STATIC);
        db.step(checkpoint);
        db.step(commit);
    }
    clock.stop();
    if (handled != config.events)
        fail(u"the raw baseline handled %1 events"_s.arg(handled));
    return clock.totalSeconds();
}

struct StoreTimes {
    double total = 0; ///< rebuild(), start to end.
    double swap = 0; ///< After the last batch: swapping the copy in and dropping the old one.
};

StoreTimes runStore(const QString& path, const Config& config)
{
    auto store = SqliteEventStore::open(path, storeOptions(StoreOptions::OpenMode::OpenExisting));
    if (!store)
        fail(store.error().toString());
    ProjectionRunnerOptions options;
    options.batchSize = config.batch;
    Stopwatch lastBatch;
    options.onBatch = [&lastBatch](const BatchReport&) { lastBatch.start(); };
    ProjectionRunner runner(**store, {std::make_shared<AuditLogProjection>()}, options);
    Stopwatch clock;
    clock.start();
    auto report = runner.rebuild(u"audit_log"_s);
    clock.stop();
    const double sinceLastBatch = lastBatch.lapMicros() / 1e6;
    if (!report || !report->rebuildFinished || report->eventsHandled != config.events)
        fail(report ? u"the rebuild handled %1 events"_s.arg(report->eventsHandled) : report.error().toString());
    return {clock.totalSeconds(), sinceLastBatch};
}

/// Fails unless the store's live audit table and the raw one hold exactly the same rows.
void compareTables(const QString& storePath, const QString& rawPath)
{
    RawSqlite db(storePath);
    const QByteArray attach = "ATTACH DATABASE '" + QFile::encodeName(rawPath) + "' AS raw";
    db.exec(attach.constData());
    sqlite3_stmt* generation = db.prepare("SELECT generation FROM projection_checkpoints WHERE name = 'audit_log'");
    if (sqlite3_step(generation) != SQLITE_ROW)
        fail(u"no audit_log checkpoint after the rebuild"_s);
    const QString live = ReadModelSql::physicalName(u"audit_log"_s, u"entries"_s, sqlite3_column_int64(generation, 0));
    sqlite3_reset(generation);
    const QString raw = u"raw."_s + ReadModelSql::physicalName(u"audit_log"_s, u"entries"_s, 99);
    const QString sql = u"SELECT (SELECT count(*) FROM %1), (SELECT count(*) FROM %2), (SELECT count(*) FROM "
                        u"(SELECT * FROM %1 EXCEPT SELECT * FROM %2)), (SELECT count(*) FROM (SELECT * FROM %2 "
                        u"EXCEPT SELECT * FROM %1))"_s.arg(live, raw);
    sqlite3_stmt* compare = db.prepare(sql.toUtf8().constData());
    if (sqlite3_step(compare) != SQLITE_ROW)
        db.failWithError();
    const qint64 a = sqlite3_column_int64(compare, 0), b = sqlite3_column_int64(compare, 1);
    const qint64 onlyStore = sqlite3_column_int64(compare, 2), onlyRaw = sqlite3_column_int64(compare, 3);
    sqlite3_reset(compare);
    if (a != b || onlyStore != 0 || onlyRaw != 0)
        fail(u"the audit tables differ: %1 and %2 rows, %3 only in the store's, %4 only in the raw one"_s.arg(a)
                 .arg(b)
                 .arg(onlyStore)
                 .arg(onlyRaw));
}

Config parseArguments(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Rebuilding audit_log: ProjectionRunner against raw sqlite3."_s);
    parser.addHelpOption();
    const QCommandLineOption events(u"events"_s, u"Events in the log."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption streams(u"streams"_s, u"User streams."_s, u"S"_s, u"10000"_s);
    const QCommandLineOption batch(u"batch"_s, u"Events per projection batch."_s, u"B"_s, u"500"_s);
    const QCommandLineOption runs(u"runs"_s, u"Repetitions."_s, u"R"_s, u"3"_s);
    const QCommandLineOption out(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dir(u"dir"_s, u"Folder for the temporary store files."_s, u"DIR"_s);
    parser.addOptions({events, streams, batch, runs, out, dir});
    parser.process(app);

    Config config;
    config.events = numberOption(parser, events, 1, qint64(std::numeric_limits<int>::max()) * 100);
    config.streams = int(numberOption(parser, streams, 1, 100000000));
    config.batch = int(numberOption(parser, batch, 1, 10000000));
    config.runs = int(numberOption(parser, runs, 1, 1000));
    config.out = parser.value(out);
    config.dir = parser.value(dir);
    return config;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false\nflashback.*.info=false"_s);
    const Config config = parseArguments(app);
    const QTemporaryDir folder = makeWorkFolder(config.dir);
    const QString templatePath = folder.filePath(u"template.flashback"_s);

    QTextStream out(stdout);
    out << "bench_projection: " << config.events << " events over " << config.streams << " streams, batches of "
        << config.batch << ", " << config.runs << " runs, files in " << folder.path() << Qt::endl;
    const auto [written, caughtUp] = writeTemplate(templatePath, config); // closed on return: WAL checkpointed
    out << "wrote the log in " << QString::number(written, 'f', 2) << " s; caught audit_log up in "
        << QString::number(caughtUp, 'f', 2) << " s (not timed)" << Qt::endl;

    std::vector<double> rawRates, storeRates, ratios;
    QJsonArray runsJson;
    for (int run = 1; run <= config.runs; ++run) {
        const QString rawPath = folder.filePath(u"raw-%1.flashback"_s.arg(run));
        const QString storePath = folder.filePath(u"store-%1.flashback"_s.arg(run));
        copyStore(templatePath, rawPath);
        copyStore(templatePath, storePath);
        const double rawSeconds = runRaw(rawPath, config);
        const StoreTimes store = runStore(storePath, config);
        compareTables(storePath, rawPath);
        removeStoreFiles(rawPath);
        removeStoreFiles(storePath);
        const double raw = double(config.events) / rawSeconds;
        const double rate = double(config.events) / store.total;
        rawRates.push_back(raw);
        storeRates.push_back(rate);
        ratios.push_back(rate / raw);
        out << "run " << run << ": raw " << grouped(raw) << " events/s (" << QString::number(rawSeconds, 'f', 2)
            << " s), store " << grouped(rate) << " events/s (" << QString::number(store.total, 'f', 2)
            << " s, of which swap " << QString::number(store.swap, 'f', 2) << " s), store/raw "
            << QString::number(rate / raw, 'f', 3) << "; tables equal" << Qt::endl;
        runsJson.append(QJsonObject {{u"run"_s, run}, {u"raw_seconds"_s, rawSeconds}, {u"store_seconds"_s, store.total},
            {u"store_swap_seconds"_s, store.swap}, {u"raw_events_per_s"_s, qRound64(raw)},
            {u"store_events_per_s"_s, qRound64(rate)}, {u"ratio"_s, rate / raw}});
    }

    const double ratioMedian = median(ratios);
    out << "\n## Projection rebuild benchmark\n\n"
        << "audit_log rebuilt over " << config.events << " User events in " << config.streams << " streams, "
        << config.batch << " events per batch (one transaction), WAL, synchronous=NORMAL; " << versionsText()
        << ".\n\n| run | raw events/s | store events/s | store/raw |\n|---:|---:|---:|---:|\n";
    for (size_t i = 0; i < ratios.size(); ++i) {
        out << "| " << i + 1 << " | " << grouped(rawRates[i]) << " | " << grouped(storeRates[i]) << " | "
            << QString::number(ratios[i], 'f', 3) << " |\n";
    }
    out << "| **median** | **" << grouped(median(rawRates)) << "** | **" << grouped(median(storeRates)) << "** | **"
        << QString::number(ratioMedian, 'f', 3) << "** |\n\n"
        << "store/raw in the median row is the median of the per-run ratios.\n"
        << "Target store/raw >= 0.5: " << (ratioMedian >= 0.5 ? "met" : "NOT met") << ".\n\n";

    QJsonObject result {{u"benchmark"_s, u"projection"_s}, {u"projection"_s, u"audit_log"_s},
        {u"events"_s, config.events}, {u"streams"_s, config.streams}, {u"batch"_s, config.batch}, {u"runs"_s, runsJson},
        {u"target_ratio"_s, 0.5},
        {u"median"_s,
            QJsonObject {{u"raw_events_per_s"_s, qRound64(median(rawRates))},
                {u"store_events_per_s"_s, qRound64(median(storeRates))}, {u"ratio"_s, ratioMedian}}}};
    addVersions(result);
    writeResult(out, result, config.out);
    return 0;
}
