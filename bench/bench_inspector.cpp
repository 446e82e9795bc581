// SPDX-License-Identifier: GPL-3.0-or-later
// bench_inspector: the window's five speed targets (issue 10), on the real window offscreen, each figure beside
// its floor measured in the same run.
//
// Usage:
//   QT_QPA_PLATFORM=offscreen bench_inspector [--store FILE] [--streams N] [--max-events N] [--long-events N]
//                                             [--reps N] [--jumps N] [--json] [--out FILE] [--dir DIR]
//                                             [--conninfo CONNINFO]
//     --store       the SQLite store to measure: reused when it exists (it must be one this program wrote with the
//                   same sizes), written there when it does not; default: a fresh one in a temporary folder
//     --streams     streams besides the long one (default 100000)
//     --max-events  each of them has 1 to N events, about N/2 on average (default 19: 1,000,000 in all)
//     --long-events events in the stream "long" (default 1000000)
//     --reps        repetitions of the start, choose and paint figures (default 7; 41 paints per zoom)
//     --jumps       rows jumped to in each list (default 25)
//     --json        print only the JSON document
//     --out         also write the JSON document to FILE
//     --conninfo    also measure PostgreSQL: the same store written to a database this run creates on that server
//                   (dropped at the end), the window opening it by its conninfo (read-only, as by default), and
//                   the floors on raw libpq
//
// What is measured (milliseconds; medians, with min and max):
//   start     a new process of this program (--child-start) runs what app/gui/main.cpp runs (QApplication,
//             MainWindow, StoreController::openAddress) and reports when the Streams pane has painted rows with
//             their data; the parent times it from QProcess::start to that line. Floor: a new process (--child-floor)
//             that makes a QApplication and runs the first page's SQL on raw sqlite3.
//   choose    in this process's window: a click on the row of "long" in the Streams pane (sorted by event count) until
//             the timeline has painted its 1,000,000 events. Floor: the same compact-index SQL on raw sqlite3 (on
//             PostgreSQL: raw libpq, binary, one result).
//   paint     one synchronous repaint of the timeline's viewport with "long" open, fitted, zoomed in 10x, 1000x and
//             1,000,000x, and by revision. Floor: the same paints with "other" (one event per 10,000 of "long").
//   jump      scrolling a list to a row (QTableView::scrollTo, as the scroll bar or "go to" does) until every visible
//             row is painted with its data, in the Streams pane (sorted by last activity) and in the Events pane of
//             "long". Floor: the page's SQL on the raw connection (the streams page; the events page with every
//             column).
//   memory    VmRSS with the store open before and after "long" is open, and the compact index's bytes.
#include "benchsupport.h"
#include "inspectorfloors.h"
#include "mainwindow.h"
#include "models/eventlistmodel.h"
#include "models/openstreams.h"
#include "models/streamlistmodel.h"
#include "panes/eventspane.h"
#include "panes/streamspane.h"
#include "panes/timelinepane.h"
#include "pgbenchsupport.h"
#include "settings.h"
#include "store/postgres/postgreseventstore.h"
#include "store/sqlite/sqliteeventstore.h"
#include "storecontroller.h"
#include "timeline/timelineview.h"
#include "windowbench.h"
#include "windowstores.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <functional>
#include <optional>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

constexpr int Deadline = WindowDeadline;
constexpr int PaintsPerZoom = 41;
const QString LongStream = u"long"_s;
const QString SmallStream = u"other"_s; // written beside "long": one event per unit of 10,000

struct Config {
    QString store;
    qint64 streams = 100000;
    int maxEvents = 19;
    qint64 longEvents = 1000000;
    int reps = 7;
    int jumps = 25;
    bool json = false;
    QString out;
    QString dir;
};

double millisSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

QJsonObject summary(std::vector<double> ms)
{
    const double mid = median(ms);
    const auto [lo, hi] = std::minmax_element(ms.begin(), ms.end());
    return {{u"median_ms"_s, mid}, {u"min_ms"_s, *lo}, {u"max_ms"_s, *hi}, {u"n"_s, qint64(ms.size())}};
}

qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

/// Stamps the end of the first paint of a widget at which `ready()` holds: the paint event is seen on its way in,
/// and the stamp is taken by a zero timer, which fires once the paint has been done.
class PaintWatch : public QObject {
public:
    PaintWatch(QWidget* widget, std::function<bool()> ready)
        : m_widget(widget)
        , m_ready(std::move(ready))
    {
        widget->installEventFilter(this);
    }
    ~PaintWatch() override { m_widget->removeEventFilter(this); }

    void rearm() { m_painted.reset(); }
    const std::optional<Clock::time_point>& painted() const { return m_painted; }
    /// Waits for the stamp; fails the run at the deadline, naming `what`.
    Clock::time_point wait(const QString& what)
    {
        if (!waitFor([this] { return m_painted.has_value(); }))
            fail(u"no paint of %1 within %2 s"_s.arg(what).arg(Deadline / 1000));
        return *m_painted;
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_widget && event->type() == QEvent::Paint && !m_painted && !m_stamping && m_ready()) {
            m_stamping = true;
            QTimer::singleShot(0, this, [this] {
                m_painted = Clock::now();
                m_stamping = false;
            });
        }
        return false;
    }

private:
    QWidget* m_widget;
    std::function<bool()> m_ready;
    std::optional<Clock::time_point> m_painted;
    bool m_stamping = false;
};

/// Every row the view shows has its data (no placeholder left).
bool visibleRowsLoaded(QTableView* view, int loadedRole, int column)
{
    QAbstractItemModel* model = view->model();
    if (model->rowCount() == 0)
        return false;
    const int first = view->rowAt(0);
    int last = view->rowAt(view->viewport()->height() - 1);
    if (first < 0)
        return false;
    if (last < 0)
        last = model->rowCount() - 1;
    for (int row = first; row <= last; ++row) {
        if (!model->index(row, column).data(loadedRole).toBool())
            return false;
    }
    return true;
}

QTableView* tableOf(QWidget* pane)
{
    auto* view = pane->findChild<QTableView*>();
    if (!view)
        fail(u"no table in pane %1"_s.arg(pane->objectName()));
    return view;
}

// The child processes ---------------------------------------------------------------------------------------------

int childStart(const QString& store, const QString& settingsFile)
{
    Window w(settingsFile);
    QTableView* streams = tableOf(w.window.streamsPane());
    PaintWatch watch(streams->viewport(),
        [streams] { return visibleRowsLoaded(streams, StreamListModel::LoadedRole, StreamListModel::StreamIdColumn); });
    w.window.controller()->openAddress(store);
    watch.wait(u"the first stream rows"_s);
    QTextStream(stdout) << "painted" << Qt::endl;
    return 0;
}

int childFloor(const QString& backend, const QString& address)
{
    InspectorFloors::open(backend, address)->streamsPage(0);
    QTextStream(stdout) << "painted" << Qt::endl;
    return 0;
}

/// Runs this program with `arguments` until it prints its line; the time from start to that line.
double timeChild(const QStringList& arguments)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const Clock::time_point start = Clock::now();
    child.start(QCoreApplication::applicationFilePath(), arguments);
    QByteArray out;
    while (!out.contains('\n')) {
        if (!child.waitForReadyRead(Deadline))
            fail(u"child %1 printed nothing: %2"_s.arg(arguments.join(u' '), child.errorString()));
        out += child.readAllStandardOutput();
    }
    const double ms = millisSince(start);
    if (!out.startsWith("painted"))
        fail(u"child %1 said: %2"_s.arg(arguments.join(u' '), QString::fromUtf8(out)));
    child.waitForFinished(Deadline);
    return ms;
}

// The store -------------------------------------------------------------------------------------------------------

