// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "outputformatter.h"
#include "readsideformat.h"
#include "streamlookup.h"
#include "subcommands.h"
#include "texttable.h"
#include "timetravel/timetravel.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

const QString RevealHelp = u"Show masked fields (password hashes) as stored."_s;

QString provenanceText(const StateAt& state)
{
    if (state.snapshotRevision && state.eventsFolded == 0)
        return u"Restored from the snapshot at revision %1."_s.arg(*state.snapshotRevision);
    if (state.snapshotRevision)
        return u"Restored from the snapshot at revision %1, then replayed %2 events."_s.arg(
            QString::number(*state.snapshotRevision), QString::number(state.eventsFolded));
    return u"Replayed %1 events from the first one (no snapshot used)."_s.arg(state.eventsFolded);
}

/// `asOf`: the instant asked for with --at, if any.
void printState(
    CliContext& context, const StateAt& state, std::optional<Timestamp> asOf, const OutputFormatter& formatter)
{
    const QJsonObject fields = formatter.maskedObject(state.state);
    if (context.options().json) {
        context.printJson({
            {u"stream_id"_s, state.streamId},
            {u"aggregate_type"_s, state.aggregateType},
            {u"revision"_s, state.revision},
            {u"head_revision"_s, state.headRevision},
            {u"occurred_at"_s, state.occurredAt.toIso()},
            {u"as_of"_s, OutputFormatter::timeOrNull(asOf)},
            {u"from_snapshot"_s, state.snapshotRevision.has_value()},
            {u"snapshot_revision"_s,
                state.snapshotRevision ? QJsonValue(*state.snapshotRevision) : QJsonValue(QJsonValue::Null)},
            {u"events_folded"_s, state.eventsFolded},
            {u"generic"_s, state.generic},
            {u"state"_s, fields},
        });
        return;
    }
    QString text = asOf ? u"As of %1:\n"_s.arg(asOf->toIso()) : QString();
    text += u"%1 %2 at revision %3 of %4 (its last event occurred at %5)\n"_s.arg(state.aggregateType, state.streamId,
        QString::number(state.revision), QString::number(state.headRevision), state.occurredAt.toIso());
    text += provenanceText(state) + u'\n';
    if (state.generic)
        text += u"Folded generically: Flashback does not know the aggregate type %1.\n"_s.arg(state.aggregateType);
    TextTable table({u"FIELD"_s, u"VALUE"_s});
    for (auto it = fields.begin(); it != fields.end(); ++it)
        table.addRow({it.key(), valueText(it.value())});
    context.print(text + u'\n' + table.render());
}

/// "status, address.city": the fields a path can name, for a history that found nothing.
QString topLevelFields(const QJsonObject& state)
{
    return state.keys().join(u", "_s);
}

} // namespace

Status runState(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"state"_s, u"STREAM [--at-revision N | --at TIME] [OPTIONS]"_s,
        u"Shows a stream's state, folded from its events: the current state, or the state as of a revision or an "
        u"instant. Says whether a snapshot was used and how many events were replayed."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    commandLine.addOption({u"at-revision"_s, u"The state right after revision N."_s, u"N"_s});
    commandLine.addOption(
        {u"at"_s, u"The state as of TIME (ISO-8601): after the last event at or before it."_s, u"TIME"_s});
    commandLine.addOption({u"reveal"_s, RevealHelp});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a stream id"_s);
    if (!positionals)
        return positionals.error();
    auto revision = commandLine.optionalInteger(u"at-revision"_s, 1);
    if (!revision)
        return revision.error();
    auto at = commandLine.time(u"at"_s);
    if (!at)
        return at.error();
    if (*revision && *at)
        return usageError(u"InvalidArgument"_s, u"Give --at-revision or --at, not both."_s);

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;
    TimeTravel timeTravel(*store, DomainCatalog::builtin());
    auto state = *at ? timeTravel.stateAtInstant(stream.streamId, **at)
                     : timeTravel.stateAtRevision(stream.streamId, revision->value_or(stream.revision));
    if (!state)
        return state.error();
    printState(context, *state, *at, OutputFormatter(commandLine.isSet(u"reveal"_s)));
    return {};
}

