// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandfields.h"
#include "commandline.h"
#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "outputformatter.h"
#include "readsideformat.h"
#include "subcommands.h"
#include "util/actor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

Result<int> passwordIterations()
{
    auto iterations = PasswordHasher::iterationsFromEnvironment();
    if (!iterations) // a usage error, so it exits as a mistyped option does
        return usageError(u"InvalidArgument"_s, iterations.error().message);
    return iterations;
}

void printResult(CliContext& context, const CommandResult& result, bool generatedStream)
{
    const OutputFormatter formatter;
    if (context.options().json) {
        context.printJson({
            {u"command_id"_s, result.commandId},
            {u"command"_s, result.commandName},
            {u"stream_id"_s, result.streamId},
            {u"aggregate_type"_s, result.aggregateType},
            {u"revision"_s, result.revision},
            {u"duplicate"_s, result.duplicate},
            {u"events"_s, formatter.eventsJson(result.events)},
        });
        return;
    }
    QString text;
    if (generatedStream && !result.duplicate)
        text += u"New %1 stream id: %2\n\n"_s.arg(result.aggregateType, result.streamId);
    text += u"command:     %1\n"
            u"stream_id:   %2\n"
            u"aggregate:   %3\n"
            u"revision:    %4\n"
            u"command_id:  %5\n"
            u"duplicate:   %6\n\n"_s.arg(result.commandName, result.streamId, result.aggregateType,
                QString::number(result.revision), result.commandId,
                result.duplicate ? u"yes (this command id was run before; nothing was appended)"_s : u"no"_s);
    text += formatter.streamEventsTable(result.events);
    context.print(text);
}

QJsonArray reservationsJson(const QList<ReservationChange>& reservations)
{
    QJsonArray list;
    for (const ReservationChange& change : reservations) {
        list.append(
            QJsonObject {{u"action"_s, change.action == ReservationChange::Action::Claim ? u"claim"_s : u"release"_s},
                {u"scope"_s, change.scope}, {u"key"_s, change.key}, {u"stream_id"_s, change.ownerStreamId}});
    }
    return list;
}

QJsonArray outboxJson(const QList<OutboxMessage>& outbox, const OutputFormatter& formatter)
{
    QJsonArray list;
    for (const OutboxMessage& message : outbox) {
        list.append(QJsonObject {{u"topic"_s, message.topic}, {u"idempotency_key"_s, message.idempotencyKey},
            {u"payload"_s, formatter.maskedObject(QJsonDocument::fromJson(message.payload).object())}});
    }
    return list;
}

void printDryRun(CliContext& context, const DryRun& run, bool commandIdGiven)
{
    const OutputFormatter formatter;
    if (context.options().json) {
        QJsonArray events = formatter.eventsJson(run.duplicate ? run.earlierEvents : run.eventsAsRecorded());
        if (!run.duplicate) {
            for (auto&& value : events) { // not stored: no position, no recording time
                QJsonObject event = value.toObject();
                event.insert(u"position"_s, QJsonValue::Null);
                event.insert(u"recorded_at"_s, QJsonValue::Null);
                value = event;
            }
        }
        QJsonArray changes;
        for (const JsonChange& change : run.changes)
            changes.append(changeJson(change, formatter));
        context.printJson({
            {u"dry_run"_s, true},
            {u"command_id"_s, run.commandId},
            {u"command"_s, run.commandName},
            {u"stream_id"_s, run.streamId},
            {u"aggregate_type"_s, run.aggregateType},
            {u"creates_stream"_s, run.createsStream},
            {u"revision_before"_s, run.revisionBefore},
            {u"revision_after"_s, run.revisionAfter},
            {u"duplicate"_s, run.duplicate},
            {u"events"_s, events},
            {u"state_before"_s, formatter.maskedObject(run.stateBefore)},
            {u"state_after"_s, formatter.maskedObject(run.stateAfter)},
            {u"changes"_s, changes},
            {u"reservations"_s, reservationsJson(run.reservations)},
            {u"outbox"_s, outboxJson(run.outbox, formatter)},
            {u"snapshot_due"_s, run.snapshotDue},
        });
        return;
    }
    QString text = u"Dry run: nothing was written.\n\n"_s;
    text += u"command:     %1\n"
            u"stream_id:   %2%3\n"
            u"aggregate:   %4\n"
            u"revision:    %5 \u2192 %6\n"
            u"command_id:  %7%8\n\n"_s.arg(run.commandName, run.streamId,
                run.createsStream ? u" (a new stream; a real run makes its own id unless --stream is given)"_s
                                  : QString(),
                run.aggregateType, QString::number(run.revisionBefore), QString::number(run.revisionAfter),
                run.commandId, commandIdGiven ? QString() : u" (made up for this run)"_s);
    if (run.duplicate) {
        text += u"This command id was run before: a real run would append nothing and report these events.\n\n"_s;
        context.print(text + formatter.streamEventsTable(run.earlierEvents));
        return;
    }
    text += u"Events it would append:\n"_s + formatter.streamEventsTable(run.eventsAsRecorded()) + u'\n';
    text += run.changes.isEmpty() ? u"It would change no field of the state.\n"_s
                                  : u"State changes:\n"_s + changesTable(run.changes, formatter);
    for (const ReservationChange& change : run.reservations) {
        text += u"\n%1 %2 '%3'"_s.arg(
            change.action == ReservationChange::Action::Claim ? u"Claims"_s : u"Frees"_s, change.scope, change.key);
    }
    for (const OutboxMessage& message : run.outbox)
        text += u"\nQueues %1 in the outbox"_s.arg(message.topic);
    if (run.snapshotDue)
        text += u"\nTakes a snapshot"_s;
    if (!run.reservations.isEmpty() || !run.outbox.isEmpty() || run.snapshotDue)
        text += u'\n';
    context.print(text);
}

} // namespace

