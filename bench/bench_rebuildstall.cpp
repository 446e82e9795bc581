// SPDX-License-Identifier: GPL-3.0-or-later
// bench_rebuildstall: the window stays responsive while its own projections rebuild (issue 13): the longest
// stall of the GUI thread while the window's ProjectionHost rebuilds `users` over the whole store, beside the
// same window sitting idle for as long.
//
// Usage:
//   QT_QPA_PLATFORM=offscreen bench_rebuildstall [--events N] [--out FILE] [--dir DIR]
//     --events  about this many events in the store (default 1000000): the demo history (DemoOptions) with as
//               many ordinary users as it takes, about 20 events each, and the 10,000-event long stream
//     --out     also write the JSON result block to FILE
//     --dir     folder for the SQLite store (default: the system temp folder)
//
// The store is generated before any clock (the built-in projections caught up by the generator, then `users` the
// rest of the way). The window is the real one (bench::Window, 1600x1000), its Projections pane shown and
// sampling every second, with "Run Projections in the Window" on. A probe timer on the GUI thread asks to run
// every 5 ms; a stall is how much later than asked it ran. Two phases of the same length, back to back:
//   idle     the window open on the store, nothing asked of it: the floor (timer slack, the pane's own sampling).
//   rebuild  the pane's startRebuild("users") until the pane reports the new copy in use (ProjectionHost runs
//            it on its own thread and connection, 500 events a batch; the pane follows its progress).
// Reported: the longest stall, the 99th percentile, how many stalls passed 50 ms, and the rebuild's rate.
// Target (issue 13): the longest stall during the rebuild <= 50 ms.
#include "benchsupport.h"
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "models/projectionhost.h"
#include "models/projectionlagmodel.h"
#include "models/storesession.h"
#include "panes/projectionspane.h"
#include "projections/builtinprojections.h"
#include "projections/projectionrunner.h"
#include "store/sqlite/sqliteeventstore.h"
#include "storecontroller.h"
#include "windowactions.h"
#include "windowbench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QTextStream>
#include <QTimer>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

/// Measures how late a 5 ms timer on the GUI thread runs, from start() to stop().
class StallProbe : public QObject {
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double lateMs = double(now - m_last) / 1e6 - 5.0;
            m_stallsMs.push_back(std::max(0.0, lateMs));
            m_last = now;
        });
    }
    void start()
    {
        m_stallsMs.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    QJsonObject result() const
    {
        std::vector<double> micros;
        qint64 over50 = 0;
        for (double ms : m_stallsMs) {
            micros.push_back(ms * 1000.0);
            over50 += ms > 50.0 ? 1 : 0;
        }
        const Percentiles p = percentiles(micros);
        return {{u"longest_ms"_s, p.max / 1000.0}, {u"p99_ms"_s, p.p99 / 1000.0}, {u"median_ms"_s, p.p50 / 1000.0},
            {u"over_50_ms"_s, over50}, {u"ticks"_s, qint64(m_stallsMs.size())}};
    }
    double longestMs() const
    {
        return m_stallsMs.empty() ? 0 : *std::max_element(m_stallsMs.cbegin(), m_stallsMs.cend());
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_stallsMs;
};

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false\nflashback.*.info=false"_s);
    QCommandLineParser parser;
    const QCommandLineOption eventsOption(u"events"_s, u"About this many events."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption outOption(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    const QCommandLineOption dirOption(u"dir"_s, u"Folder for the store file."_s, u"DIR"_s);
    parser.addOptions({eventsOption, outOption, dirOption});
    parser.addHelpOption();
    parser.process(app);
    const qint64 wanted = numberOption(parser, eventsOption, 20000, 100000000);
    QTextStream out(stdout);

    QTemporaryDir folder = makeWorkFolder(parser.value(dirOption));
    const QString path = folder.filePath(u"rebuild.flashback"_s);
    DemoOptions demoOptions;
    demoOptions.users = int((wanted - demoOptions.longStreamLogins) / 20);
    qint64 events = 0;
    out << "generating the demo history with " << grouped(demoOptions.users) << " users (" << versionsText() << ")…\n"
        << Qt::flush;
    {
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::CreateIfMissing;
        options.durability = StoreOptions::Durability::Normal;
        auto store = SqliteEventStore::open(path, options);
        if (!store)
            fail(store.error().toString());
        auto demo = generateDemo(**store, DomainCatalog::builtin(), demoOptions);
        if (!demo)
            fail(demo.error().toString());
        events = demo->events;
        ProjectionRunner runner(**store, builtinProjections());
        if (auto caughtUp = runner.catchUp(); !caughtUp)
            fail(caughtUp.error().toString());
    }

    Window w(folder.filePath(u"settings.ini"_s));
    w.settings.setRunProjections(true);
    w.window.actions()->runProjections->setChecked(true);
    bool opened = false;
    QObject::connect(w.window.session(), &StoreSession::opened, [&opened] { opened = true; });
    w.window.controller()->openAddress(path, false);
    if (!waitFor([&] { return opened; }))
        fail(u"the window did not open the store"_s);
    if (!waitFor([&] { return w.window.projectionHost()->isRunning(); }))
        fail(u"the window does not run the projections"_s);
    w.window.actions()->projections->trigger();
    ProjectionsPane* pane = w.window.projectionsPane();
    if (!waitFor([&] { return pane->model()->rowOf(u"users"_s) >= 0; }))
        fail(u"the Projections pane shows no users row"_s);

    out << "rebuilding users over " << grouped(double(events)) << " events in the window…\n" << Qt::flush;
    StallProbe probe;
    probe.start();
    QElapsedTimer rebuild;
    rebuild.start();
    pane->startRebuild(u"users"_s);
    if (!waitFor([&] { return pane->status()->text().contains(u"Rebuilt users"_s); }, 30 * 60 * 1000))
        fail(u"the rebuild did not finish within 30 minutes"_s);
    const double rebuildSeconds = double(rebuild.nsecsElapsed()) / 1e9;
    probe.stop();
    const QJsonObject during = probe.result();

    // The floor: the same window, idle for as long.
    probe.start();
    QElapsedTimer idle;
    idle.start();
    waitFor([&] { return idle.elapsed() >= qint64(rebuildSeconds * 1000); }, int(rebuildSeconds * 1000) + 60000);
    probe.stop();
    const QJsonObject floor = probe.result();

    QJsonObject result {
        {u"benchmark"_s, u"bench_rebuildstall"_s},
        {u"events"_s, events},
        {u"rebuild_seconds"_s, rebuildSeconds},
        {u"rebuild_events_per_s"_s, double(events) / rebuildSeconds},
        {u"stalls_during_rebuild"_s, during},
        {u"stalls_idle"_s, floor},
        {u"target_longest_ms"_s, 50.0},
        {u"met"_s, during.value(u"longest_ms"_s).toDouble() <= 50.0},
    };
    addVersions(result);
    writeResult(out, result, parser.value(outOption));
    return 0;
}
