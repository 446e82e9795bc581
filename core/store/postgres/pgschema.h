// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/readmodelsql.h"
#include "util/result.h"

namespace flashback::postgres {

class PgConnection;

/// The schema version this build writes and reads. Stores with a higher version are refused.
inline constexpr int SchemaVersion = 5;
/// The oldest version this build reads as it is, when a read-only session cannot upgrade the store: the later
/// migrations only add indexes, which make queries faster, never different, and the operator audit table, which
/// such a store lists as empty.
inline constexpr int OldestReadableVersion = 3;
/// First keys of Flashback's advisory locks ("FBk1", "FBk2"); the second key is the schema's oid.
inline constexpr qint32 AppendLockSpace = 0x46426B31;
inline constexpr qint32 MigrationLockSpace = 0x46426B32;
/// Commits notify this channel with the last position as payload: a wake-up only, never the data.
inline constexpr char NotifyChannel[] = "flashback_events";

/// Recognises, creates and upgrades the Flashback tables in the connection's current schema. Checks, without
/// changing anything: the `flashback_schema` marker (missing, with other tables there: another application's
/// database, refused untouched; missing in an empty schema: created only when asked to), then the version (newer:
/// refused; older: migrated). Migrations run in one transaction under an advisory lock, so processes opening a
/// new store at the same moment create it once.
class PgSchema {
public:
    /// `create`: initialise an empty schema (CreateIfMissing on a writable store).
    static Status checkAndMigrate(PgConnection& connection, bool create);

private:
    struct State {
        bool marked = false;
        qint64 version = 0;
        qint64 otherTables = 0;
    };
    static Result<State> inspect(PgConnection& connection);
    static Status migrate(PgConnection& connection);
    static Status migrateLocked(PgConnection& connection);
};

} // namespace flashback::postgres
