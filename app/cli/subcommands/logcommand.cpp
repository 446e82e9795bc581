// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "outputformatter.h"
#include "search/eventsearch.h"
#include "search/searchindexprojection.h"
#include "searchoptions.h"
#include "subcommands.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// The page of events a query asks for, through the search index when it has text, else straight from the log.
Result<std::pair<QList<RecordedEvent>, std::optional<qint64>>> readPage(EventStore& store, const SearchQuery& query)
{
    if (!query.text.isEmpty()) {
        const SearchIndexProjection index;
        EventSearch search(store, DomainCatalog::builtin().upcasters(), index.maskedKeys());
        auto page = search.search(query);
        if (!page)
            return page.error();
        auto events = eventsOf(store, page->hits);
        if (!events)
            return events.error();
        return std::pair {std::move(events).value(), page->nextCursor};
    }
    ReadAllOptions options;
    options.direction = query.oldestFirst ? ReadDirection::Forward : ReadDirection::Backward;
    options.cursor = query.cursor;
    options.limit = query.limit + 1; // one more tells whether there is a next page
    options.filter = query.eventFilter();
    auto read = store.readAll(options);
    if (!read)
        return read.error();
    QList<RecordedEvent> events = std::move(read).value();
    std::optional<qint64> nextCursor;
    if (events.size() > query.limit) {
        events.resize(query.limit);
        nextCursor = events.constLast().position;
    }
    return std::pair {std::move(events), nextCursor};
}

} // namespace

Status runLog(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"log"_s, u"[OPTIONS]"_s,
        u"Searches the global event log across all streams, newest first, one page at a time. Filters combine "
        u"(all must match)."_s);
    addEventFilterOptions(commandLine);
    commandLine.addOption({u"text"_s,
        u"Only events found by these words, \"phrases\" or prefixes* (as `search` finds them, through the "
        u"search index)."_s,
        u"S"_s});
    commandLine.addOption({u"reveal"_s, u"Show masked fields (password hashes) as stored."_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();
    if (commandLine.isSet(u"text"_s) && TextQuery::parse(commandLine.value(u"text"_s)).isEmpty())
        return usageError(u"EmptySearch"_s,
            u"--text '%1' holds no letter or digit to search for."_s.arg(commandLine.value(u"text"_s)));

    auto opened = openSearch(context, commandLine, commandLine.value(u"text"_s));
    if (!opened)
        return opened.error();
    auto& [store, query] = *opened;
    auto page = readPage(*store, query);
    if (!page)
        return page.error();
    const auto& [events, nextCursor] = *page;

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
