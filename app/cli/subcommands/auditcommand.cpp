// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "outputformatter.h"
#include "pagetrim.h"
#include "subcommands.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// --action values: "--action a,b --action c" is a, b and c; each must be a known action.
Result<QStringList> actionsFrom(const QStringList& values)
{
    QStringList actions;
    for (const QString& value : values) {
        for (const QString& part : value.split(u',', Qt::SkipEmptyParts)) {
            const QString action = part.trimmed();
            if (!OperatorAction::actionNames().contains(action))
                return usageError(u"InvalidArgument"_s,
                    u"--action must be one of %1, not '%2'."_s.arg(
                        OperatorAction::actionNames().join(u", "_s), action));
            actions.append(action);
        }
    }
    return actions;
}

} // namespace

Status runAudit(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"audit"_s, u"[OPTIONS]"_s,
        u"Lists what operators did to the store, newest first: commands issued, projections paused, resumed, "
        u"rebuilt or their rebuild cancelled, outbox rows retried or discarded, from the window or the CLI, with "
        u"who, when, from which host and tool, and the result."_s);
    commandLine.addOption({u"since"_s, u"Only actions at or after TIME (ISO-8601)."_s, u"TIME"_s});
    commandLine.addOption({u"until"_s, u"Only actions before TIME (ISO-8601)."_s, u"TIME"_s});
    commandLine.addOption({u"actor"_s, u"Only actions by A (exactly)."_s, u"A"_s});
    commandLine.addOption({u"action"_s,
        u"Only these actions; repeatable and comma-separated: %1."_s.arg(OperatorAction::actionNames().join(u", "_s)),
        u"NAME"_s});
    commandLine.addOption({u"result"_s, u"Only actions with this result: ok, refused or failed."_s, u"R"_s});
    commandLine.addOption({u"limit"_s, u"Actions per page. Default: 50."_s, u"N"_s});
    commandLine.addOption({u"cursor"_s, u"Continue after the previous page: its next_cursor."_s, u"C"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto extra = commandLine.positionals(0, {}); !extra)
        return extra.error();

    OperatorAuditQuery query;
    auto since = commandLine.time(u"since"_s);
    if (!since)
        return since.error();
    auto until = commandLine.time(u"until"_s);
    if (!until)
        return until.error();
    query.since = *since;
    query.until = *until;
    query.actor = commandLine.value(u"actor"_s);
    auto actions = actionsFrom(commandLine.values(u"action"_s));
    if (!actions)
        return actions.error();
    query.actions = *actions;
    query.result = commandLine.value(u"result"_s).trimmed().toLower();
    if (!query.result.isEmpty()
        && !QStringList {OperatorAction::Ok, OperatorAction::Refused, OperatorAction::Failed}.contains(query.result))
        return usageError(
            u"InvalidArgument"_s, u"--result must be ok, refused or failed, not '%1'."_s.arg(query.result));
    auto limit = commandLine.integer(u"limit"_s, 50, 1, 100000);
    if (!limit)
        return limit.error();
    auto cursor = commandLine.cursor();
    if (!cursor)
        return cursor.error();
    if (*cursor)
        query.beforeId = **cursor;
    query.limit = *limit + 1; // one more than asked tells whether there is a next page

    auto store = context.openStore();
    if (!store)
        return store.error();
    auto rows = (*store)->operatorAudit().listOperatorActions(query);
    if (!rows)
        return rows.error();
    QList<OperatorAction> actionsFound = std::move(rows).value();
    const auto nextCursor = trimPage(actionsFound, *limit, [](const OperatorAction& action) { return action.id; });

    if (context.options().json) {
        QJsonArray list;
        for (const auto& action : std::as_const(actionsFound))
            list.append(action.toJson());
        context.printJson({{u"actions"_s, list}, {u"next_cursor"_s, OutputFormatter::cursorOrNull(nextCursor)}});
        return {};
    }
    if (actionsFound.isEmpty()) {
        context.print(u"No operator actions recorded%1.\n"_s.arg(
            query.since || query.until || !query.actor.isEmpty() || !query.actions.isEmpty() || !query.result.isEmpty()
                ? u" that match"_s
                : QString()));
        return {};
    }
    TextTable table(
        {u"ID"_s, u"AT"_s, u"ACTOR"_s, u"HOST"_s, u"ACTION"_s, u"TARGET"_s, u"RESULT"_s, u"DETAIL"_s, u"MESSAGE"_s});
    for (const auto& action : std::as_const(actionsFound)) {
        table.addRow({QString::number(action.id), action.at.toIso(), action.actor, action.host, action.action,
            action.target, action.result, action.detailText(), action.message.simplified()});
    }
    QString text = table.render();
    if (nextCursor)
        text += u"\nMore actions: add --cursor %1 for the next page.\n"_s.arg(*nextCursor);
    context.print(text);
    return {};
}

} // namespace flashback::cli
