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

/// The query those options ask for, `text` parsed as words, "phrases" and prefixes*. The stream id is looked up
/// as `events` finds it (any case or form of a UUID); an unknown stream matches nothing.
Result<SearchQuery> searchQueryFrom(const CommandLine& commandLine, EventStore& store, const QString& text);

/// --type values: "--type A,B --type C" is A, B and C.
QStringList eventTypesFrom(const QStringList& values);

/// The events the hits point at, in the hits' order.
Result<QList<RecordedEvent>> eventsOf(EventStore& store, const QList<SearchHit>& hits);

} // namespace flashback::cli