void writeStore(EventStore& store, const Config& config, const QString& where, QTextStream& err)
{
    err << "writing " << where << " (" << grouped(double(config.streams)) << " streams of 1 to " << config.maxEvents
        << " events, and " << grouped(double(config.longEvents)) << " events in \"long\")…" << Qt::endl;
    Stopwatch clock;
    clock.start();
    writeManyStreams(store, config.streams, config.maxEvents);
    writeLongStream(store, config.longEvents, LongStream);
    clock.stop();
    err << "written in " << int(clock.totalSeconds()) << " s" << Qt::endl;
}

StoreOptions writing()
{
    StoreOptions options;
    options.mode = StoreOptions::OpenMode::CreateIfMissing;
    options.durability = StoreOptions::Durability::Normal;
    return options;
}

void prepareSqlite(const Config& config, QTextStream& err)
{
    if (QFileInfo::exists(config.store)) {
        // Opened for writing, so that a store an older build wrote is upgraded here and not on the clock.
        auto store = SqliteEventStore::open(config.store, StoreOptions {});
        if (!store)
            fail(store.error().toString());
        auto stream = (*store)->stream(LongStream);
        auto count = (*store)->countStreams({});
        if (!stream || !*stream || (**stream).revision != config.longEvents || !count || *count != config.streams + 2)
            fail(u"%1 was not written by this program with these sizes; remove it or give --store another name"_s.arg(
                config.store));
        return;
    }
    auto store = SqliteEventStore::open(config.store, writing());
    if (!store)
        fail(store.error().toString());
    writeStore(**store, config, config.store, err);
}

/// The same store in a database of its own on the --conninfo server (dropped at exit); returns its address.
QString preparePostgres(const Config& config, PgServer& server, const QString& database, QTextStream& err)
{
    const QString address = server.conninfo(database);
    {
        auto store = PostgresEventStore::open(address, writing());
        if (!store)
            fail(store.error().toString());
        writeStore(**store, config, u"PostgreSQL database "_s + database, err);
    }
    RawPg(address).exec("VACUUM ANALYZE");
    server.checkpoint();
    return address;
}

// The measurements ------------------------------------------------------------------------------------------------

struct Inspector {
    Window w;
    QTableView* streams;
    QTableView* events;
    TimelineView* timeline;
    OpenStreams* open;

    explicit Inspector(const QString& settingsFile)
        : w(settingsFile)
        , streams(tableOf(w.window.streamsPane()))
        , events(tableOf(w.window.eventsPane()))
        , timeline(w.window.timelinePane()->findChild<TimelineView*>())
        , open(w.window.openStreams())
    {
        if (!timeline)
            fail(u"no timeline view"_s);
    }

    /// The row showing `streamId` once the list has it on a loaded page; -1 after 30 s.
    int rowOf(const QString& streamId)
    {
        auto* model = static_cast<StreamListModel*>(streams->model());
        waitFor([&] { return model->rowOfStream(streamId) >= 0; }, 30000);
        return model->rowOfStream(streamId);
    }

    /// Clicks the row of `streamId` and returns when the timeline has painted it whole.
    double choose(int row, const QString& streamId, qint64 expected)
    {
        PaintWatch watch(timeline->viewport(), [&] {
            const auto index = open->index(streamId);
            return open->streams() == QStringList {streamId} && index && index->size() == expected
                && !open->isLoading(streamId) && timeline->laneCount() == 1;
        });
        const QRect cell = streams->visualRect(streams->model()->index(row, StreamListModel::StreamIdColumn));
        const Clock::time_point start = Clock::now();
        QTest::mouseClick(streams->viewport(), Qt::LeftButton, {}, cell.center());
        return std::chrono::duration<double, std::milli>(watch.wait(u"the timeline of "_s + streamId) - start).count();
    }

    double jump(QTableView* view, int row, int column, int loadedRole)
    {
        PaintWatch watch(view->viewport(), [&] { return visibleRowsLoaded(view, loadedRole, column); });
        const Clock::time_point start = Clock::now();
        view->scrollTo(view->model()->index(row, column), QAbstractItemView::PositionAtTop);
        return std::chrono::duration<double, std::milli>(watch.wait(u"row %1"_s.arg(row)) - start).count();
    }

