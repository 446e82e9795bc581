// SPDX-License-Identifier: GPL-3.0-or-later
// bench_statedrag: the State pane following a drag of the playhead (issue 12), on the real window offscreen, from
// the first frame: the demo's 10,000-event stream is opened in a new window (its replay cache empty) and the
// playback slider is swept from the first revision to the last at a steady pointer rate, as a hand dragging it
// would, while the pane's state tree paints whatever state has arrived.
//
// Usage:
//   QT_QPA_PLATFORM=offscreen bench_statedrag [--reps N] [--seconds S] [--rate HZ] [--out FILE] [--dir DIR]
//     --reps     drags, each in a new window (default 5)
//     --seconds  length of each drag (default 3)
//     --rate     slider moves per second (default 120: a pointer on a 120 Hz screen; the target is 60)
//
// What is measured, per drag:
//   updates/s     states painted by the tree (a paint showing another revision than the paint before), over the
//                 drag's length; the first second on its own (the cache is being built then)
//   lag           from the slider move to a revision until the tree paints that revision (or a later one)
//   ceiling       the slider moves delivered per second: no pane can update more often than it is asked
// Beside it, in the same run: one state from the first event without a cache (TimeTravel, the stream's middle
// revision), which is what each update would cost with no replay cache.
#include "benchsupport.h"
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "models/selection.h"
#include "models/statetreemodel.h"
#include "models/storesession.h"
#include "panes/statepane.h"
#include "panes/timelinepane.h"
#include "store/sqlite/sqliteeventstore.h"
#include "storecontroller.h"
#include "timetravel/timetravel.h"
#include "widgets/playbackbar.h"
#include "windowbench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QSlider>
#include <QTextStream>
#include <QTimer>
#include <QTreeView>

#include <map>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

struct Paint {
    double atMs = 0;
    qint64 revision = 0;
};

/// Records every state the pane presents: on each reset of its tree's model (one per state shown) the tree is
/// repainted at once and stamped after the paint, with the revision shown. (Offscreen, Qt paints a docked view only
/// when asked; a screen would paint at its next frame, so this is the paint's cost without the wait for a frame.)
class PaintLog : public QObject {
public:
    PaintLog(StatePane* pane, const QElapsedTimer& clock)
    {
        connect(pane->model(), &QAbstractItemModel::modelReset, this, [this, pane, &clock] {
            pane->tree()->viewport()->repaint();
            m_paints.push_back({double(clock.nsecsElapsed()) / 1e6, pane->shown().at.revision});
        });
    }
    const std::vector<Paint>& paints() const { return m_paints; }

private:
    std::vector<Paint> m_paints;
};

struct Drag {
    double updatesPerSecond = 0;
    double firstSecondUpdates = 0;
    double movesPerSecond = 0;
    double lagMedianMs = 0;
    double lagP95Ms = 0;
    double lagMaxMs = 0;
    QString cacheAtStart;
};

