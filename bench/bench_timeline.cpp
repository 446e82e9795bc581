// SPDX-License-Identifier: GPL-3.0-or-later
// bench_timeline: one paint of the timeline (TimelineView::grab(), the whole widget) with a lane of 1,000,000
// events beside the same with a lane of 1,000, at several zooms, to show that the paint cost follows the pixels
// and not the events (the design's promise: hotspot's delegate walks every event on every repaint, ours asks
// TimelineBuckets for at most one bar per pixel column).
//
// Usage:
//   bench_timeline [--reps N] [--warmup N] [--width W] [--out FILE]
//     --reps    timed paints of each case (default 30)
//     --warmup  untimed paints first (default 3)
//     --width   widget width in pixels (default 1200; the height fits one lane, the axis and the legend)
//     --out     also write the JSON result block to FILE
//
// Each case is one lane of N events of 10 user event types spread over 30 days, in time order ("sorted") or with
// every 7th event backdated by up to a day ("backdated", so TimelineBuckets holds a time-order permutation).
// Zooms: "fit" (everything: one bar per pixel column), "x10" and "x1000" (a tenth and a thousandth of the span,
// around the middle), and "revision" (the revision axis, fitted). Per case: the median and p90 of the paint in
// milliseconds (and the minimum, which a busy machine disturbs least), the median of TimelineBuckets::compute()
// alone in microseconds, and the one-off cost of building TimelineBuckets for each index (on setLanes). Runs
// offscreen unless QT_QPA_PLATFORM says otherwise.
#include "benchsupport.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::bench;

namespace {

constexpr qint64 Start = 1742226420LL * 1000000; // 2025-03-17T15:47:00Z
constexpr qint64 Span = 30LL * 86400 * 1000000;

std::shared_ptr<StreamIndex> makeIndex(qsizetype count, bool backdated)
{
    static const QString types[] = {u"USER_LOGGED_IN"_s, u"USER_LOGGED_IN"_s, u"USER_LOGGED_IN"_s,
        u"USER_NAME_CHANGED"_s, u"USER_EMAIL_CHANGED"_s, u"PASSWORD_CHANGED"_s, u"USER_SUSPENDED"_s,
        u"USER_REACTIVATED"_s, u"USER_UPDATED"_s, u"USER_DELETED"_s};
    QRandomGenerator random(7);
    auto index = std::make_shared<StreamIndex>();
    index->streamId = u"user-bench"_s;
    index->aggregateType = u"User"_s;
    index->append(1, Start, u"USER_CREATED"_s);
    for (qsizetype i = 1; i < count; ++i) {
        qint64 t = Start + qint64(double(Span) * double(i) / double(count));
        if (backdated && i % 7 == 0)
            t -= qint64(random.bounded(86400.0) * 1e6);
        index->append(i + 1, t, types[random.bounded(10)]);
    }
    return index;
}

struct Case {
    QString zoom;
    double paintP50Ms = 0;
    double paintP90Ms = 0;
    double paintMinMs = 0;
    double computeP50Us = 0;
};

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Paint time of the timeline: 1,000,000 events against 1,000."_s);
    parser.addHelpOption();
    const QCommandLineOption repsOption(u"reps"_s, u"Timed paints of each case."_s, u"N"_s, u"30"_s);
    const QCommandLineOption warmupOption(u"warmup"_s, u"Untimed paints first."_s, u"N"_s, u"3"_s);
    const QCommandLineOption widthOption(u"width"_s, u"Widget width in pixels."_s, u"W"_s, u"1200"_s);
    const QCommandLineOption outOption(u"out"_s, u"Also write the JSON result to FILE."_s, u"FILE"_s);
    parser.addOptions({repsOption, warmupOption, widthOption, outOption});
    parser.process(app);
    const int reps = int(numberOption(parser, repsOption, 1, 100000));
    const int warmup = int(numberOption(parser, warmupOption, 0, 100000));
    const int width = int(numberOption(parser, widthOption, 200, 10000));