    std::vector<double> repaints()
    {
        std::vector<double> ms;
        for (int i = 0; i < PaintsPerZoom; ++i) {
            const Clock::time_point start = Clock::now();
            timeline->viewport()->repaint();
            ms.push_back(millisSince(start));
        }
        return ms;
    }
};

/// Rows spread over [0, rows), the same in every run.
std::vector<int> targetRows(int rows, int count)
{
    std::vector<int> targets;
    quint32 state = 4242;
    for (int i = 0; i < count; ++i) {
        state = state * 1664525u + 1013904223u;
        targets.push_back(int(quint64(state) * quint64(rows) >> 32));
    }
    return targets;
}

QJsonObject figure(const QString& target, double limitMs, std::vector<double> ms, std::vector<double> floorMs)
{
    QJsonObject result = summary(ms);
    const double mid = median(ms);
    const double floor = median(floorMs);
    result[u"target_ms"_s] = limitMs;
    result[u"met"_s] = mid <= limitMs;
    result[u"floor"_s] = summary(std::move(floorMs));
    result[u"ratio_to_floor"_s] = floor > 0 ? mid / floor : 0;
    result[u"what"_s] = target;
    return result;
}

/// Every figure against the store at `address` of `backend`.
QJsonObject run(const Config& config, const QString& backend, const QString& address, QTextStream& err)
{
    QTemporaryDir work = makeWorkFolder(config.dir);
    const QString settingsFile = work.filePath(u"settings.ini"_s);
    QJsonObject result;

    err << "start: " << config.reps << " processes each way…" << Qt::endl;
    std::vector<double> start, startFloor;
    for (int rep = 0; rep < config.reps; ++rep) {
        startFloor.push_back(timeChild({u"--child-floor"_s, address, u"--backend"_s, backend}));
        start.push_back(timeChild({u"--child-start"_s, address, u"--settings"_s, settingsFile}));
    }
    result[u"start"_s] = figure(u"process start to the first stream rows painted"_s, 500, start, startFloor);

    Inspector inspector(settingsFile);
    {
        PaintWatch first(inspector.streams->viewport(),
            [&] { return visibleRowsLoaded(inspector.streams, StreamListModel::LoadedRole, 0); });
        inspector.w.window.controller()->openAddress(address);
        first.wait(u"the first stream rows"_s);
    }
    const qint64 rssOpen = residentKiB();

    // Sorted by event count, "long" is the first row and "other" (one event per 10,000 of "long") the second.
    inspector.streams->sortByColumn(StreamListModel::EventsColumn, Qt::DescendingOrder);
    const int longRow = inspector.rowOf(LongStream);
    const int smallRow = inspector.rowOf(SmallStream);
    if (longRow < 0 || smallRow < 0)
        fail(u"\"long\" and \"other\" are not on the first page sorted by event count"_s);
    const qint64 smallEvents
        = inspector.streams->model()->index(smallRow, StreamListModel::EventsColumn).data().toLongLong();

    err << "choose: " << config.reps << " times…" << Qt::endl;
    const auto floors = InspectorFloors::open(backend, address);
    std::vector<double> choose, chooseFloor;
    for (int rep = 0; rep < config.reps; ++rep) {
        inspector.choose(smallRow, SmallStream, smallEvents);
        const Clock::time_point floorStart = Clock::now();
        if (floors->index(LongStream.toUtf8()) != config.longEvents)
            fail(u"floor: the raw index read came short"_s);
        chooseFloor.push_back(millisSince(floorStart));
        choose.push_back(inspector.choose(longRow, LongStream, config.longEvents));
    }
    result[u"choose"_s]
        = figure(u"a click on the 1,000,000-event stream to its timeline painted"_s, 500, choose, chooseFloor);
    const qint64 rssLong = residentKiB();

    err << "paint…" << Qt::endl;
    QJsonObject paint;
    const double from = inspector.timeline->visibleFrom();
    const double to = inspector.timeline->visibleTo();
    const QList<std::pair<QString, double>> zooms {
        {u"fit"_s, 1}, {u"x10"_s, 10}, {u"x1000"_s, 1000}, {u"x1000000"_s, 1e6}};
    std::vector<double> worst;
    for (const auto& [name, factor] : zooms) {
        const double mid = from + (to - from) / 2;
        const double half = (to - from) / factor / 2;
        inspector.timeline->setVisibleRange(mid - half, mid + half);
        paint[name] = summary(inspector.repaints());
    }
    inspector.timeline->setAxisMode(TimelineView::AxisMode::Revision);
    inspector.timeline->fitAll();
    paint[u"by_revision"_s] = summary(inspector.repaints());
    inspector.timeline->setAxisMode(TimelineView::AxisMode::Time);
    double slowest = 0;
    for (const QString& key : paint.keys())
        slowest = std::max(slowest, paint[key].toObject()[u"median_ms"_s].toDouble());
    // The floor: the same widget showing the short stream.
    inspector.choose(smallRow, SmallStream, smallEvents);
    const std::vector<double> smallPaints = inspector.repaints();
    inspector.choose(longRow, LongStream, config.longEvents);
    paint[u"target_ms"_s] = 16;
    paint[u"slowest_median_ms"_s] = slowest;
    paint[u"met"_s] = slowest <= 16;
    paint[u"floor"_s] = summary(smallPaints);
    paint[u"what"_s] = u"one repaint of the timeline showing 1,000,000 events, per zoom"_s;
    result[u"paint"_s] = paint;

    err << "jump: " << config.jumps << " rows in each list…" << Qt::endl;
    std::vector<double> eventJumps, eventFloor;
    for (int row : targetRows(int(config.longEvents), config.jumps)) {
        const Clock::time_point floorStart = Clock::now();
        floors->eventsPage(LongStream.toUtf8(), row / InspectorFloors::PageRows * InspectorFloors::PageRows + 1);
        eventFloor.push_back(millisSince(floorStart));
        eventJumps.push_back(
            inspector.jump(inspector.events, row, EventListModel::ActorColumn, EventListModel::LoadedRole));
    }
    inspector.streams->sortByColumn(StreamListModel::LastActivityColumn, Qt::DescendingOrder);
    waitFor([&] { return visibleRowsLoaded(inspector.streams, StreamListModel::LoadedRole, 0); });
    std::vector<double> streamJumps, streamFloor;
    const int streamRows = int(config.streams + 2);
    for (int row : targetRows(streamRows, config.jumps)) {
        const Clock::time_point floorStart = Clock::now();
        floors->streamsPage(row / InspectorFloors::PageRows * InspectorFloors::PageRows);
        streamFloor.push_back(millisSince(floorStart));
        streamJumps.push_back(inspector.jump(inspector.streams, row, 0, StreamListModel::LoadedRole));
    }
    result[u"jump_streams"_s]
        = figure(u"scroll the Streams pane to a row until its rows are painted"_s, 50, streamJumps, streamFloor);
    result[u"jump_events"_s] = figure(
        u"scroll the Events pane of the long stream to a row until its rows are painted"_s, 50, eventJumps, eventFloor);

    const auto index = inspector.open->index(LongStream);
    QJsonObject memory {{u"rss_store_open_mib"_s, double(rssOpen) / 1024},
        {u"rss_long_open_mib"_s, double(rssLong) / 1024}, {u"rss_after_jumps_mib"_s, double(residentKiB()) / 1024},
        {u"index_mib"_s, index ? double(index->bytes()) / (1024 * 1024) : 0}, {u"target_mib"_s, 300}};
    memory[u"met"_s] = memory[u"rss_after_jumps_mib"_s].toDouble() <= 300 && double(rssLong) / 1024 <= 300;
    result[u"memory"_s] = memory;
    return result;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    // The store's and the window's notes on stderr would bury the progress lines.
    QLoggingCategory::setFilterRules(u"flashback.*.info=false\nflashback.*.debug=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption storeOption(u"store"_s, u"The SQLite store (reused, or written)."_s, u"FILE"_s);
    const QCommandLineOption streamsOption(u"streams"_s, u"Streams besides the long one."_s, u"N"_s, u"100000"_s);
    const QCommandLineOption maxOption(u"max-events"_s, u"Events per stream, at most."_s, u"N"_s, u"19"_s);
    const QCommandLineOption longOption(u"long-events"_s, u"Events in the long stream."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption repsOption(u"reps"_s, u"Repetitions."_s, u"N"_s, u"7"_s);
    const QCommandLineOption jumpsOption(u"jumps"_s, u"Rows jumped to in each list."_s, u"N"_s, u"25"_s);
    const QCommandLineOption jsonOption(u"json"_s, u"Print only the JSON document."_s);
    const QCommandLineOption outOption(u"out"_s, u"Also write the JSON document here."_s, u"FILE"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Folder for temporary files."_s, u"DIR"_s);
    const QCommandLineOption childStartOption(u"child-start"_s, u"(internal) the start figure's window."_s, u"FILE"_s);
    const QCommandLineOption childFloorOption(u"child-floor"_s, u"(internal) the start figure's floor."_s, u"FILE"_s);
    const QCommandLineOption settingsOption(u"settings"_s, u"(internal) the settings file."_s, u"FILE"_s);
    const QCommandLineOption backendOption(u"backend"_s, u"(internal) the floor's backend."_s, u"NAME"_s);
    const QCommandLineOption conninfoOption(
        u"conninfo"_s, conninfoHelp() + u" Optional: also measures PostgreSQL."_s, u"CONNINFO"_s);
    parser.addOptions({storeOption, streamsOption, maxOption, longOption, repsOption, jumpsOption, jsonOption,
        outOption, dirOption, childStartOption, childFloorOption, settingsOption, backendOption, conninfoOption});
    parser.addHelpOption();
    parser.process(app);

    if (parser.isSet(childStartOption))
        return childStart(parser.value(childStartOption), parser.value(settingsOption));
    if (parser.isSet(childFloorOption))
        return childFloor(parser.value(backendOption), parser.value(childFloorOption));

    Config config;
    config.streams = numberOption(parser, streamsOption, 1, 100000000);
    config.maxEvents = int(numberOption(parser, maxOption, 1, 1000));
    config.longEvents = numberOption(parser, longOption, 10, 100000000);
    config.reps = int(numberOption(parser, repsOption, 1, 1000));
    config.jumps = int(numberOption(parser, jumpsOption, 1, 10000));
    config.json = parser.isSet(jsonOption);
    config.out = parser.value(outOption);
    config.dir = parser.value(dirOption);
    QTemporaryDir storeFolder = makeWorkFolder(config.dir);
    config.store
        = parser.isSet(storeOption) ? parser.value(storeOption) : storeFolder.filePath(u"inspector.flashback"_s);

    QTextStream err(stderr);
    QTextStream out(stdout);
    QJsonObject result;
    prepareSqlite(config, err);
    result[u"sqlite"_s] = run(config, u"sqlite"_s, config.store, err);
    if (parser.isSet(conninfoOption)) {
        PgServer server(parser.value(conninfoOption));
        const QString database = server.createDatabase(u"inspector"_s);
        const QString address = preparePostgres(config, server, database, err);
        QJsonObject postgres = run(config, u"postgres"_s, address, err);
        postgres[u"server"_s] = PgServer::describe(server.settings(database));
        result[u"postgres"_s] = postgres;
    }
    result[u"benchmark"_s] = u"bench_inspector"_s;
    result[u"streams"_s] = config.streams + 2;
    result[u"long_events"_s] = config.longEvents;
    result[u"platform"_s] = QGuiApplication::platformName();
    addVersions(result);
    if (config.json)
        out << QJsonDocument(result).toJson();
    else
        writeResult(out, result, config.out);
    if (config.json && !config.out.isEmpty()) {
        QFile file(config.out);
        if (file.open(QIODevice::WriteOnly))
            file.write(QJsonDocument(result).toJson());
    }
    return 0;
}
