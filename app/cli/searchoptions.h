#pragma once

#include "search/searchquery.h"
#include "store/eventstore.h"
#include "util/result.h"

#include <QList>

namespace flashback::cli {

class CommandLine;

/// The filters `log` and `search` share: --type (repeatable, comma-separated), --actor, --since, --until,
/// --last, --stream, --aggregate-type, --limit, --cursor, --oldest-first.
void addEventFilterOptions(CommandLine& commandLine);

/// The query those options ask for, `text` parsed as words, "phrases" and prefixes*: checked before any store
/// is opened, so a mistake is a usage error (exit 2) whatever the store.
Result<SearchQuery> searchQueryFrom(const CommandLine& commandLine, const QString& text);
/// The query's stream id as `events` finds it (any case or form of a UUID); an unknown stream matches nothing.
Status resolveStream(EventStore& store, SearchQuery& query);

/// --type values: "--type A,B --type C" is A, B and C.
QStringList eventTypesFrom(const QStringList& values);

/// The events the hits point at, in the hits' order.
Result<QList<RecordedEvent>> eventsOf(EventStore& store, const QList<SearchHit>& hits);

} // namespace flashback::cli
