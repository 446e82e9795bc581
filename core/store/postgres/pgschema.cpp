// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgschema.h"
#include "pgconnection.h"
#include "util/logging.h"
#include "util/timestamp.h"
#include "util/uuid.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

namespace flashback::postgres {

namespace {

Error notAStore(const PgConnection& connection, const QString& why)
{
    return Error::make(ErrorKind::NotAFlashbackStore, why, {},
        {{u"address"_s, connection.display()}, {u"schema"_s, connection.schemaName()}});
}

} // namespace

Result<PgSchema::State> PgSchema::inspect(PgConnection& connection)
{
    // One statement, one snapshot: a store another process is creating right now is seen blank or whole.
    auto facts
        = connection.exec(u"SELECT to_regclass(quote_ident(current_schema()) || '.flashback_schema') IS NOT NULL, "
                          u"(SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                          u"WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S'))"_s,
            {}, u"looking for a Flashback store"_s);
    if (!facts)
        return facts.error();
    State state;
    state.marked = facts->boolean(0, 0);
    state.otherTables = facts->integer(0, 1);
    if (!state.marked)
        return state;
    auto version = connection.exec(
        u"SELECT version FROM flashback_schema WHERE application = 'flashback'"_s, {}, u"reading its version"_s);
    if (!version || version->rows() != 1) {
        // A table of that name that is not ours: another application's database.
        state.marked = false;
        state.otherTables = std::max<qint64>(state.otherTables, 1);
        return state;
    }
    state.version = version->integer(0, 0);
    return state;
}

Status PgSchema::checkAndMigrate(PgConnection& connection, bool create)
{
    const QString where = connection.display();
    if (connection.schemaName().isEmpty())
        return Error::make(ErrorKind::StoreUnavailable,
            u"The search_path of %1 names no schema that exists, so there is nowhere to find or create the store; "
            u"create the schema or fix search_path."_s.arg(where),
            {}, {{u"address"_s, where}});
    auto state = inspect(connection);
    if (!state)
        return state.error();
    if (!state->marked) {
        if (state->otherTables > 0)
            return notAStore(connection,
                u"The PostgreSQL database %1 holds another application's tables (in schema %2), not a Flashback "
                u"store; it was left untouched. Give Flashback an empty database or schema."_s.arg(
                    where, connection.schemaName()));
        if (!create)
            return notAStore(connection,
                u"The PostgreSQL database %1 is empty, not a Flashback store (initialise it with: flashback-cli "
                u"init --store '%1')."_s.arg(where));
        // Creating the store would be a write: refused as one (as on SQLite), not reported as a missing store.
        if (connection.isReadOnly())
            return Error::make(ErrorKind::StoreReadOnly,
                u"The PostgreSQL database %1 holds no Flashback store yet, and creating one needs write access (the "
                u"session is read-only)."_s.arg(where),
                {}, {{u"address"_s, where}, {u"schema"_s, connection.schemaName()}});
        return migrate(connection);
    }
    if (state->version > SchemaVersion)
        return Error::make(ErrorKind::SchemaTooNew,
            u"The store %1 was written by a newer Flashback (schema version %2; this build understands up to %3). "
            u"Upgrade Flashback to open it; the store was left untouched."_s.arg(
                where, QString::number(state->version), QString::number(SchemaVersion)),
            {}, {{u"address"_s, where}, {u"schema_version"_s, state->version}, {u"supported"_s, SchemaVersion}});
    if (state->version < SchemaVersion) {
        if (connection.isReadOnly() && state->version >= OldestReadableVersion) {
            qCDebug(lcPostgres) << "reading" << where << "at schema version" << state->version
                                << "without upgrading it";
            return {};
        }
        if (connection.isReadOnly())
            return Error::make(ErrorKind::StoreReadOnly,
                u"The store %1 uses an older schema (version %2) and must be upgraded, which needs write access."_s.arg(
                    where, QString::number(state->version)),
                {}, {{u"address"_s, where}});
        return migrate(connection);
    }
    return {};
}

Status PgSchema::migrate(PgConnection& connection)
{
    return connection.transaction(u"upgrading its schema"_s, [&] { return migrateLocked(connection); });
}

Status PgSchema::migrateLocked(PgConnection& connection)
{
    const QString doing = u"upgrading its schema"_s;
    if (auto locked = connection.exec(
            u"SELECT pg_advisory_xact_lock($1::int, $2::int)"_s, {MigrationLockSpace, connection.lockKey()}, doing);
        !locked)
        return locked.error();
    // Looked at again under the lock: another process may have created or upgraded the store meanwhile.
    auto state = inspect(connection);
    if (!state)
        return state.error();
    if (!state->marked && state->otherTables > 0)
        return notAStore(connection,
            u"The PostgreSQL database %1 gained another application's tables while Flashback was about to "
            u"initialise it; it was left untouched."_s.arg(connection.display()));
    if (state->version >= SchemaVersion)
        return {};

    const QDir dir(u":/flashback/migrations/postgres"_s);
    const QStringList files = dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    qint64 reached = state->version;
    for (const QString& file : files) {
        const int version = file.section(u'_', 0, 0).toInt();
        if (version <= state->version || version > SchemaVersion)
            continue;
        QFile script(dir.filePath(file));
        if (!script.open(QIODevice::ReadOnly))
            return Error::internal(u"Migration %1 is missing from the build."_s.arg(file));
        if (auto status = connection.execScript(script.readAll(), u"applying schema migration "_s + file); !status)
            return status;
        reached = version;
    }
    if (reached != SchemaVersion)
        return Error::internal(u"The migrations in this build stop at version %1."_s.arg(reached));
    const qint64 now = Timestamp::now().micros();
    if (auto marked = connection.exec(u"INSERT INTO flashback_schema (application, version, updated_at) "
                                      u"VALUES ('flashback', $1, $2) ON CONFLICT (application) "
                                      u"DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at"_s,
            {SchemaVersion, now}, doing);
        !marked)
        return marked.error();
    if (state->version == 0) {
        const QList<std::pair<QString, QString>> rows {{u"store_id"_s, uuidText(IdGenerator().newV4())},
            {u"created_at"_s, Timestamp::now().toIso()},
            {u"created_by"_s, u"Flashback "_s + QStringLiteral(FLASHBACK_VERSION)}};
        for (const auto& [key, value] : rows) {
            if (auto inserted
                = connection.exec(u"INSERT INTO store_info (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING"_s,
                    {key, value}, u"creating it"_s);
                !inserted)
                return inserted.error();
        }
    }
    qCDebug(lcPostgres) << "store" << connection.display() << "at schema version" << SchemaVersion;
    return {};
}

} // namespace flashback::postgres