Status runDiff(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"diff"_s, u"STREAM REV_A REV_B [OPTIONS]"_s,
        u"Shows what changed in a stream's state from revision REV_A to revision REV_B: every added, removed and "
        u"changed field with its path and its values before and after."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    commandLine.addPositional(u"REV_A"_s, u"The revision to compare from."_s);
    commandLine.addPositional(u"REV_B"_s, u"The revision to compare to."_s);
    commandLine.addOption({u"reveal"_s, RevealHelp});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(3, u"a stream id and two revisions"_s);
    if (!positionals)
        return positionals.error();
    auto from = revisionArgument(positionals->at(1), u"REV_A"_s);
    if (!from)
        return from.error();
    auto to = revisionArgument(positionals->at(2), u"REV_B"_s);
    if (!to)
        return to.error();

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;
    auto changes = TimeTravel(*store, DomainCatalog::builtin()).diff(stream.streamId, *from, *to);
    if (!changes)
        return changes.error();

    const OutputFormatter formatter(commandLine.isSet(u"reveal"_s));
    if (context.options().json) {
        QJsonArray list;
        for (const auto& change : std::as_const(*changes))
            list.append(changeJson(change, formatter));
        context.printJson({{u"stream_id"_s, stream.streamId}, {u"from_revision"_s, *from}, {u"to_revision"_s, *to},
            {u"changes"_s, list}});
        return {};
    }
    QString text = u"%1 %2 from revision %3 to revision %4\n\n"_s.arg(
        stream.aggregateType, stream.streamId, QString::number(*from), QString::number(*to));
    if (changes->isEmpty()) {
        context.print(text + u"No differences.\n"_s);
        return {};
    }
    context.print(text + changesTable(*changes, formatter));
    return {};
}

Status runHistory(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"history"_s, u"STREAM FIELD [OPTIONS]"_s,
        u"Shows every change of one field of a stream's state, oldest first: when, which event, who (actor), "
        u"why (reason), and the value before and after. Answers questions such as \"who set status to "
        u"deleted?\"."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    commandLine.addPositional(u"FIELD"_s, u"The field's path in the state, e.g. status or address.city."_s);
    commandLine.addOption({u"reveal"_s, RevealHelp});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(2, u"a stream id and a field"_s);
    if (!positionals)
        return positionals.error();
    const QString field = positionals->at(1).trimmed();
    if (field.isEmpty())
        return usageError(u"InvalidArgument"_s, u"FIELD must name a field of the state, e.g. status."_s);

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;
    TimeTravel timeTravel(*store, DomainCatalog::builtin());
    auto changes = timeTravel.fieldHistory(stream.streamId, field);
    if (!changes)
        return changes.error();

    const OutputFormatter formatter(commandLine.isSet(u"reveal"_s));
    if (context.options().json) {
        QJsonArray list;
        for (const auto& change : std::as_const(*changes)) {
            list.append(QJsonObject {
                {u"revision"_s, change.revision},
                {u"position"_s, change.position},
                {u"occurred_at"_s, change.occurredAt.toIso()},
                {u"event_type"_s, change.eventType},
                {u"actor"_s, change.actor},
                {u"reason"_s, change.reason},
                {u"before"_s, jsonOrNull(formatter.maskedAt(field, change.before))},
                {u"after"_s, jsonOrNull(formatter.maskedAt(field, change.after))},
            });
        }
        context.printJson({{u"stream_id"_s, stream.streamId}, {u"field"_s, field}, {u"changes"_s, list}});
        return {};
    }
    QString text = u"%1 of %2 %3\n\n"_s.arg(field, stream.aggregateType, stream.streamId);
    if (changes->isEmpty()) {
        // Most likely a mistyped path: name the fields there are.
        auto current = timeTravel.stateAtRevision(stream.streamId, stream.revision);
        if (!current)
            return current.error();
        context.print(text
            + u"No event ever set '%1'. The state's fields are: %2.\n"_s.arg(field, topLevelFields(current->state)));
        return {};
    }
    TextTable table({u"REV"_s, u"POSITION"_s, u"OCCURRED_AT"_s, u"EVENT"_s, u"ACTOR"_s, u"CHANGE"_s, u"REASON"_s});
    for (const auto& change : std::as_const(*changes)) {
        table.addRow({QString::number(change.revision), QString::number(change.position), change.occurredAt.toIso(),
            change.eventType, change.actor,
            transitionText(formatter.maskedAt(field, change.before), formatter.maskedAt(field, change.after)),
            change.reason});
    }
    context.print(text + table.render());
    return {};
}

} // namespace flashback::cli
