#pragma once

#include "events/recordedevent.h"
#include "store/readoptions.h"
#include "util/result.h"

#include <QList>

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
