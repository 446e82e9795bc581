// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "projections/projectionlag.h"
#include "projections/projectionrunner.h"
#include "projectionselection.h"
#include "readsideformat.h"
#include "subcommands.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonObject>

#include <array>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

constexpr std::array OutboxStatuses {OutboxStatus::Pending, OutboxStatus::Processing, OutboxStatus::Failed,
    OutboxStatus::Completed, OutboxStatus::Discarded};

QJsonValue optionalJson(const std::optional<qint64>& value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject lagJson(const ProjectionLag& lag)
{
    const bool leased = !lag.leaseHolder.isEmpty();
    return {
        {u"name"_s, lag.name},
        {u"state"_s, projectionStateName(lag.state)},
        {u"head_position"_s, lag.headPosition},
        {u"checkpoint_position"_s, lag.checkpointPosition},
        {u"lag_events"_s, lag.lagEvents},
        {u"lag_seconds"_s, double(lag.lagTime.count()) / 1e6},
        {u"throughput"_s, lag.throughput},
        {u"events_processed"_s, lag.eventsProcessed},
        {u"moved_at"_s, timeOrNull(lag.movedAt)},
        {u"last_error"_s, textOrNull(lag.lastError)},
        {u"failed_position"_s, optionalJson(lag.failedPosition)},
        {u"rebuild_position"_s, optionalJson(lag.rebuildPosition)},
        {u"lease_holder"_s, textOrNull(lag.leaseHolder)},
        {u"lease_since"_s, leased ? timeOrNull(lag.leaseSince) : QJsonValue()},
        {u"lease_until"_s, leased ? timeOrNull(lag.leaseUntil) : QJsonValue()},
    };
}

QStringList lagRow(const ProjectionLag& lag, Timestamp now)
{
    QString state = projectionStateName(lag.state);
    if (lag.rebuildPosition)
        state += u" (at %1)"_s.arg(*lag.rebuildPosition);
    const QString lease = lag.leaseHolder.isEmpty()
        ? u"-"_s
        : u"%1 for %2"_s.arg(
            lag.leaseHolder, humanDuration(std::chrono::microseconds(now.micros() - lag.leaseSince.micros())));
    return {lag.name, state, QString::number(lag.headPosition), QString::number(lag.checkpointPosition),
        QString::number(lag.lagEvents), lag.lagEvents > 0 ? humanDuration(lag.lagTime) : u"-"_s,
        lag.throughput > 0 ? u"%1 ev/s"_s.arg(lag.throughput, 0, 'f', 0) : u"-"_s,
        lag.failedPosition ? QString::number(*lag.failedPosition) : u"-"_s, lease, lag.lastError.simplified()};
}

} // namespace

Status runLag(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"lag"_s, QString(),
        u"Shows how far each built-in projection is behind the head of the log: its state (running, caught up, "
        u"stalled, failed, paused, rebuilding), checkpoint, lag in events and in time, throughput, last error, "
        u"and the worker holding its lease; then the outbox's row counts."_s);
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();

    auto store = context.openStore();
    if (!store)
        return store.error();
    const Timestamp now = Timestamp::now();
    auto lags = computeLag(**store, builtinProjections(), now);
    if (!lags)
        return lags.error();
    auto counts = (*store)->outbox().outboxCounts();
    if (!counts)
        return counts.error();
    auto head = (*store)->headPosition();
    if (!head)
        return head.error();

    if (context.options().json) {
        QJsonArray projections;
        for (const auto& lag : std::as_const(*lags))
            projections.append(lagJson(lag));
        QJsonObject outbox;
        for (const auto status : OutboxStatuses)
            outbox.insert(outboxStatusName(status), counts->value(status));
        context.printJson({{u"head_position"_s, *head}, {u"projections"_s, projections}, {u"outbox"_s, outbox}});
        return {};
    }
    TextTable table({u"PROJECTION"_s, u"STATE"_s, u"HEAD"_s, u"CHECKPOINT"_s, u"LAG"_s, u"LAG_TIME"_s, u"THROUGHPUT"_s,
        u"FAILED_AT"_s, u"LEASE"_s, u"LAST_ERROR"_s});
    for (const auto& lag : std::as_const(*lags))
        table.addRow(lagRow(lag, now));
    QStringList outbox;
    for (const auto status : OutboxStatuses)
        outbox.append(u"%1 %2"_s.arg(QString::number(counts->value(status)), outboxStatusName(status)));
    context.print(table.render() + u"\nOutbox: "_s + outbox.join(u", "_s) + u'\n');
    return {};
}

