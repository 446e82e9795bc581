// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "search/searchquery.h"
#include "store/eventstore.h"
#include "util/result.h"

#include <QList>

namespace flashback::cli {

class CliContext;
class CommandLine;

/// The filters `log` and `search` share: --type (repeatable, comma-separated), --actor, --since, --until,
/// --last, --stream, --aggregate-type, --limit, --cursor, --oldest-first.
void addEventFilterOptions(CommandLine& commandLine);

/// The store a search reads and the query on it (`text` parsed as words, "phrases" and prefixes*): the options checked
/// first (a mistake stays a usage error whatever the store), then the store opened, then the query's stream id looked
/// up as `events` finds it (any case or form of a UUID; an unknown stream matches nothing).
struct SearchContext {
    std::unique_ptr<EventStore> store;
    SearchQuery query;
};
Result<SearchContext> openSearch(CliContext& context, const CommandLine& commandLine, const QString& text);

/// The events the hits point at, in the hits' order.
Result<QList<RecordedEvent>> eventsOf(EventStore& store, const QList<SearchHit>& hits);

} // namespace flashback::cli
