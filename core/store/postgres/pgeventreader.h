// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"
#include "store/readoptions.h"
#include "store/streamindex.h"
#include "util/result.h"

#include <QList>

#include <atomic>

namespace flashback::postgres {

class PgConnection;

/// Reads events from a PostgreSQL store: one stream by revision, or pages of the global log with the incident
/// filters pushed into SQL. Shared by the store and its subscriptions (each on its own connection).
class PgEventReader {
public:
    explicit PgEventReader(PgConnection& connection)
        : m_connection(connection)
    { }

    Result<QList<RecordedEvent>> readStream(const QString& streamId, const StreamReadOptions& options);
    Result<QList<RecordedEvent>> readAll(const ReadAllOptions& options);
    /// One stream's compact index (EventStore::readStreamIndex), read in pages of IndexPageRows.
    Result<StreamIndex> readStreamIndex(
        const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress);

    /// Rows per page of an index read: a page's result (under 100 bytes a row in libpq) stays a few MB however long
    /// the stream, and the cancel flag is looked at between pages as well.
    static constexpr qint64 IndexPageRows = 50000;

    /// The event columns, for "SELECT <columns> FROM events e JOIN streams s ...".
    static const QString& columns();

    /// SQL that is true when `column` (text) contains the parameter `placeholder` ignoring ASCII case, with the
    /// parameter lowered by asciiLower(): the semantics of containsIgnoringAsciiCase on every backend.
    static QString containsIgnoringAsciiCase(const QString& column, const QString& placeholder);
    static QString asciiLower(const QString& text);

private:
    PgConnection& m_connection;
};

} // namespace flashback::postgres