    QTextStream out(stdout);
    QJsonArray rows;
    QJsonObject builds;
    out << u"events    order      zoom      paint p50 ms  paint p90 ms  paint min ms  compute p50 us\n"_s;
    for (const qsizetype events : {qsizetype(1000), qsizetype(1000000)}) {
        for (const bool backdated : {false, true}) {
            const auto index = makeIndex(events, backdated);
            const QString order = backdated ? u"backdated"_s : u"sorted"_s;
            Stopwatch build;
            build.start();
            const TimelineBuckets buckets(index);
            build.stop();
            builds[u"%1_%2_ms"_s.arg(events).arg(order)] = build.totalSeconds() * 1e3;

            TimelineView view;
            view.setUtc(true);
            view.resize(width, 200);
            view.setLanes({{index->streamId, QString(), index, nullptr}});
            view.show();
            QApplication::processEvents();
            for (const QString& zoom : {u"fit"_s, u"x10"_s, u"x1000"_s, u"revision"_s}) {
                view.setAxisMode(
                    zoom == u"revision"_s ? TimelineView::AxisMode::Revision : TimelineView::AxisMode::Time);
                view.fitAll();
                const double centre = (view.visibleFrom() + view.visibleTo()) / 2;
                const double half = (view.visibleTo() - view.visibleFrom()) / 2;
                if (zoom == u"x10"_s)
                    view.setVisibleRange(centre - half / 10, centre + half / 10);
                else if (zoom == u"x1000"_s)
                    view.setVisibleRange(centre - half / 1000, centre + half / 1000);
                for (int i = 0; i < warmup; ++i)
                    view.grab();
                std::vector<double> paints;
                for (int i = 0; i < reps; ++i) {
                    Stopwatch paint;
                    paint.start();
                    const QPixmap shot = view.grab();
                    paint.stop();
                    if (shot.isNull())
                        fail(u"grab() returned nothing"_s);
                    paints.push_back(paint.totalSeconds() * 1e3);
                }
                // In a loop of its own: interleaved with the paints, this second TimelineBuckets (with its own
                // copies of a backdated stream's time order) would evict the view's from the cache and the reverse.
                std::vector<double> computes;
                for (int i = 0; i < warmup + reps; ++i) {
                    Stopwatch compute;
                    compute.start();
                    const auto result = buckets.compute(view.scale());
                    compute.stop();
                    if (result.visibleCount < 0)
                        fail(u"impossible"_s);
                    if (i >= warmup)
                        computes.push_back(compute.totalSeconds() * 1e6);
                }
                const Percentiles p = percentiles(paints);
                const Case c {zoom, p.p50, p.p90, *std::min_element(paints.begin(), paints.end()), median(computes)};
                out << QString::number(events).leftJustified(10) << order.leftJustified(11) << c.zoom.leftJustified(10)
                    << QString::number(c.paintP50Ms, 'f', 2).rightJustified(12)
                    << QString::number(c.paintP90Ms, 'f', 2).rightJustified(14)
                    << QString::number(c.paintMinMs, 'f', 2).rightJustified(14)
                    << QString::number(c.computeP50Us, 'f', 0).rightJustified(16) << u'\n';
                out.flush();
                rows.append(QJsonObject {{u"events"_s, double(events)}, {u"order"_s, order}, {u"zoom"_s, c.zoom},
                    {u"paint_p50_ms"_s, c.paintP50Ms}, {u"paint_p90_ms"_s, c.paintP90Ms},
                    {u"paint_min_ms"_s, c.paintMinMs}, {u"compute_p50_us"_s, c.computeP50Us}});
            }
        }
    }
    QJsonObject result {{u"benchmark"_s, u"timeline"_s}, {u"width"_s, width}, {u"reps"_s, reps}, {u"cases"_s, rows},
        {u"buckets_build"_s, builds}, {u"qt_version"_s, QString::fromLatin1(qVersion())}};
    writeResult(out, result, parser.value(outOption));
    return 0;
}
