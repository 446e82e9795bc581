// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/timestamp.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <limits>
#include <optional>

namespace flashback {

enum class ReadDirection { Forward, Backward };

/// How far a long read (EventStore::readStreamIndex) has got, for a progress bar on another thread.
struct ReadProgress {
    std::atomic<qint64> done {0}; ///< Rows read so far: updated every few thousand rows, and at the end.
    std::atomic<qint64> expected {0}; ///< Rows the read expects in all (0 while unknown); a writer may add more.
};

/// A range of one stream's revisions.
struct StreamReadOptions {
    qint64 fromRevision = 1; ///< Inclusive.
    qint64 toRevision = std::numeric_limits<qint64>::max(); ///< Inclusive.
    qint64 limit = -1; ///< -1: no limit.
    ReadDirection direction = ReadDirection::Forward; ///< Backward starts at toRevision.
};

/// Which events of the global log to return. Empty members do not filter.
struct EventFilter {
    QStringList types;
    QString aggregateType;
    QString streamId;
    QString actor; ///< Exact match on metadata.actor.
    std::optional<Timestamp> since; ///< occurred_at >= since
    std::optional<Timestamp> until; ///< occurred_at < until
    QString text; ///< Literal substring of the payload or metadata JSON, ASCII case-insensitive.

    bool isEmpty() const
    {
        return types.isEmpty() && aggregateType.isEmpty() && streamId.isEmpty() && actor.isEmpty() && !since && !until
            && text.isEmpty();
    }
};

/// A page of the global log.
struct ReadAllOptions {
    /// Forward: events with position > cursor (default 0). Backward: position < cursor (default: from the head).
    std::optional<qint64> cursor;
    qint64 limit = 1000;
    ReadDirection direction = ReadDirection::Forward;
    EventFilter filter;
};

/// A page of streams, most recently active first.
struct StreamListOptions {
    QString aggregateType;
    QString idContains; ///< Case-insensitive substring of the stream id.
    qint64 limit = 100;
    std::optional<qint64> beforePosition; ///< Cursor: streams whose last event is older than this position.
};

/// The column a stream query sorts by. Ties are broken by the last position (unique), in the same direction, so
/// pages never overlap. Text sorts by code point (UTF-8 bytes), the same on every backend and in every locale.
enum class StreamSort {
    LastActivity, ///< StreamInfo::lastOccurredAt, the time shown (backdated events sort by when they say they were).
    StreamId, ///< Unique: needs no tiebreaker.
    AggregateType,
    EventCount, ///< StreamInfo::revision.
    FirstActivity, ///< StreamInfo::createdAt.
    LastEventType,
};

/// Streams by any column, in offset pages, for views that jump to any row (the window's Streams pane). Sorting,
/// filtering and counting run in the database.
struct StreamQuery {
    QString aggregateType; ///< Exact aggregate type; empty: every type.
    QString text; ///< Literal substring of the stream id or the aggregate type, ASCII case-insensitive.
    StreamSort sort = StreamSort::LastActivity;
    bool descending = true;
    qint64 offset = 0; ///< Rows to skip; negative counts as 0.
    qint64 limit = 100; ///< Rows at most; negative: no limit.
};

/// One stream's summary.
struct StreamInfo {
    QString streamId;
    QString aggregateType;
    qint64 revision = 0; ///< Also the number of events: revisions have no gaps.
    qint64 firstPosition = 0;
    qint64 lastPosition = 0;
    Timestamp createdAt; ///< occurred_at of revision 1.
    Timestamp lastOccurredAt;
    Timestamp lastRecordedAt;
    QString lastEventType;
};

struct StreamPage {
    QList<StreamInfo> streams;
    std::optional<qint64> nextCursor; ///< Pass as beforePosition for the next page; empty on the last page.
};

/// Store-wide figures for status lines and summaries.
struct StoreStatistics {
    qint64 streamCount = 0;
    qint64 eventCount = 0;
    qint64 headPosition = 0;
    std::optional<Timestamp> firstOccurredAt;
    std::optional<Timestamp> lastOccurredAt;
};

} // namespace flashback
