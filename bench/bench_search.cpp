// SPDX-License-Identifier: GPL-3.0-or-later
// bench_search: search across a whole store, SQLite or PostgreSQL (issue 11's speed targets), each figure beside
// the thing it replaces or the floor it stands on, measured in the same run.
//
// Usage:
//   bench_search [--events N] [--reps N] [--append-seconds S] [--background-rest R] [--out FILE] [--dir DIR]
//                [--conninfo CONNINFO]
//     --events          events in the store (default 1000000): users of ~50 events each
//     --reps            timed repetitions of each query (default 21)
//     --append-seconds  how long each side of the append comparison runs (default 10)
//     --background-rest the following projection's rest while outrun, in batch times (default: as shipped)
//     --out             also write the JSON result block to FILE
//     --dir             folder for the temporary store files and documents (default: the system temp folder)
//     --conninfo        measure PostgreSQL instead: the store in a database this run creates on that server
//                       (dropped at the end)
//
// The store: users created with an email (first.last<i>@example.com) and a username (first.last<i>), logins from
// IPs, renames with a reason, some deletions with one of three reasons, written through commit() in batches of
// 1,000 (Durability::Normal), before any clock starts.
// Figures:
//   index      the search_index projection catching up from zero (ProjectionRunner::catchUp, batches of 500),
//              in events/s, beside the raw floor: the same documents (built before the clock) inserted with
//              sqlite3 into an identical table with the same FTS5 table and triggers, 500 rows a transaction, in
//              the same file (the index file beside the store, `<store>-search`).
//   queries    the first page (50 hits, newest first) of EventSearch for one email address, a username prefix
//              and a word of a reason, the index caught up; beside the payload scan the index replaces
//              (readAll with EventFilter::text, newest first, until 50 matches or the start of the log).
//   appends    100-event commits for --append-seconds, alone, beside a thread that only computes (what any busy
//              neighbour costs on these cores), and with the projection following in another thread
//              (ProjectionRunner::follow on its own connection, caught up first) without resting and as shipped
//              (resting while the appends outrun it), interleaved three times: commits per second, commits
//              refused with StoreBusy, the slowest commit, and how far behind the index was at the end.
#include "benchsupport.h"
#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "pgbenchsupport.h"
#include "projections/projectionrunner.h"
#include "readmodels/readmodelsql.h"
#include "search/eventsearch.h"
#include "search/searchdocument.h"
#include "search/searchindexprojection.h"
#include "searchfloors.h"
#include "store/postgres/postgreseventstore.h"
#include "store/sqlite/sqliteeventstore.h"
#include "store/sqlite/sqlitereadmodelfiles.h"
#include "util/uuid.h"
#include "windowstores.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTextStream>
#include <QThread>

#include <atomic>
#include <functional>
#include <thread>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

const QStringList Reasons {
    u"User requested account deletion"_s, u"Duplicate account"_s, u"Fraud suspected by risk team"_s};

StoreOptions options(bool create)
{
    StoreOptions o;
    o.mode = create ? StoreOptions::OpenMode::CreateIfMissing : StoreOptions::OpenMode::OpenExisting;
    o.durability = StoreOptions::Durability::Normal;
    return o;
}

std::unique_ptr<EventStore> openSqlite(const QString& path, bool create)
{
    auto store = SqliteEventStore::open(path, options(create));
    if (!store)
        fail(store.error().toString());
    return std::move(store).value();
}

/// Where the store is: a SQLite file, or a database of its own on the --conninfo server (dropped at exit).
struct Backend {
    QString name;
    std::function<std::unique_ptr<EventStore>(bool create)> open;
    std::function<double(DocumentFile&, TextIndexKind)> rawIndexRate;
    std::function<void()> settle = [] {}; ///< Between phases, outside any clock: PostgreSQL checkpoints.
    std::shared_ptr<PgServer> server;
};

Backend sqliteBackend(const QString& path)
{
    Backend backend;
    backend.name = u"SQLite"_s;
    backend.open = [path](bool create) { return openSqlite(path, create); };
    // Into the file the projection writes (the index file beside the store), so both pay for the same file.
    backend.rawIndexRate = [path](DocumentFile& documents, TextIndexKind) {
        return rawSqliteIndexRate(SqliteReadModelFiles::indexPath(path), documents);
    };
    return backend;
}

