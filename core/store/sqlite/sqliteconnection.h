// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "nativestatement.h"
#include "store/storeoptions.h"
#include "util/result.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <memory>
#include <unordered_map>

namespace flashback::sqlite {

/// The schema version this build writes and reads. Stores with a higher version are refused.
inline constexpr int SchemaVersion = 5;
/// The oldest version this build reads as it is, when a store opened read-only cannot be upgraded: the later
/// migrations only add indexes, which make queries faster, never different, and the operator audit table, which
/// such a store lists as empty.
inline constexpr int OldestReadableVersion = 2;
/// PRAGMA application_id of every Flashback store ("FBk1"), so foreign SQLite files are told apart.
inline constexpr quint32 ApplicationId = 0x46426B31;

/// PRAGMA application_id of the index file beside a store ("FBi1"): see IndexFile.
inline constexpr quint32 IndexApplicationId = 0x46426931;

/// What one kind of Flashback SQLite file holds: its identity, the schema versions this build reads, where its
/// migrations are and what it is called in messages.
struct FileSchema {
    quint32 applicationId;
    int version;
    int oldestReadable;
    const char* migrations; ///< resource folder of its NNNN_name.sql scripts
    const char* noun; ///< "a Flashback store", for messages
};

/// The store itself: events, streams, snapshots, outbox, and the read models of most projections.
inline constexpr FileSchema StoreFile {
    ApplicationId, SchemaVersion, OldestReadableVersion, ":/flashback/migrations/sqlite", "a Flashback store"};
/// The file beside a store that holds the read models with heavy batches (the search index), so that their
/// writes never take the store's one write lock (see SqliteReadModelFiles).
inline constexpr FileSchema IndexFile {
    IndexApplicationId, 1, 1, ":/flashback/migrations/sqlite-index", "a Flashback search index"};

/// One QSqlDatabase connection to a Flashback SQLite file, opened, checked and migrated.
/// The connection belongs to the thread that opened it and is removed when this object dies.
class SqliteConnection {
public:
    static Result<std::unique_ptr<SqliteConnection>> open(
        const QString& path, const StoreOptions& options, const FileSchema& schema = StoreFile);
    ~SqliteConnection();

    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    const QString& path() const { return m_path; }
    /// Canonical path: identifies the file for in-process commit notifications.
    const QString& canonicalPath() const { return m_canonicalPath; }
    const StoreOptions& options() const { return m_options; }
    bool isReadOnly() const { return m_readOnly; }

    /// Executes one statement without results; errors are mapped with `doing`.
    Status exec(const QString& sql, const QString& doing);
    Error error(const QSqlError& sqlError, const QString& doing) const;
    Error failure(const QSqlQuery& query, const QString& doing) const { return error(query.lastError(), doing); }

    /// A prepared statement for `sql`, prepared once per connection and reused (forward-only).
    QSqlQuery& statement(const QString& sql);

    /// A statement on the sqlite3 handle itself, prepared once per connection, for rows read by the thousand.
    /// Fails (StoreUnavailable) only if SQLite refuses the SQL or Qt's driver gave no handle.
    Result<NativeStatement*> nativeStatement(const QString& sql);
    Error nativeError(const NativeStatement& statement, const QString& doing) const;

    /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it fails.
    Status writeTransaction(const QString& doing, const std::function<Status()>& body);

private:
    SqliteConnection(QString name, QString path, StoreOptions options, const FileSchema& schema);
    Status checkAndMigrate();
    Status initialise();
    Status switchToWal(const QString& doing);
    Status migrate(int fromVersion);
    Result<qint64> pragmaValue(const QString& pragma);

    QString m_name;
    QString m_path;
    QString m_canonicalPath;
    StoreOptions m_options;
    FileSchema m_schema;
    bool m_readOnly = false;
    QHash<QString, QSqlQuery> m_statements;
    sqlite3* m_handle = nullptr;
    std::unordered_map<QString, std::unique_ptr<NativeStatement>> m_nativeStatements;
};

} // namespace flashback::sqlite
