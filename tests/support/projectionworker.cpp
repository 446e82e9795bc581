// SPDX-License-Identifier: GPL-3.0-or-later
// A projection worker as a separate process, for the test that kills one in the middle of its work. Not a user
// tool.
//
//   flashback_projectionworker STORE_PATH [BATCH_SIZE] [WORKER_ID]
//
// Runs ProjectionRunner::catchUp over the built-in projections of a SQLite store with a small batch size,
// printing "batch PROJECTION GENERATION TO_POSITION" after every committed batch and "done HANDLED" at the end.
// The worker id is fixed by default, so a restarted worker takes over its predecessor's lease at once instead of
// waiting for it to expire.
#include "projections/projectionrunner.h"
#include "store/storeaddress.h"
#include "store/storeopener.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace flashback;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2 || args.size() > 4)
        return 2;
    StoreOptions storeOptions;
    storeOptions.busyTimeout = std::chrono::milliseconds(30000);
    storeOptions.durability = StoreOptions::Durability::Normal;
    auto address = StoreAddress::parse(args[1]);
    if (!address)
        return 2;
    auto store = openStore(*address, storeOptions);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!store) {
        err << store.error().toString() << Qt::endl;
        return 3;
    }
    ProjectionRunnerOptions options;
    options.batchSize = args.size() > 2 ? args[2].toLongLong() : 20;
    options.workerId = args.size() > 3 ? args[3] : u"projectionworker"_s;
    options.onBatch = [&out](const BatchReport& batch) {
        out << "batch " << batch.projection << ' ' << batch.generation << ' ' << batch.toPosition << Qt::endl;
    };
    ProjectionRunner runner(**store, builtinProjections(), options);
    auto run = runner.catchUp();
    if (!run) {
        err << run.error().toString() << Qt::endl;
        return 4;
    }
    for (const auto& report : std::as_const(run->projections)) {
        if (report.outcome != ProjectionOutcome::CaughtUp) {
            err << report.name << ": " << projectionOutcomeName(report.outcome) << ' ' << report.error << Qt::endl;
            return 5;
        }
    }
    out << "done " << run->eventsHandled() << Qt::endl;
    return 0;
}