Backend postgresBackend(const QString& conninfo)
{
    Backend backend;
    backend.server = std::make_shared<PgServer>(conninfo);
    const QString database = backend.server->createDatabase(u"search"_s);
    const QString address = backend.server->conninfo(database, u"bench_search"_s);
    backend.name = u"PostgreSQL ("_s + PgServer::describe(backend.server->settings(database)) + u')';
    backend.open = [address](bool create) -> std::unique_ptr<EventStore> {
        auto store = PostgresEventStore::open(address, options(create));
        if (!store)
            fail(store.error().toString());
        return std::move(store).value();
    };
    backend.rawIndexRate = [address](DocumentFile& documents, TextIndexKind kind) {
        return rawPostgresIndexRate(address, kind, documents);
    };
    backend.settle = [server = backend.server, address] {
        RawPg(address).exec("VACUUM ANALYZE");
        server->checkpoint();
    };
    return backend;
}

NewEvent userEvent(IdGenerator& ids, const QString& type, Timestamp at, QByteArray data, const QString& actor,
    const QString& reason = {})
{
    NewEvent event;
    event.eventId = ids.newV7(at);
    event.type = type;
    event.occurredAt = at;
    event.data = std::move(data);
    event.metadata.actor = actor;
    event.metadata.reason = reason;
    event.metadata.commandId = uuidText(ids.newV4());
    event.metadata.correlationId = event.metadata.commandId;
    return event;
}

/// The events of user `i`: created, logins, now and then a rename or a deletion. About 50 events.
QList<NewEvent> userHistory(IdGenerator& ids, int i, Timestamp& at)
{
    const QByteArray name = "user" + QByteArray::number(i);
    const QByteArray email = "first.last" + QByteArray::number(i) + "@example.com";
    QList<NewEvent> events;
    events.append(userEvent(ids, u"USER_CREATED"_s, at,
        "{\"email\":\"" + email + "\",\"username\":\"first.last" + QByteArray::number(i)
            + "\",\"first_name\":\"First\",\"last_name\":\"" + name + "\",\"password_hash\":\"pbkdf2_sha256$1000$"
            + QByteArray::number(i * 7919) + "\"}",
        u"signup-service"_s));
    const QString self = QString::fromLatin1(email);
    for (int n = 0; n < 47; ++n) {
        at = at.addMicros(61'000'000);
        events.append(userEvent(ids, u"USER_LOGGED_IN"_s, at,
            "{\"ip\":\"10." + QByteArray::number(i % 256) + '.' + QByteArray::number(i / 256 % 256) + '.'
                + QByteArray::number(n) + "\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\"}",
            self));
    }
    if (i % 7 == 0) {
        events.append(userEvent(ids, u"USER_NAME_CHANGED"_s, at, "{\"first_name\":\"Firsta\"}", u"admin@company.com"_s,
            u"Fixing a typo in the first name"_s));
    }
    if (i % 13 == 0) {
        const QString reason = Reasons.at(i % Reasons.size());
        events.append(userEvent(
            ids, u"USER_DELETED"_s, at, "{\"reason\":\"" + reason.toUtf8() + "\"}", u"admin@company.com"_s, reason));
    }
    return events;
}

/// Writes about `events` events; returns the number of users.
int writeStore(EventStore& store, qint64 events)
{
    IdGenerator ids;
    Timestamp at = *Timestamp::parse(u"2025-01-06T08:00"_s);
    qint64 written = 0;
    int users = 0;
    UnitOfWork work;
    qint64 inWork = 0;
    while (written < events) {
        QList<NewEvent> history = userHistory(ids, users, at);
        written += history.size();
        inWork += history.size();
        work.appends.append({u"user-%1"_s.arg(users), u"User"_s, ExpectedRevision::noStream(), history, {}});
        ++users;
        if (inWork >= 1000) {
            commit(store, work);
            work = {};
            inWork = 0;
        }
    }
    if (!work.appends.isEmpty())
        commit(store, work);
    return users;
}

