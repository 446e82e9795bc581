// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/readoptions.h"
#include "textquery.h"
#include "util/timestamp.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace flashback {

/// One search, as the CLI's `search` and the window's Search pane ask it: free text and filters, all of which
/// must hold, newest (or oldest) first, a page at a time.
struct SearchQuery {
    TextQuery text;
    QStringList types; ///< Any of these event types (none: every type).
    QString actor; ///< Exact.
    QString aggregateType;
    QString streamId;
    std::optional<Timestamp> since; ///< occurred_at >= since
    std::optional<Timestamp> until; ///< occurred_at < until
    bool oldestFirst = false;
    qint64 limit = 50;
    /// Keyset cursor: the position of the previous page's last hit (SearchPage::nextCursor).
    std::optional<qint64> cursor;
    /// Payload keys or dotted paths (and "actor", "reason") the asker treats as sensitive on top of those the
    /// index masks: an event whose text matches only through their values is not a hit, so a value hidden on
    /// screen cannot be found by typing it.
    QStringList alsoMasked;

    /// The filters as the store's log applies them (EventStore::readAll), without the text.
    EventFilter eventFilter() const;

    /// A recent span as people say it: "hour", "day", "week", or N followed by m, h, d or w ("30m", "7d").
    static std::optional<std::chrono::seconds> parseSpan(const QString& text);
};

struct SearchHit {
    qint64 position = 0;
    QString streamId;
    QString aggregateType;
    qint64 revision = 0;
    QString eventType;
    QString actor;
    Timestamp occurredAt;
    QString summary;
    bool fromIndex = true; ///< False: found by scanning events the index had not reached.
};

struct SearchPage {
    QList<SearchHit> hits;
    std::optional<qint64> nextCursor; ///< Set when there may be more: pass it as SearchQuery::cursor.
    qint64 head = 0; ///< The store's head position when the search ran.
    qint64 indexedThrough = 0; ///< The index's checkpoint: events after it were scanned, not looked up.
    qint64 scannedEvents = 0; ///< Events read and matched one by one (those after the checkpoint).
    QString indexKind; ///< How the index answers text: textIndexName(); "none" when the index is empty.
};

} // namespace flashback
