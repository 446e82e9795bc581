// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "outbox/outboxstore.h"
#include "outputformatter.h"
#include "pagetrim.h"
#include "readsideformat.h"
#include "subcommands.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

QStringList statusNames()
{
    QStringList names;
    for (auto status : {OutboxStatus::Pending, OutboxStatus::Processing, OutboxStatus::Completed, OutboxStatus::Failed,
             OutboxStatus::Discarded})
        names.append(outboxStatusName(status));
    return names;
}

QJsonObject entryJson(const OutboxEntry& entry)
{
    const OutputFormatter formatter;
    const bool processing = entry.status == OutboxStatus::Processing;
    return {
        {u"id"_s, entry.id},
        {u"topic"_s, entry.message.topic},
        {u"status"_s, outboxStatusName(entry.status)},
        {u"attempts"_s, entry.attempts},
        {u"next_attempt_at"_s, entry.status == OutboxStatus::Pending ? timeOrNull(entry.nextAttemptAt) : QJsonValue()},
        {u"last_error"_s, textOrNull(entry.lastError)},
        {u"stream_id"_s, entry.message.streamId},
        {u"event_id"_s, entry.message.eventId.toString(QUuid::WithoutBraces)},
        {u"idempotency_key"_s, entry.message.idempotencyKey},
        {u"claimed_by"_s, processing ? textOrNull(entry.claimedBy) : QJsonValue()},
        {u"claimed_until"_s, processing ? timeOrNull(entry.claimedUntil) : QJsonValue()},
        {u"created_at"_s, timeOrNull(entry.createdAt)},
        {u"updated_at"_s, timeOrNull(entry.updatedAt)},
        {u"payload"_s, formatter.maskedObject(QJsonDocument::fromJson(entry.message.payload).object())},
    };
}

/// When a row is tried next, for people: only pending rows have a next attempt.
QString nextAttemptText(const OutboxEntry& entry)
{
    if (entry.status != OutboxStatus::Pending)
        return u"-"_s;
    const qint64 wait = entry.nextAttemptAt.micros() - Timestamp::now().micros();
    return wait <= 0 ? u"due now"_s : u"in "_s + humanDuration(std::chrono::microseconds(wait));
}

Status listRows(CliContext& context, const CommandLine& commandLine)
{
    std::optional<OutboxStatus> status;
    if (commandLine.isSet(u"status"_s)) {
        status = outboxStatusFromName(commandLine.value(u"status"_s).trimmed().toLower());
        if (!status)
            return usageError(u"InvalidArgument"_s,
                u"--status must be one of %1, not '%2'."_s.arg(
                    statusNames().join(u", "_s), commandLine.value(u"status"_s)));
    }
    auto limit = commandLine.integer(u"limit"_s, 50, 1, 100000);
    if (!limit)
        return limit.error();
    auto cursor = commandLine.cursor();
    if (!cursor)
        return cursor.error();

    auto store = context.openStore();
    if (!store)
        return store.error();
    // One more row than asked tells whether there is a next page.
    auto rows = (*store)->outbox().listOutbox({status, *limit + 1, *cursor});
    if (!rows)
        return rows.error();
    QList<OutboxEntry> entries = std::move(rows).value();
    const auto nextCursor = trimPage(entries, *limit, [](const OutboxEntry& entry) { return entry.id; });

    if (context.options().json) {
        QJsonArray list;
        for (const auto& entry : std::as_const(entries))
            list.append(entryJson(entry));
        context.printJson({{u"rows"_s, list}, {u"next_cursor"_s, OutputFormatter::cursorOrNull(nextCursor)}});
        return {};
    }
    if (entries.isEmpty()) {
        context.print(status ? u"No %1 outbox rows.\n"_s.arg(outboxStatusName(*status)) : u"The outbox is empty.\n"_s);
        return {};
    }
    TextTable table({u"ID"_s, u"TOPIC"_s, u"STATUS"_s, u"ATTEMPTS"_s, u"NEXT_ATTEMPT"_s, u"STREAM"_s, u"LAST_ERROR"_s});
    for (const auto& entry : std::as_const(entries)) {
        table.addRow({QString::number(entry.id), entry.message.topic, outboxStatusName(entry.status),
            QString::number(entry.attempts), nextAttemptText(entry), entry.message.streamId,
            entry.lastError.simplified()});
    }
    QString text = table.render();
    if (nextCursor)
        text += u"\nMore rows: add --cursor %1 for the next page.\n"_s.arg(*nextCursor);
    context.print(text);
    return {};
}