double timeMs(const std::function<void()>& run)
{
    const auto start = Clock::now();
    run();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

QJsonObject stats(std::vector<double> values)
{
    const double mid = median(values);
    std::sort(values.begin(), values.end());
    return {{u"median_ms"_s, mid}, {u"min_ms"_s, values.front()}, {u"max_ms"_s, values.back()},
        {u"n"_s, qint64(values.size())}};
}

/// Work for one core and nothing else (no store, little memory) until `stop`.
void spin(const std::atomic<bool>& stop)
{
    QByteArray block(4096, 'x');
    while (!stop.load(std::memory_order_relaxed))
        block = QCryptographicHash::hash(block, QCryptographicHash::Sha256).repeated(128);
}

struct AppendRun {
    double commitsPerSecond = 0;
    qint64 busy = 0; ///< Commits refused with StoreBusy (the write lock held past the busy timeout).
    double longestMs = 0; ///< The slowest commit, refused ones included.
};

/// Commits of 100 events to a stream of its own for `seconds`.
AppendRun appendRate(EventStore& store, double seconds, const QString& stream)
{
    IdGenerator ids;
    Timestamp at = *Timestamp::parse(u"2026-01-01T00:00"_s);
    AppendRun run;
    qint64 commits = 0;
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        UnitOfWork work;
        QList<NewEvent> events;
        for (int n = 0; n < 100; ++n) {
            at = at.addMicros(1000);
            events.append(event(ids, u"USER_LOGGED_IN"_s, at, n));
        }
        work.appends.append({stream, u"User"_s, ExpectedRevision::any(), events, {}});
        const auto before = Clock::now();
        auto committed = store.commit(work);
        run.longestMs
            = std::max(run.longestMs, std::chrono::duration<double, std::milli>(Clock::now() - before).count());
        if (committed)
            ++commits;
        else if (committed.error().kind == ErrorKind::StoreBusy)
            ++run.busy;
        else
            fail(committed.error().toString());
    }
    run.commitsPerSecond = double(commits) / std::chrono::duration<double>(Clock::now() - start).count();
    return run;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false\nflashback.*.info=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption eventsOption(u"events"_s, u"Events in the store."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption repsOption(u"reps"_s, u"Repetitions of each query."_s, u"N"_s, u"21"_s);
    const QCommandLineOption appendOption(u"append-seconds"_s, u"Seconds per append side."_s, u"S"_s, u"10"_s);
    const QCommandLineOption restOption(u"background-rest"_s,
        u"The following projection's rest after each batch while outrun, in batch times (default: as shipped)."_s,
        u"R"_s);
    const QCommandLineOption outOption(u"out"_s, u"Also write the JSON here."_s, u"FILE"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Folder for the stores and the documents."_s, u"DIR"_s);
    const QCommandLineOption conninfoOption(
        u"conninfo"_s, conninfoHelp() + u" Optional: measures PostgreSQL instead of SQLite."_s, u"CONNINFO"_s);
    parser.addOptions({eventsOption, repsOption, appendOption, restOption, outOption, dirOption, conninfoOption});
    parser.addHelpOption();
    parser.process(app);
    const qint64 events = numberOption(parser, eventsOption, 1000, 100000000);
    const int reps = int(numberOption(parser, repsOption, 1, 1000));
    const double appendSeconds = double(numberOption(parser, appendOption, 1, 3600));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTemporaryDir work = makeWorkFolder(parser.value(dirOption));
    const Backend backend = parser.isSet(conninfoOption) ? postgresBackend(parser.value(conninfoOption))
                                                         : sqliteBackend(work.filePath(u"search.flashback"_s));

    err << "writing about " << grouped(double(events)) << " events to " << backend.name << "…\n" << Qt::flush;
    int users = 0;
    {
        auto store = backend.open(true);
        users = writeStore(*store, events);
    }
    backend.settle();
    auto store = backend.open(false);
    const qint64 head = *store->headPosition();
    const DomainCatalog& catalog = DomainCatalog::builtin();

    err << "building the documents for the raw floor…\n" << Qt::flush;
    DocumentFile documents(work.filePath(u"documents.bin"_s));
    documents.build(*store);

    err << "indexing: the projection, then the raw floor…\n" << Qt::flush;
    ProjectionRunnerOptions runnerOptions;
    runnerOptions.batchSize = 500;
    if (parser.isSet(restOption)) {
        bool ok = false;
        runnerOptions.backgroundRest = parser.value(restOption).toDouble(&ok);
        if (!ok || runnerOptions.backgroundRest < 0 || runnerOptions.backgroundRest > 100)
            fail(u"--background-rest takes a number from 0 to 100."_s);
    }
    double projectionSeconds = 0;
    {
        ProjectionRunner runner(*store, {std::make_shared<SearchIndexProjection>()}, runnerOptions, catalog);
        projectionSeconds = timeMs([&] {
            if (auto report = runner.catchUp(); !report)
                fail(report.error().toString());
        }) / 1000.0;
    }
    const double projectionRate = double(head) / projectionSeconds;
    backend.settle();
    const double rawRate = backend.rawIndexRate(documents, store->readModels().textIndex());
    backend.settle();

    // Queries: the index beside the payload scan it replaces, interleaved.
    err << "queries…\n" << Qt::flush;
    const int target = users / 2 + 3; // a user in the middle of the log
    struct Query {
        QString name;
        QString typed;
        QString substring; // what `log --text` would have been given
    };
    const QList<Query> queries {
        {u"email"_s, u"first.last%1@example.com"_s.arg(target), u"first.last%1@example.com"_s.arg(target)},
        {u"username prefix"_s, u"first.last%1*"_s.arg(target / 10), u"first.last%1"_s.arg(target / 10)},
        {u"word of a reason"_s, u"fraud"_s, u"fraud"_s},
    };
    EventSearch search(*store, catalog.upcasters(), SearchIndexProjection().maskedKeys());
    QJsonArray queryResults;
    bool queriesMet = true;
    for (const Query& query : queries) {
        SearchQuery asked;
        asked.text = TextQuery::parse(query.typed);
        asked.limit = 50;
        ReadAllOptions scan;
        scan.direction = ReadDirection::Backward;
        scan.limit = 50;
        scan.filter.text = query.substring;
        std::vector<double> indexed, scanned;
        qint64 hits = 0, scanHits = 0;
        for (int rep = 0; rep < reps + 2; ++rep) {
            const double a = timeMs([&] {
                auto page = search.search(asked);
                if (!page)
                    fail(page.error().toString());
                hits = page->hits.size();
            });
            const double b = timeMs([&] {
                auto page = store->readAll(scan);
                if (!page)
                    fail(page.error().toString());
                scanHits = page->size();
            });
            if (rep >= 2) { // two warm-ups
                indexed.push_back(a);
                scanned.push_back(b);
            }
        }
        const double mid = median(indexed);
        queriesMet = queriesMet && mid <= 100;
        queryResults.append(QJsonObject {{u"query"_s, query.name}, {u"typed"_s, query.typed}, {u"hits"_s, hits},
            {u"index"_s, stats(indexed)}, {u"payload_scan"_s, stats(scanned)}, {u"payload_scan_hits"_s, scanHits},
            {u"speedup"_s, median(scanned) / mid}, {u"target_ms"_s, 100}, {u"met"_s, mid <= 100}});
    }

    // Appends alone, beside a thread that only computes (the cost of any busy neighbour on this machine's cores,
    // which the projection cannot be cheaper than), with the projection following on its own connection without
    // resting, and following as shipped (resting while the appends outrun it, backgroundRest), interleaved:
    // A B C D A B C D A B C D.
    err << "appends: alone, beside a busy thread, with the projection following (never resting, as shipped)…\n"
        << Qt::flush;
    std::vector<AppendRun> alone, following, followingUnrested, besideBusy;
    std::vector<qint64> behindAtEnd, unrestedBehindAtEnd;
    // Appends beside the projection following with `options`; how far behind the head it was at the end.
    const auto beside = [&](const ProjectionRunnerOptions& options, std::vector<AppendRun>& runs,
                            std::vector<qint64>& behind, const QString& stream) {
        // The projection first catches up with what was appended before, outside the clock: the comparison is
        // appends beside a projection that has kept up so far, not beside a backlog.
        {
            ProjectionRunner runner(*store, {std::make_shared<SearchIndexProjection>()}, runnerOptions, catalog);
            if (auto report = runner.catchUp(); !report)
                fail(report.error().toString());
        }
        std::atomic<bool> stop = false;
        std::thread follower([&] {
            auto own = backend.open(false);
            ProjectionRunner runner(*own, {std::make_shared<SearchIndexProjection>()}, options, catalog);
            if (auto status = runner.follow(stop); !status)
                fail(status.error().toString());
        });
        runs.push_back(appendRate(*store, appendSeconds, stream));
        const qint64 headNow = store->headPosition().value();
        const qint64 indexed = store->readModels().checkpoint(SearchIndexProjection::Name).value().position;
        behind.push_back(headNow - indexed);
        stop = true;
        follower.join();
    };
    ProjectionRunnerOptions unrested = runnerOptions;
    unrested.backgroundRest = 0;
    for (int round = 0; round < 3; ++round) {
        alone.push_back(appendRate(*store, appendSeconds, u"append-alone"_s));
        {
            std::atomic<bool> stop = false;
            std::thread busy([&] { spin(stop); });
            besideBusy.push_back(appendRate(*store, appendSeconds, u"append-busy"_s));
            stop = true;
            busy.join();
        }
        beside(unrested, followingUnrested, unrestedBehindAtEnd, u"append-following-unrested"_s);
        beside(runnerOptions, following, behindAtEnd, u"append-following"_s);
    }
    auto rates = [](const std::vector<AppendRun>& runs) {
        std::vector<double> values;
        for (const AppendRun& run : runs)
            values.push_back(run.commitsPerSecond);
        return values;
    };
    auto runsJson = [](const std::vector<AppendRun>& runs) {
        QJsonArray array;
        for (const AppendRun& run : runs)
            array.append(QJsonObject {{u"commits_per_s"_s, run.commitsPerSecond}, {u"busy_refusals"_s, run.busy},
                {u"longest_commit_ms"_s, run.longestMs}});
        return array;
    };
    const double appendRatio = median(rates(following)) / median(rates(alone));
    const auto positions = [](const std::vector<qint64>& values) {
        QJsonArray array;
        for (const qint64 value : values)
            array.append(value);
        return array;
    };
    const double busyRatio = median(rates(besideBusy)) / median(rates(alone));

    QJsonObject result {
        {u"benchmark"_s, u"bench_search"_s},
        {u"backend"_s, backend.name},
        {u"index_kind"_s, textIndexName(store->readModels().textIndex())},
        {u"events"_s, head},
        {u"users"_s, users},
        {u"index"_s,
            QJsonObject {{u"projection_events_per_s"_s, projectionRate}, {u"raw_insert_events_per_s"_s, rawRate},
                {u"ratio"_s, projectionRate / rawRate}, {u"target_ratio"_s, 0.5},
                {u"met"_s, projectionRate / rawRate >= 0.5}}},
        {u"queries"_s, queryResults},
        {u"queries_met"_s, queriesMet},
        {u"appends"_s,
            QJsonObject {{u"alone"_s, runsJson(alone)}, {u"following"_s, runsJson(following)},
                {u"beside_busy_thread"_s, runsJson(besideBusy)}, {u"ratio_following_to_alone"_s, appendRatio},
                {u"ratio_busy_thread_to_alone"_s, busyRatio},
                {u"ratio_following_to_busy_thread"_s, median(rates(following)) / median(rates(besideBusy))},
                {u"following_unrested"_s, runsJson(followingUnrested)},
                {u"ratio_following_unrested_to_alone"_s, median(rates(followingUnrested)) / median(rates(alone))},
                {u"index_behind_at_end"_s, positions(behindAtEnd)},
                {u"index_behind_at_end_unrested"_s, positions(unrestedBehindAtEnd)},
                {u"background_rest"_s, runnerOptions.backgroundRest}, {u"events_per_commit"_s, 100}}},
    };
    addVersions(result);
    writeResult(out, result, parser.value(outOption));
    return 0;
}
