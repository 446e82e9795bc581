#include "clicontext.h"
#include "commandline.h"
#include "outputformatter.h"
#include "streamlookup.h"
#include "subcommands.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// --type is repeatable and each value may list several types: "--type A,B --type C".
QStringList eventTypes(const QStringList& values)
{
    QStringList types;
    for (const auto& value : values) {
        for (const auto& part : value.split(u',', Qt::SkipEmptyParts)) {
            const QString type = part.trimmed();
            if (!type.isEmpty() && !types.contains(type))
                types.append(type);
        }
    }
    return types;
}

} // namespace

Status runLog(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"log"_s, u"[OPTIONS]"_s,
        u"Searches the global event log across all streams, newest first, one page at a time. Filters combine "
        u"(all must match)."_s);
    commandLine.addOption({u"type"_s, u"Only these event types; repeatable and comma-separated."_s, u"T"_s});
    commandLine.addOption({u"actor"_s, u"Only events whose metadata.actor is exactly A."_s, u"A"_s});
    commandLine.addOption({u"since"_s, u"Only events that occurred at or after TIME (ISO-8601)."_s, u"TIME"_s});
    commandLine.addOption({u"until"_s, u"Only events that occurred before TIME (ISO-8601)."_s, u"TIME"_s});
    commandLine.addOption(
        {u"text"_s, u"Only events whose payload or metadata contains S (ASCII case-insensitive)."_s, u"S"_s});
    commandLine.addOption({u"stream"_s, u"Only events of this stream."_s, u"ID"_s});
    commandLine.addOption({u"aggregate-type"_s, u"Only events of streams of this aggregate type."_s, u"T"_s});
    commandLine.addOption({u"limit"_s, u"Events per page. Default: 50."_s, u"N"_s});
    commandLine.addOption({u"cursor"_s, u"Continue after the previous page: its next_cursor."_s, u"C"_s});
    commandLine.addOption({u"oldest-first"_s, u"Start at the beginning of the log."_s});
    commandLine.addOption({u"reveal"_s, u"Show masked fields (password hashes) as stored."_s});
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
    auto since = commandLine.time(u"since"_s);
    if (!since)
        return since.error();
    auto until = commandLine.time(u"until"_s);
    if (!until)
        return until.error();

    ReadAllOptions options;
    options.direction = commandLine.isSet(u"oldest-first"_s) ? ReadDirection::Forward : ReadDirection::Backward;
    options.cursor = *cursor;
    options.limit = *limit + 1; // one more tells whether there is a next page
    options.filter.types = eventTypes(commandLine.values(u"type"_s));
    options.filter.actor = commandLine.value(u"actor"_s);
    options.filter.since = *since;
    options.filter.until = *until;
    options.filter.text = commandLine.value(u"text"_s);
    options.filter.streamId = commandLine.value(u"stream"_s);
    options.filter.aggregateType = commandLine.value(u"aggregate-type"_s);

    auto store = context.openStore();
    if (!store)
        return store.error();
    if (!options.filter.streamId.isEmpty()) {
        // The id as `events` would find it (a UUID in any case or form); an unknown stream just matches nothing.
        auto stream = findStream(**store, options.filter.streamId);
        if (stream)
            options.filter.streamId = stream->streamId;
        else if (stream.error().kind != ErrorKind::NotFound)
            return stream.error();
    }
    auto read = (*store)->readAll(options);
    if (!read)
        return read.error();
    QList<RecordedEvent> events = std::move(read).value();
    std::optional<qint64> nextCursor;
    if (events.size() > *limit) {
        events.resize(*limit);
        nextCursor = events.constLast().position;
    }

    const OutputFormatter formatter(commandLine.isSet(u"reveal"_s));
    if (context.options().json) {
        context.printJson({{u"events"_s, formatter.eventsJson(events)},
            {u"next_cursor"_s, OutputFormatter::cursorOrNull(nextCursor)}});
        return {};
    }
    QString text = events.isEmpty() ? u"No matching events.\n"_s : formatter.logTable(events);
    if (nextCursor)
        text += u"\nMore events: add --cursor %1 for the next page.\n"_s.arg(*nextCursor);
    context.print(text);
    return {};
}

} // namespace flashback::cli