Status runRebuild(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"rebuild"_s, u"PROJECTION [--batch-size N]"_s,
        u"Rebuilds a projection's read model from the first event into a new generation beside the live one, "
        u"then swaps it in: readers see the old rows until the swap. If the projection is paused, failed or "
        u"leased by another worker, the rebuild stays pending (exit 5, RebuildPending) and the next runner "
        u"finishes it."_s);
    commandLine.addPositional(u"PROJECTION"_s, u"users or audit_log."_s);
    commandLine.addOption({u"batch-size"_s, u"Events per batch, 1-100000. Default: 500."_s, u"N"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a projection name"_s);
    if (!positionals)
        return positionals.error();
    auto batchSize = commandLine.integer(u"batch-size"_s, 500, 1, 100000);
    if (!batchSize)
        return batchSize.error();
    auto projections = selectProjections(*positionals);
    if (!projections)
        return projections.error();
    if (projections->size() != 1)
        return usageError(u"InvalidArgument"_s, u"rebuild takes one projection at a time."_s);
    const QString name = projections->constFirst()->name();

    auto store = context.openStore();
    if (!store)
        return store.error();
    ProjectionRunnerOptions options;
    options.batchSize = *batchSize;
    if (context.stderrIsTerminal()) {
        options.onBatch = [&context](const BatchReport& batch) { context.printError(batchLine(batch)); };
    }
    ProjectionRunner runner(**store, *projections, options);
    OperatorAudit audit(**store, context.operatorContext(), DomainCatalog::builtin());
    OperatorAction action;
    action.action = OperatorAction::RebuildProjection;
    action.target = name;
    // Recorded however it ends: a rebuild half done stays pending, and that is worth knowing too.
    const auto recordRebuild = [&](const QString& result, const QString& message) {
        action.result = result;
        action.message = message;
        // A rebuild that failed on the store changed nothing; its row would meet the same error.
        if (!audit.record(action) && result != OperatorAction::Failed)
            context.warnIfNotAudited(audit);
    };
    auto report = runner.rebuild(name);
    if (!report) {
        recordRebuild(OperatorAction::Failed, report.error().message);
        return report.error();
    }
    auto checkpoint = (*store)->readModels().checkpoint(name);
    if (!checkpoint) {
        recordRebuild(OperatorAction::Failed, checkpoint.error().message);
        return checkpoint.error();
    }
    action.detail = {{u"events_scanned"_s, report->eventsScanned}, {u"events_handled"_s, report->eventsHandled},
        {u"generation"_s, checkpoint->generation}, {u"position"_s, checkpoint->position}};
    if (!report->rebuildFinished)
        recordRebuild(OperatorAction::Refused,
            u"Started, not finished (%1): it stays pending for the next runner."_s.arg(
                projectionOutcomeName(report->outcome)));
    else
        recordRebuild(OperatorAction::Ok,
            u"Rebuilt from %1 events; generation %2 swapped in at position %3."_s.arg(
                QString::number(report->eventsScanned), QString::number(checkpoint->generation),
                QString::number(checkpoint->position)));
    if (!report->rebuildFinished) {
        const QString why = report->error.isEmpty() ? projectionOutcomeName(report->outcome)
                                                    : projectionOutcomeName(report->outcome) + u": "_s + report->error;
        Error error = Error::make(ErrorKind::ConcurrencyConflict,
            u"The rebuild of %1 was started but not finished (%2); it stays pending and the next runner that "
            u"works on %1 finishes it (flashback-cli lag shows it as rebuilding)."_s.arg(name, why.simplified()));
        error.code = u"RebuildPending"_s;
        error.context = {{u"projection"_s, name}, {u"outcome"_s, projectionOutcomeName(report->outcome)},
            {u"rebuild_position"_s, checkpoint->rebuildPosition}};
        return error;
    }

    if (context.options().json) {
        context.printJson({{u"projection"_s, name}, {u"generation"_s, checkpoint->generation},
            {u"position"_s, checkpoint->position}, {u"events_scanned"_s, report->eventsScanned},
            {u"events_handled"_s, report->eventsHandled}, {u"batches"_s, report->batches}});
        return {};
    }
    context.print(u"Rebuilt %1: %2 events read, %3 handled in %4 batches.\n"
                  u"Generation %5 swapped in at position %6; the old generation was dropped.\n"_s.arg(name,
                      QString::number(report->eventsScanned), QString::number(report->eventsHandled),
                      QString::number(report->batches), QString::number(checkpoint->generation),
                      QString::number(checkpoint->position)));
    return {};
}

} // namespace flashback::cli