Drag drag(const QString& storePath, const QString& settingsFile, const QString& streamId, qint64 head, double seconds,
    int rate)
{
    Window w(settingsFile);
    MainWindow& window = w.window;
    StatePane* pane = window.statePane();
    if (auto* dock = qobject_cast<QDockWidget*>(pane->parentWidget()))
        dock->raise();
    window.controller()->openAddress(storePath);
    if (!waitFor([&] { return window.session()->isOpen(); }))
        fail(u"the store did not open"_s);
    QSlider* slider = window.timelinePane()->playbackBar()->slider();
    window.selection()->openStreams({streamId}, 1);
    // The first frame: the stream's first state on screen, its replay cache not built yet.
    if (!waitFor([&] { return pane->shown().at.revision == 1 && slider->maximum() == head; }))
        fail(u"the stream did not open"_s);
    if (!pane->tree()->isVisible())
        fail(u"the State pane is not visible"_s);
    Drag result;
    result.cacheAtStart = pane->cacheStatus()->text();

    QElapsedTimer clock;
    clock.start();
    PaintLog log(pane, clock);
    std::map<qint64, double> movedAt; // revision -> when the slider was moved there
    const qint64 moves = qint64(seconds * rate);
    qint64 moved = 0;
    QTimer pointer;
    pointer.setTimerType(Qt::PreciseTimer);
    pointer.setInterval(1000 / rate);
    QObject::connect(&pointer, &QTimer::timeout, [&] {
        const qint64 revision = 1 + (head - 1) * (moved + 1) / moves;
        movedAt.emplace(revision, double(clock.nsecsElapsed()) / 1e6);
        slider->setValue(int(revision));
        if (++moved == moves)
            pointer.stop();
    });
    pointer.start();
    if (!waitFor([&] { return moved == moves; }))
        fail(u"the drag did not end"_s);
    const double dragMs = double(clock.nsecsElapsed()) / 1e6;
    // The last state asked for arrives and is painted after the pointer stopped; it is not counted as an update.
    waitFor([&] { return !log.paints().empty() && log.paints().back().revision == head; }, 10000);

    qint64 updates = 0, firstSecond = 0;
    qint64 lastRevision = 1;
    std::vector<double> lags;
    for (const Paint& paint : log.paints()) {
        if (paint.revision == lastRevision || paint.atMs > dragMs)
            continue;
        lastRevision = paint.revision;
        ++updates;
        if (paint.atMs <= 1000)
            ++firstSecond;
        if (auto asked = movedAt.find(paint.revision); asked != movedAt.end())
            lags.push_back(paint.atMs - asked->second);
    }
    result.updatesPerSecond = double(updates) / (dragMs / 1000);
    result.firstSecondUpdates = double(firstSecond);
    result.movesPerSecond = double(moves) / (dragMs / 1000);
    if (!lags.empty()) {
        std::sort(lags.begin(), lags.end());
        result.lagMedianMs = median(lags);
        result.lagP95Ms = lags.at(size_t(double(lags.size() - 1) * 0.95));
        result.lagMaxMs = lags.back();
    }
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false\nflashback.*.info=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption repsOption(u"reps"_s, u"Drags, each in a new window."_s, u"N"_s, u"5"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Length of each drag."_s, u"S"_s, u"3"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Slider moves per second."_s, u"HZ"_s, u"120"_s);
    const QCommandLineOption outOption(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Folder for the store file."_s, u"DIR"_s);
    parser.addOptions({repsOption, secondsOption, rateOption, outOption, dirOption});
    parser.addHelpOption();
    parser.process(app);
    const qint64 reps = numberOption(parser, repsOption, 1, 1000);
    const double seconds = double(numberOption(parser, secondsOption, 1, 600));
    const int rate = int(numberOption(parser, rateOption, 1, 1000));
    QTextStream out(stdout);

    QTemporaryDir folder = makeWorkFolder(parser.value(dirOption));
    const QString path = folder.filePath(u"demo.flashback"_s);
    out << "writing the demo store (" << versionsText() << ")…\n" << Qt::flush;
    DemoSummary demo;
    {
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::CreateIfMissing;
        auto store = SqliteEventStore::open(path, options);
        if (!store)
            fail(store.error().message);
        auto written = generateDemo(**store, DomainCatalog::builtin(), {});
        if (!written)
            fail(written.error().message);
        demo = *written;
    }
    const QString streamId = demo.longStreamUserId;
    const qint64 head = demo.longStreamEvents;

    // Without a cache: the middle revision folded from the first event, on a connection of its own.
    std::vector<double> uncached;
    {
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::OpenExisting;
        auto store = SqliteEventStore::open(path, options);
        if (!store)
            fail(store.error().message);
        TimeTravel travel(**store, DomainCatalog::builtin());
        for (int rep = 0; rep < 7; ++rep) {
            QElapsedTimer timer;
            timer.start();
            if (!travel.stateAtRevision(streamId, head / 2))
                fail(u"the uncached replay failed"_s);
            uncached.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
    }

    std::vector<double> rates, firsts, lagMedians, lagP95s, moveRates;
    QJsonArray runs;
    for (qint64 rep = 0; rep < reps; ++rep) {
        out << "drag " << rep + 1 << " of " << reps << "…\n" << Qt::flush;
        const Drag d = drag(path, folder.filePath(u"settings-%1.ini"_s.arg(rep)), streamId, head, seconds, rate);
        rates.push_back(d.updatesPerSecond);
        firsts.push_back(d.firstSecondUpdates);
        lagMedians.push_back(d.lagMedianMs);
        lagP95s.push_back(d.lagP95Ms);
        moveRates.push_back(d.movesPerSecond);
        runs.append(
            QJsonObject {{u"updates_per_s"_s, d.updatesPerSecond}, {u"first_second_updates"_s, d.firstSecondUpdates},
                {u"moves_per_s"_s, d.movesPerSecond}, {u"lag_median_ms"_s, d.lagMedianMs},
                {u"lag_p95_ms"_s, d.lagP95Ms}, {u"lag_max_ms"_s, d.lagMaxMs}, {u"cache_at_start"_s, d.cacheAtStart}});
    }
    const double rateMedian = median(rates);
    const double firstMedian = median(firsts);
    QJsonObject result {
        {u"benchmark"_s, u"bench_statedrag"_s},
        {u"stream_events"_s, head},
        {u"drag_seconds"_s, seconds},
        {u"pointer_rate_hz"_s, rate},
        {u"updates_per_s"_s,
            QJsonObject {{u"median"_s, rateMedian}, {u"min"_s, *std::min_element(rates.begin(), rates.end())},
                {u"target"_s, 60}, {u"met"_s, rateMedian >= 60 && firstMedian >= 60}}},
        {u"first_second_updates_median"_s, firstMedian},
        {u"moves_per_s_median"_s, median(moveRates)},
        {u"lag_median_ms"_s, median(lagMedians)},
        {u"lag_p95_ms_median"_s, median(lagP95s)},
        {u"uncached_state_ms_median"_s, median(uncached)},
        {u"runs"_s, runs},
    };
    addVersions(result);
    writeResult(out, result, parser.value(outOption));
    return 0;
}
