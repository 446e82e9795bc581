// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "outbox/outboxworker.h"
#include "projections/projectionrunner.h"
#include "projectionselection.h"
#include "readsideformat.h"
#include "stopsignal.h"
#include "subcommands.h"
#include "texttable.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

#include <mutex>
#include <optional>
#include <thread>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// What one run of `project` did, for the summary.
struct ProjectSummary {
    QString mode;
    QString workerId;
    bool stoppedBySignal = false;
    QList<ProjectionRunReport> projections;
    std::optional<DispatchReport> outbox; ///< Empty with --no-outbox.
};

QString deliveryText(const DispatchReport& report)
{
    return u"%1 delivered, %2 to retry later, %3 parked as failed\n"_s.arg(
        QString::number(report.delivered), QString::number(report.retried), QString::number(report.parked));
}

/// --follow's outbox worker: a thread with its own connection (never share one across threads) that drains the
/// outbox about once a second until `stop` is set.
void followOutbox(const CliContext& context, const EventStore& main, const QString& workerId, std::atomic<bool>& stop,
    bool progress, DispatchReport& total, std::optional<Error>& failure)
{
    auto store = main.reopen();
    if (!store) {
        failure = store.error();
        stop.store(true);
        return;
    }
    OutboxWorker outbox(**store, workerId);
    while (!stop.load()) {
        if (auto round = outbox.drain(); !round) {
            // Busy or briefly unavailable: say so and try again next round; the runner keeps going meanwhile.
            context.printError(u"flashback-cli: outbox: "_s + round.error().message.simplified() + u'\n');
        } else {
            total += *round;
            if (progress && round->claimed > 0)
                context.printError(u"outbox: "_s + deliveryText(*round));
        }
        for (int slice = 0; slice < 20 && !stop.load(); ++slice)
            QThread::msleep(50);
    }
}

QString noteFor(const ProjectionRunReport& report)
{
    if (report.failedPosition)
        return u"failed at position %1: %2"_s.arg(QString::number(*report.failedPosition), report.error.simplified());
    if (!report.error.isEmpty())
        return report.error.simplified();
    return report.rebuildFinished ? u"rebuild swapped in"_s : QString();
}

void printSummary(CliContext& context, const ProjectSummary& summary)
{
    if (context.options().json) {
        QJsonArray projections;
        for (const auto& report : summary.projections) {
            projections.append(QJsonObject {
                {u"name"_s, report.name},
                {u"outcome"_s, projectionOutcomeName(report.outcome)},
                {u"position"_s, report.position},
                {u"events_scanned"_s, report.eventsScanned},
                {u"events_handled"_s, report.eventsHandled},
                {u"batches"_s, report.batches},
                {u"retries"_s, report.retries},
                {u"rebuild_finished"_s, report.rebuildFinished},
                {u"failed_position"_s,
                    report.failedPosition ? QJsonValue(*report.failedPosition) : QJsonValue(QJsonValue::Null)},
                {u"error"_s, textOrNull(report.error)},
            });
        }
        QJsonValue outbox(QJsonValue::Null);
        if (summary.outbox) {
            outbox = QJsonObject {{u"claimed"_s, summary.outbox->claimed}, {u"delivered"_s, summary.outbox->delivered},
                {u"retried"_s, summary.outbox->retried}, {u"parked"_s, summary.outbox->parked},
                {u"lost_lease"_s, summary.outbox->lostLease}};
        }
        context.printJson({{u"mode"_s, summary.mode}, {u"worker_id"_s, summary.workerId},
            {u"stopped_by_signal"_s, summary.stoppedBySignal}, {u"projections"_s, projections}, {u"outbox"_s, outbox}});
        return;
    }
    QString text = summary.stoppedBySignal ? u"Stopped on request (worker %1).\n\n"_s.arg(summary.workerId)
                                           : u"Projections run by worker %1.\n\n"_s.arg(summary.workerId);
    TextTable table({u"PROJECTION"_s, u"OUTCOME"_s, u"POSITION"_s, u"READ"_s, u"HANDLED"_s, u"BATCHES"_s, u"NOTE"_s});
    for (const auto& report : summary.projections) {
        table.addRow({report.name, projectionOutcomeName(report.outcome), QString::number(report.position),
            QString::number(report.eventsScanned), QString::number(report.eventsHandled),
            QString::number(report.batches), noteFor(report)});
    }
    text += table.render() + u'\n';
    text += summary.outbox ? u"Outbox: "_s + deliveryText(*summary.outbox) : u"Outbox: skipped (--no-outbox).\n"_s;
    context.print(text);
}

