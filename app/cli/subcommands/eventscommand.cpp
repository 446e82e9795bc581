// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "outputformatter.h"
#include "pagetrim.h"
#include "streamlookup.h"
#include "subcommands.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback::cli {

Status runEvents(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(
        u"events"_s, u"STREAM [OPTIONS]"_s, u"Shows the events of one stream in revision order, one page at a time."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    commandLine.addOption({u"from-revision"_s, u"First revision to show (inclusive)."_s, u"A"_s});
    commandLine.addOption({u"to-revision"_s, u"Last revision to show (inclusive)."_s, u"B"_s});
    commandLine.addOption({u"limit"_s, u"Events per page. Default: 100."_s, u"N"_s});
    commandLine.addOption({u"cursor"_s, u"Continue after the previous page: its next_cursor."_s, u"C"_s});
    commandLine.addOption({u"newest-first"_s, u"Start at the latest revision."_s});
    commandLine.addOption({u"reveal"_s, u"Show masked fields (password hashes) as stored."_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a stream id"_s);
    if (!positionals)
        return positionals.error();
    auto from = commandLine.integer(u"from-revision"_s, 1, 1);
    if (!from)
        return from.error();
    auto to = commandLine.integer(u"to-revision"_s, std::numeric_limits<qint64>::max(), 1);
    if (!to)
        return to.error();
    auto limit = commandLine.integer(u"limit"_s, 100, 1, 100000);
    if (!limit)
        return limit.error();
    auto cursor = commandLine.cursor();
    if (!cursor)
        return cursor.error();

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;

    const bool newestFirst = commandLine.isSet(u"newest-first"_s);
    StreamReadOptions options;
    options.fromRevision = *from;
    options.toRevision = *to;
    if (*cursor) {
        if (newestFirst)
            options.toRevision = std::min(options.toRevision, **cursor - 1);
        else
            options.fromRevision = std::max(options.fromRevision, **cursor + 1);
    }
    options.direction = newestFirst ? ReadDirection::Backward : ReadDirection::Forward;
    options.limit = *limit + 1; // one more tells whether there is a next page
    QList<RecordedEvent> events;
    if (options.fromRevision <= options.toRevision) {
        auto read = store->readStream(stream.streamId, options);
        if (!read)
            return read.error();
        events = std::move(read).value();
    }
    const auto nextCursor = trimPage(events, *limit, [](const RecordedEvent& event) { return event.revision; });

    const OutputFormatter formatter(commandLine.isSet(u"reveal"_s));
    if (context.options().json) {
        context.printJson({{u"stream_id"_s, stream.streamId}, {u"events"_s, formatter.eventsJson(events)},
            {u"next_cursor"_s, OutputFormatter::cursorOrNull(nextCursor)}});
        return {};
    }
    QString text
        = u"%1 %2, revision %3\n\n"_s.arg(stream.aggregateType, stream.streamId, QString::number(stream.revision));
    text += events.isEmpty() ? u"No events in this range.\n"_s : formatter.streamEventsTable(events);
    if (nextCursor)
        text += u"\nMore events: add --cursor %1 for the next page.\n"_s.arg(*nextCursor);
    context.print(text);
    return {};
}

} // namespace flashback::cli
