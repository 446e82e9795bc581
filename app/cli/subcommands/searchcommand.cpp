// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "outputformatter.h"
#include "search/eventsearch.h"
#include "search/searchindexprojection.h"
#include "searchoptions.h"
#include "subcommands.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

QJsonObject hitJson(const SearchHit& hit)
{
    return {
        {u"position"_s, hit.position},
        {u"occurred_at"_s, hit.occurredAt.toIso()},
        {u"stream_id"_s, hit.streamId},
        {u"aggregate_type"_s, hit.aggregateType},
        {u"revision"_s, hit.revision},
        {u"type"_s, hit.eventType},
        {u"actor"_s, hit.actor.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(hit.actor)},
        {u"summary"_s, hit.summary},
        {u"indexed"_s, hit.fromIndex},
    };
}

/// One line on how the answer was found: which index, and how far behind the head it is.
QString indexLine(const SearchPage& page)
{
    const QLocale c = QLocale::c();
    if (page.indexKind == u"none"_s)
        return u"Search index: none yet (run `flashback-cli project`); all %1 events were scanned.\n"_s.arg(page.head);
    const qint64 behind = page.head - page.indexedThrough;
    if (behind == 0)
        return u"Search index: %1, up to date.\n"_s.arg(page.indexKind);
    return u"Search index: %1, %2 events behind the head; those were scanned one by one.\n"_s.arg(
        page.indexKind, c.toString(behind));
}

} // namespace

Status runSearch(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"search"_s, u"TEXT [OPTIONS]"_s,
        u"Finds events by words, \"quoted phrases\" and prefixes* in their type, stream id, actor, reason, ids and "
        u"payload values (masked fields are never searched), newest first. Email addresses, usernames, IPs and "
        u"UUIDs are found whole and by their parts. Uses the search_index projection and scans the events it has "
        u"not reached yet, so nothing recent is missed. Filters combine (all must match)."_s);
    commandLine.addPositional(u"TEXT"_s, u"What to find; quote it in the shell when it has spaces."_s);
    addEventFilterOptions(commandLine);
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positional = commandLine.positionals(1, u"the text to search for"_s);
    if (!positional)
        return positional.error();
    const QString text = positional->constFirst();
    if (TextQuery::parse(text).isEmpty())
        return usageError(
            u"EmptySearch"_s, u"'%1' holds no letter or digit to search for; filters alone: use `log`."_s.arg(text));

    auto opened = openSearch(context, commandLine, text);
    if (!opened)
        return opened.error();
    auto& [store, query] = *opened;
    const SearchIndexProjection index;
    EventSearch search(*store, DomainCatalog::builtin().upcasters(), index.maskedKeys());
    auto page = search.search(query);
    if (!page)
        return page.error();

    if (context.options().json) {
        QJsonArray hits;
        for (const SearchHit& hit : std::as_const(page->hits))
            hits.append(hitJson(hit));
        context.printJson({{u"hits"_s, hits}, {u"next_cursor"_s, OutputFormatter::cursorOrNull(page->nextCursor)},
            {u"index"_s,
                QJsonObject {{u"kind"_s, page->indexKind}, {u"indexed_through"_s, page->indexedThrough},
                    {u"head"_s, page->head}, {u"scanned_events"_s, page->scannedEvents}}},
            {u"terms"_s, QJsonArray::fromStringList(query.text.terms())}});
        return {};
    }
    QString out;
    if (page->hits.isEmpty()) {
        out = u"No matching events.\n"_s;
    } else {
        TextTable table({u"POSITION"_s, u"OCCURRED_AT"_s, u"STREAM"_s, u"REV"_s, u"TYPE"_s, u"ACTOR"_s, u"SUMMARY"_s});
        for (const SearchHit& hit : std::as_const(page->hits)) {
            table.addRow({QString::number(hit.position), hit.occurredAt.toIso(), hit.streamId,
                QString::number(hit.revision), hit.eventType, hit.actor, hit.summary});
        }
        out = table.render();
    }
    if (page->nextCursor)
        out += u"\nMore events: add --cursor %1 for the next page.\n"_s.arg(*page->nextCursor);
    out += indexLine(*page);
    context.print(out);
    return {};
}

} // namespace flashback::cli