/// --follow: the projections readers rely on follow the log in this thread; background ones (the search index,
/// which lets busy writers go first) on a thread and connection of their own, so their rests never hold the
/// others up; the outbox on a third.
Status follow(CliContext& context, EventStore& store, const ProjectionList& projections,
    const ProjectionRunnerOptions& options, bool withOutbox, bool progress, QHash<QString, ProjectionRunReport>& tally,
    ProjectSummary& summary)
{
    StopSignal stop;
    DispatchReport delivered;
    std::optional<Error> outboxFailure;
    std::thread outboxThread;
    if (withOutbox) {
        outboxThread = std::thread(followOutbox, std::cref(context), std::cref(store), options.workerId,
            std::ref(stop.flag()), progress, std::ref(delivered), std::ref(outboxFailure));
    }
    ProjectionList foreground = projectionsWhere(projections, false);
    ProjectionList background = projectionsWhere(projections, true);
    if (foreground.isEmpty())
        std::swap(foreground, background); // nothing else to keep apart from
    std::optional<Error> backgroundFailure;
    std::thread backgroundThread;
    if (!background.isEmpty()) {
        backgroundThread = std::thread([&] {
            auto own = store.reopen();
            Status followed
                = own ? ProjectionRunner(**own, background, options).follow(stop.flag()) : Status(own.error());
            if (!followed) {
                backgroundFailure = followed.error();
                stop.flag().store(true);
            }
        });
    }
    const Status followed = ProjectionRunner(store, foreground, options).follow(stop.flag());
    stop.flag().store(true); // a runner may have ended on an error: stop the others too
    for (std::thread* thread : {&backgroundThread, &outboxThread}) {
        if (thread->joinable())
            thread->join();
    }
    if (!followed)
        return followed;
    if (backgroundFailure)
        return *backgroundFailure;
    if (outboxFailure)
        return *outboxFailure;

    summary.stoppedBySignal = stop.received();
    if (withOutbox)
        summary.outbox = delivered;
    for (const auto& projection : projections) {
        ProjectionRunReport report = tally.value(projection->name());
        report.name = projection->name();
        report.outcome = ProjectionOutcome::Stopped;
        auto checkpoint = store.readModels().checkpoint(report.name);
        if (!checkpoint)
            return checkpoint.error();
        report.position = checkpoint->position;
        report.failedPosition = checkpoint->failedPosition;
        report.error = checkpoint->lastError;
        summary.projections.append(report);
    }
    return {};
}

} // namespace

Status runProject(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"project"_s, u"[--projection NAME]... [--once | --follow] [OPTIONS]"_s,
        u"Runs the projections (users, audit_log, search_index) from their checkpoints, and each round also delivers "
        u"due outbox rows (welcome mails) unless --no-outbox. --once (the default) catches up with the head and exits; "
        u"--follow keeps following new events until SIGINT or SIGTERM, then stops cleanly after the current "
        u"batch (each batch is one transaction). Progress goes to stderr when it is a terminal; a summary ends "
        u"the run."_s);
    commandLine.addOption(
        {u"projection"_s, u"Only this projection; repeatable and comma-separated. Default: all."_s, u"NAME"_s});
    commandLine.addOption({u"once"_s, u"Catch up with the head, deliver the outbox, and exit (the default)."_s});
    commandLine.addOption({u"follow"_s, u"Keep running until SIGINT/SIGTERM."_s});
    commandLine.addOption(
        {u"batch-size"_s, u"Events per batch (one transaction each), 1-100000. Default: 500."_s, u"N"_s});
    commandLine.addOption(
        {u"worker"_s, u"The worker id holding the projections' leases. Default: host:pid:random."_s, u"ID"_s});
    commandLine.addOption({u"no-outbox"_s, u"Do not deliver outbox rows."_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();
    if (commandLine.isSet(u"once"_s) && commandLine.isSet(u"follow"_s))
        return usageError(u"InvalidArgument"_s, u"Give --once or --follow, not both."_s);
    auto batchSize = commandLine.integer(u"batch-size"_s, 500, 1, 100000);
    if (!batchSize)
        return batchSize.error();
    auto projections = selectProjections(commandLine.values(u"projection"_s));
    if (!projections)
        return projections.error();
    const bool followMode = commandLine.isSet(u"follow"_s);
    const bool withOutbox = !commandLine.isSet(u"no-outbox"_s);
    const bool progress = context.stderrIsTerminal();

    auto store = context.openStore();
    if (!store)
        return store.error();
    // Refused up front: the runner only finds out at its first write, and with nothing to do (an empty log) it
    // never writes, so --follow would run forever while the outbox thread reports the same refusal every second
    // (on stderr, beside any --json error).
    if ((*store)->isReadOnly())
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is open read-only, so projections cannot run: they write their read models, checkpoints "
            u"and leases, and deliver the outbox."_s.arg((*store)->address()),
            {}, {{u"address"_s, (*store)->address()}});
    QHash<QString, ProjectionRunReport> tally; // per projection, from the batches: follow() reports nothing else
    std::mutex tallied; // --follow runs background projections on a thread of their own
    ProjectionRunnerOptions options;
    options.workerId = commandLine.value(u"worker"_s).trimmed();
    if (options.workerId.isEmpty())
        options.workerId = ProjectionRunner::defaultWorkerId(); // one name for all of this process's runners
    options.batchSize = *batchSize;
    options.onBatch = [&context, &tally, &tallied, progress](const BatchReport& batch) {
        const std::lock_guard lock(tallied);
        ProjectionRunReport& report = tally[batch.projection];
        report.eventsScanned += batch.scanned;
        report.eventsHandled += batch.handled;
        ++report.batches;
        if (progress)
            context.printError(batchLine(batch));
    };
    options.onProjectionRun = [&tally, &tallied](const ProjectionRunReport& run) {
        const std::lock_guard lock(tallied);
        if (run.rebuildFinished) // --follow's summary says so for the worker that swapped a rebuild in
            tally[run.name].rebuildFinished = true;
    };
    ProjectSummary summary;
    summary.mode = followMode ? u"follow"_s : u"once"_s;
    summary.workerId = options.workerId;

    if (followMode) {
        if (auto status = follow(context, **store, *projections, options, withOutbox, progress, tally, summary);
            !status)
            return status;
        printSummary(context, summary);
        return {};
    }
    ProjectionRunner runner(**store, *projections, options);
    auto report = runner.catchUp();
    if (!report)
        return report.error();
    summary.projections = report->projections;
    if (withOutbox) {
        auto delivered = OutboxWorker(**store, runner.workerId()).drain();
        if (!delivered)
            return delivered.error();
        summary.outbox = *delivered;
    }
    printSummary(context, summary);
    return {};
}

} // namespace flashback::cli