/// retry or discard one row, after checking it exists and is in a state that allows the action.
Status changeRow(CliContext& context, const QString& action, const QString& idText)
{
    bool ok = false;
    const qint64 id = idText.trimmed().toLongLong(&ok);
    if (!ok || id < 1)
        return usageError(u"InvalidArgument"_s,
            u"ID must be an outbox row id, a whole number of at least 1, not '%1'."_s.arg(idText));
    const bool retry = action == u"retry"_s;

    auto store = context.openStore();
    if (!store)
        return store.error();
    OutboxStore& outbox = (*store)->outbox();
    auto refused = [&](const OutboxEntry& entry) {
        const QString allowed = retry ? u"failed or discarded"_s : u"failed"_s;
        Error error = usageError(retry ? u"OutboxRowNotRetryable"_s : u"OutboxRowNotDiscardable"_s,
            u"Outbox row %1 is %2; only %3 rows can be %4."_s.arg(
                QString::number(id), outboxStatusName(entry.status), allowed, retry ? u"retried"_s : u"discarded"_s));
        error.context = {{u"id"_s, id}, {u"status"_s, outboxStatusName(entry.status)}};
        return error;
    };
    auto before = outbox.outboxEntry(id);
    if (!before)
        return before.error();
    if (!*before)
        return Error::notFound(u"OutboxRowNotFound"_s,
            u"There is no outbox row %1 in the store %2."_s.arg(QString::number(id), (*store)->address()),
            {{u"id"_s, id}});
    OperatorAudit audit(**store, context.operatorContext(), DomainCatalog::builtin());
    auto changed = retry ? audit.retryOutbox(id) : audit.discardOutbox(id);
    context.warnIfNotAudited(audit);
    if (!changed)
        return changed.error();
    auto after = outbox.outboxEntry(id);
    if (!after)
        return after.error();
    // Not changed: the row was in the wrong state, possibly moved there by a worker since we looked.
    const OutboxEntry& now = *after ? **after : **before;
    if (!*changed)
        return refused(now);

    if (context.options().json) {
        context.printJson({{u"action"_s, retry ? u"retried"_s : u"discarded"_s},
            {u"previous_status"_s, outboxStatusName((*before)->status)}, {u"row"_s, entryJson(now)}});
        return {};
    }
    context.print(retry ? u"Outbox row %1 (%2) was %3; it is pending again, due now, with its attempts reset.\n"_s.arg(
                      QString::number(id), now.message.topic, outboxStatusName((*before)->status))
                        : u"Outbox row %1 (%2) was %3; it is discarded: kept for the record, never delivered.\n"_s.arg(
                            QString::number(id), now.message.topic, outboxStatusName((*before)->status)));
    return {};
}

} // namespace

Status runOutbox(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"outbox"_s, u"[retry ID | discard ID] [OPTIONS]"_s,
        u"Lists outbox rows (side effects such as welcome mails, written with the events that call for them), "
        u"oldest first. 'outbox retry ID' puts a failed or discarded row back to pending, due now; 'outbox "
        u"discard ID' parks a failed row for good. Rows are delivered by flashback-cli project."_s);
    commandLine.addPositional(u"retry ID"_s, u"Retry row ID (it must be failed or discarded)."_s);
    commandLine.addPositional(u"discard ID"_s, u"Discard row ID (it must be failed)."_s);
    commandLine.addOption(
        {u"status"_s, u"Only rows with this status: pending, processing, completed, failed, discarded."_s, u"S"_s});
    commandLine.addOption({u"limit"_s, u"Rows per page. Default: 50."_s, u"N"_s});
    commandLine.addOption({u"cursor"_s, u"Continue after the previous page: its next_cursor."_s, u"C"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    const QStringList words = commandLine.positionalArguments();
    if (words.isEmpty())
        return listRows(context, commandLine);
    const QString verb = words.constFirst();
    if (verb != u"retry"_s && verb != u"discard"_s)
        return usageError(u"InvalidArgument"_s,
            u"'%1' is not an outbox action; use 'outbox', 'outbox retry ID' or 'outbox discard ID'."_s.arg(verb));
    auto action = commandLine.positionals(2, u"a row id after '%1'"_s.arg(verb));
    if (!action)
        return action.error();
    for (const auto& listing : {u"status"_s, u"limit"_s, u"cursor"_s}) {
        if (commandLine.isSet(listing))
            return usageError(
                u"UnexpectedArgument"_s, u"--%1 lists rows; it does not go with outbox %2."_s.arg(listing, verb));
    }
    return changeRow(context, verb, action->at(1));
}

} // namespace flashback::cli
