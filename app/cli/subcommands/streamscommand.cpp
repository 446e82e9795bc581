// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "outputformatter.h"
#include "subcommands.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

QJsonObject streamJson(const StreamInfo& info)
{
    return {
        {u"stream_id"_s, info.streamId},
        {u"aggregate_type"_s, info.aggregateType},
        {u"revision"_s, info.revision},
        {u"event_count"_s, info.revision}, // revisions have no gaps
        {u"created_at"_s, info.createdAt.toIso()},
        {u"last_occurred_at"_s, info.lastOccurredAt.toIso()},
        {u"last_recorded_at"_s, info.lastRecordedAt.toIso()},
        {u"last_event_type"_s, info.lastEventType},
        {u"last_position"_s, info.lastPosition},
    };
}

} // namespace

Status runStreams(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(
        u"streams"_s, u"[OPTIONS]"_s, u"Lists streams, most recently active first, one page at a time."_s);
    commandLine.addOption({u"type"_s, u"Only streams of this aggregate type (e.g. User)."_s, u"AGGREGATE"_s});
    commandLine.addOption({u"search"_s, u"Only streams whose id contains TEXT (case-insensitive)."_s, u"TEXT"_s});
    commandLine.addOption({u"limit"_s, u"Streams per page. Default: 50."_s, u"N"_s});
    commandLine.addOption({u"cursor"_s, u"Start after the previous page: its next_cursor."_s, u"C"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();
    auto limit = commandLine.integer(u"limit"_s, 50, 1, 100000);
    if (!limit)
        return limit.error();
    auto cursor = commandLine.cursor();
    if (!cursor)
        return cursor.error();

    StreamListOptions options;
    options.aggregateType = commandLine.value(u"type"_s);
    options.idContains = commandLine.value(u"search"_s);
    options.limit = *limit;
    options.beforePosition = *cursor;

    auto store = context.openStore();
    if (!store)
        return store.error();
    auto page = (*store)->listStreams(options);
    if (!page)
        return page.error();

    if (context.options().json) {
        QJsonArray streams;
        for (const auto& info : std::as_const(page->streams))
            streams.append(streamJson(info));
        context.printJson(
            {{u"streams"_s, streams}, {u"next_cursor"_s, OutputFormatter::cursorOrNull(page->nextCursor)}});
        return {};
    }
    if (page->streams.isEmpty()) {
        context.print(u"No streams.\n"_s);
        return {};
    }
    TextTable table({u"STREAM"_s, u"TYPE"_s, u"REVISION"_s, u"LAST_ACTIVITY"_s, u"LAST_EVENT"_s});
    for (const auto& info : std::as_const(page->streams)) {
        table.addRow({info.streamId, info.aggregateType, QString::number(info.revision), info.lastOccurredAt.toIso(),
            info.lastEventType});
    }
    QString text = table.render();
    if (page->nextCursor)
        text += u"\nMore streams: add --cursor %1 for the next page.\n"_s.arg(*page->nextCursor);
    context.print(text);
    return {};
}

} // namespace flashback::cli
