// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchoptions.h"

#include "clicontext.h"
#include "commandline.h"
#include "streamlookup.h"

using namespace Qt::StringLiterals;

namespace flashback::cli {

void addEventFilterOptions(CommandLine& commandLine)
{
    commandLine.addOption({u"type"_s, u"Only these event types; repeatable and comma-separated."_s, u"T"_s});
    commandLine.addOption({u"actor"_s, u"Only events whose metadata.actor is exactly A."_s, u"A"_s});
    commandLine.addOption({u"since"_s, u"Only events that occurred at or after TIME (ISO-8601)."_s, u"TIME"_s});
    commandLine.addOption({u"until"_s, u"Only events that occurred before TIME (ISO-8601)."_s, u"TIME"_s});
    commandLine.addOption({u"last"_s,
        u"Only events of the last SPAN: hour, day, week, or N with m, h, d or w (30m, 7d). Not with --since."_s,
        u"SPAN"_s});
    commandLine.addOption({u"stream"_s, u"Only events of this stream."_s, u"ID"_s});
    commandLine.addOption({u"aggregate-type"_s, u"Only events of streams of this aggregate type."_s, u"T"_s});
    commandLine.addOption({u"limit"_s, u"Events per page. Default: 50."_s, u"N"_s});
    commandLine.addOption({u"cursor"_s, u"Continue after the previous page: its next_cursor."_s, u"C"_s});
    commandLine.addOption({u"oldest-first"_s, u"Start at the beginning of the log."_s});
}

namespace {

/// --type values: "--type A,B --type C" is A, B and C.
QStringList eventTypesFrom(const QStringList& values)
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

Result<SearchQuery> searchQueryFrom(const CommandLine& commandLine, const QString& text)
{
    SearchQuery query;
    query.text = TextQuery::parse(text);
    auto limit = commandLine.integer(u"limit"_s, 50, 1, 100000);
    if (!limit)
        return limit.error();
    query.limit = *limit;
    auto cursor = commandLine.cursor();
    if (!cursor)
        return cursor.error();
    query.cursor = *cursor;
    auto since = commandLine.time(u"since"_s);
    if (!since)
        return since.error();
    auto until = commandLine.time(u"until"_s);
    if (!until)
        return until.error();
    query.since = *since;
    query.until = *until;
    if (commandLine.isSet(u"last"_s)) {
        if (query.since)
            return usageError(u"ConflictingOptions"_s, u"Give --since or --last, not both."_s);
        const auto span = SearchQuery::parseSpan(commandLine.value(u"last"_s));
        if (!span)
            return usageError(u"InvalidSpan"_s,
                u"'%1' is not a span for --last; use hour, day, week, or a number with m, h, d or w (30m, 7d)."_s.arg(
                    commandLine.value(u"last"_s)));
        query.since = Timestamp::fromMicros(Timestamp::now().micros() - qint64(span->count()) * 1000000);
    }
    query.types = eventTypesFrom(commandLine.values(u"type"_s));
    query.actor = commandLine.value(u"actor"_s);
    query.aggregateType = commandLine.value(u"aggregate-type"_s);
    query.oldestFirst = commandLine.isSet(u"oldest-first"_s);
    query.streamId = commandLine.value(u"stream"_s);
    return query;
}

} // namespace

Result<SearchContext> openSearch(CliContext& context, const CommandLine& commandLine, const QString& text)
{
    auto query = searchQueryFrom(commandLine, text);
    if (!query)
        return query.error();
    auto store = context.openStore();
    if (!store)
        return store.error();
    if (!query->streamId.isEmpty()) {
        auto stream = findStream(**store, query->streamId);
        if (stream)
            query->streamId = stream->streamId;
        else if (stream.error().kind != ErrorKind::NotFound)
            return stream.error();
    }
    return SearchContext {std::move(store).value(), std::move(query).value()};
}

Result<QList<RecordedEvent>> eventsOf(EventStore& store, const QList<SearchHit>& hits)
{
    QList<RecordedEvent> events;
    events.reserve(hits.size());
    for (const SearchHit& hit : hits) {
        auto read = store.readEvent(hit.streamId, hit.revision);
        if (!read)
            return read.error();
        if (!*read)
            return Error::internal(u"The search index points at event %1 of %2, which the store does not hold."_s.arg(
                QString::number(hit.revision), hit.streamId));
        events.append(std::move(**read));
    }
    return events;
}

} // namespace flashback::cli
