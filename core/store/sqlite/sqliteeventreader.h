// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"
#include "store/eventstore.h"
#include "store/readoptions.h"
#include "store/streamindex.h"
#include "util/result.h"

#include <atomic>

namespace flashback::sqlite {

class SqliteConnection;

/// The read side of a SQLite store on one connection: a stream by revision (and its compact index), pages of the
/// global log with the incident filters in SQL, and the stream list in any order. SqliteEventStore keeps the
/// writes and hands these reads here, as the PostgreSQL store does with PgEventReader.
class SqliteEventReader {
public:
    explicit SqliteEventReader(SqliteConnection& connection)
        : m_connection(connection)
    { }

    Result<QList<RecordedEvent>> readStream(const QString& streamId, const StreamReadOptions& options);
    Result<QList<RecordedEvent>> readAll(const ReadAllOptions& options);
    Result<std::optional<StreamInfo>> stream(const QString& streamId);
    Result<StreamPage> listStreams(const StreamListOptions& options);
    Result<QList<StreamInfo>> queryStreams(const StreamQuery& query);
    Result<qint64> countStreams(const StreamQuery& query);
    Result<QStringList> aggregateTypes();
    Result<QStringList> eventTypes();
    Result<StreamIndex> readStreamIndex(
        const QString& streamId, qint64 fromRevision, const std::atomic<bool>* cancel, ReadProgress* progress);

private:
    SqliteConnection& m_connection;
};

} // namespace flashback::sqlite