Status runCommand(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"command"_s, u"NAME [OPTIONS]"_s,
        u"Runs one command against the store and prints the events it appended. Field values are checked "
        u"against the command's description (see: flashback-cli commands); a secret given as '-' is read as one "
        u"line from standard input. Re-running with the same --command-id appends nothing and reports the first "
        u"result. With --dry-run it is decided against the stream as it is and nothing is written."_s);
    commandLine.addPositional(u"NAME"_s, u"The command, e.g. CreateUser (see: flashback-cli commands)."_s);
    commandLine.addOption({u"stream"_s, u"The stream (aggregate id) the command applies to."_s, u"ID"_s});
    addCommandFieldOptions(commandLine);
    commandLine.addOption(
        {u"actor"_s, u"Who issues the command. Default: $FLASHBACK_ACTOR, else $USER@hostname."_s, u"A"_s});
    commandLine.addOption({u"reason"_s, u"Why; recorded in the events' metadata."_s, u"R"_s});
    commandLine.addOption(
        {u"command-id"_s, u"Idempotency key: a command id runs at most once. Default: a new id."_s, u"K"_s});
    commandLine.addOption({u"correlation-id"_s, u"Groups related commands. Default: the command id."_s, u"C"_s});
    commandLine.addOption({u"dry-run"_s,
        u"Show the events it would append, the state before and after, and the reservations and outbox messages, "
        u"writing nothing (no event, outbox row, reservation or command record). Exits as the command would."_s});
    commandLine.addOption({u"expected-revision"_s,
        u"Fail with a conflict (exit 5) unless the stream is at revision N (0: must not exist)."_s, u"N"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a command name such as CreateUser"_s);
    if (!positionals)
        return positionals.error();

    const DomainCatalog& catalog = DomainCatalog::builtin();
    const QString name = positionals->constFirst();
    const CommandSpec* spec = catalog.command(name);
    if (!spec) {
        QStringList known;
        for (const auto& command : catalog.commands())
            known.append(command.name);
        return usageError(
            u"UnknownCommand"_s, u"There is no command '%1' (known commands: %2)."_s.arg(name, known.join(u", "_s)));
    }
    auto expected = commandLine.optionalInteger(u"expected-revision"_s, 0);
    if (!expected)
        return expected.error();
    auto iterations = passwordIterations();
    if (!iterations)
        return iterations.error();
    auto fields = collectFields(context, *spec, commandLine);
    if (!fields)
        return fields.error();

    Command command;
    command.name = spec->name;
    command.streamId = commandLine.value(u"stream"_s).trimmed();
    command.fields = *fields;
    command.metadata.actor = commandLine.isSet(u"actor"_s) ? commandLine.value(u"actor"_s) : defaultActor();
    command.metadata.reason = commandLine.value(u"reason"_s);
    command.metadata.commandId = commandLine.value(u"command-id"_s).trimmed();
    command.metadata.correlationId = commandLine.value(u"correlation-id"_s).trimmed();
    command.metadata.source = u"flashback-cli"_s;
    if (*expected)
        command.expectedRevision = ExpectedRevision::exact(**expected);

    auto store = context.openStore();
    if (!store)
        return store.error();
    PasswordHasher hasher(*iterations);
    CommandHandler handler(**store, catalog, hasher);
    if (commandLine.isSet(u"dry-run"_s)) {
        auto run = handler.dryRun(command);
        if (!run)
            return run.error();
        printDryRun(context, *run, !command.metadata.commandId.isEmpty());
        return {};
    }
    OperatorAudit audit(**store, context.operatorContext(), catalog);
    auto result = audit.execute(handler, command);
    context.warnIfNotAudited(audit);
    if (!result)
        return result.error();
    printResult(context, *result, command.streamId.isEmpty());
    return {};
}

} // namespace flashback::cli
