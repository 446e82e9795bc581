// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteconnection.h"
#include "sqliteerrors.h"
#include "util/logging.h"
#include "util/timestamp.h"
#include "util/uuid.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>
#include <QtEndian>

#include <sqlite3.h>

#include <atomic>

using namespace Qt::StringLiterals;

namespace flashback::sqlite {

namespace {

/// The sqlite3 handle under a QSQLITE connection, if the driver runs on the very SQLite library Flashback links
/// (Debian's plugin links the system libsqlite3; Qt's own builds bundle a copy, whose handles must never reach
/// this library's functions). Null otherwise. A different version proves a different library; the same version
/// from a bundled copy would still share its data layout.
sqlite3* sharedSqliteHandle(const QSqlDatabase& db)
{
    const QVariant handle = db.driver()->handle();
    if (qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    QSqlQuery version(db);
    if (!version.exec(u"SELECT sqlite_version()"_s) || !version.next())
        return nullptr;
    if (version.value(0).toString() != QString::fromLatin1(sqlite3_libversion())) {
        qCWarning(lcSqlite) << "QSQLITE runs on SQLite" << version.value(0).toString() << "but Flashback links"
                            << sqlite3_libversion() << "; stream reads are unavailable";
        return nullptr;
    }
    return *static_cast<sqlite3* const*>(handle.constData());
}

/// Page cache per connection, in KiB.
constexpr int PageCacheKiB = 32 * 1024;

QString nextConnectionName()
{
    static std::atomic<quint64> counter {0};
    return u"flashback-sqlite-"_s + QString::number(++counter);
}

/// Files this process has open through SQLite, with their number of connections. Closing any descriptor of a
/// file drops every POSIX lock the process holds on it, SQLite's included: another process would then take this
/// one for gone, checkpoint and delete the WAL under its feet, and commits would vanish into the unlinked file.
/// So a file already open here is never probed again (it is known to be SQLite anyway).
struct OpenFiles {
    QMutex mutex;
    QHash<QString, int> connections;
};

OpenFiles& openFiles()
{
    static OpenFiles files;
    return files;
}

/// CreateIfMissing where there is no store yet, on a read-only open (--read-only, or a file without write
/// permission): creating one would be a write, so it is refused as one, not reported as a missing store.
Error cannotCreateReadOnly(const QString& path, const QVariantMap& context)
{
    return Error::make(ErrorKind::StoreReadOnly,
        u"There is no Flashback store at %1 yet, and creating one needs write access (it was opened read-only)."_s.arg(
            path),
        {}, context);
}

bool isOpenInThisProcess(const QString& path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    if (canonical.isEmpty())
        return false;
    OpenFiles& files = openFiles();
    const QMutexLocker lock(&files.mutex);
    return files.connections.value(canonical) > 0;
}

void countConnection(const QString& canonicalPath, int delta)
{
    if (canonicalPath.isEmpty())
        return;
    OpenFiles& files = openFiles();
    const QMutexLocker lock(&files.mutex);
    int& count = files.connections[canonicalPath];
    count += delta;
    if (count <= 0)
        files.connections.remove(canonicalPath);
}

/// What the first bytes of a file say, read without SQLite so that a foreign file is never touched.
enum class FileKind { Missing, Directory, Empty, NotSqlite, Sqlite };

FileKind probe(const QString& path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return FileKind::Missing;
    if (info.isDir())
        return FileKind::Directory;
    if (info.size() == 0)
        return FileKind::Empty;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return FileKind::Sqlite; // let SQLite report the permission problem in its words
    static const QByteArray magic("SQLite format 3\0", 16);
    return file.read(16) == magic ? FileKind::Sqlite : FileKind::NotSqlite;
}

/// Splits a migration script into statements. Statements end with ';' at the end of a line; a CREATE TRIGGER
/// runs until its "END;" line.
QStringList splitStatements(const QString& script)
{
    QStringList statements;
    QString current;
    bool inTrigger = false;
    const auto lines = script.split(u'\n');
    for (const auto& line : lines) {
        const QString trimmed = line.trimmed();
        if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith(u"--"_s)))
            continue;
        if (current.isEmpty() && trimmed.startsWith(u"CREATE TRIGGER"_s, Qt::CaseInsensitive))
            inTrigger = true;
        current += line + u'\n';
        const bool ends = inTrigger ? trimmed.compare(u"END;"_s, Qt::CaseInsensitive) == 0 : trimmed.endsWith(u';');
        if (ends) {
            statements.append(current.trimmed());
            current.clear();
            inTrigger = false;
        }
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

} // namespace

SqliteConnection::SqliteConnection(QString name, QString path, StoreOptions options, const FileSchema& schema)
    : m_name(std::move(name))
    , m_path(std::move(path))
    , m_options(options)
    , m_schema(schema)
    , m_readOnly(options.readOnly)
{ }

SqliteConnection::~SqliteConnection()
{
    m_statements.clear(); // prepared statements must go before the connection
    m_nativeStatements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    countConnection(m_canonicalPath, -1);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(
    const QString& path, const StoreOptions& options, const FileSchema& schema)
{
    const bool create = options.mode == StoreOptions::OpenMode::CreateIfMissing;
    const QVariantMap context {{u"path"_s, path}};
    switch (isOpenInThisProcess(path) ? FileKind::Sqlite : probe(path)) {
    case FileKind::Missing:
        if (!create)
            return Error::make(ErrorKind::StoreNotFound,
                u"There is no store at %1 (create one with: flashback-cli init --store %1)."_s.arg(path), {}, context);
        if (options.readOnly)
            return cannotCreateReadOnly(path, context);
        if (!QFileInfo(QFileInfo(path).absolutePath()).isDir())
            return Error::make(ErrorKind::StoreUnavailable,
                u"Cannot create the store %1: the folder %2 does not exist."_s.arg(
                    path, QDir::toNativeSeparators(QFileInfo(path).absolutePath())),
                {}, context);
        break;
    case FileKind::Directory:
        return Error::make(ErrorKind::NotAFlashbackStore,
            u"%1 is a folder, not %2 file."_s.arg(path, QString::fromLatin1(schema.noun)), {}, context);
    case FileKind::Empty:
        if (!create)
            return Error::make(ErrorKind::NotAFlashbackStore,
                u"%1 is an empty file, not a Flashback store (initialise it with: flashback-cli init --store %1)."_s
                    .arg(path),
                {}, context);
        if (options.readOnly)
            return cannotCreateReadOnly(path, context);
        break;
    case FileKind::NotSqlite:
        return Error::make(ErrorKind::NotAFlashbackStore,
            u"%1 is not %2 (it is not a SQLite database); it was left untouched."_s.arg(
                path, QString::fromLatin1(schema.noun)),
            {}, context);
    case FileKind::Sqlite:
        break;
    }

    std::unique_ptr<SqliteConnection> connection(new SqliteConnection(nextConnectionName(), path, options, schema));
    const QFileInfo info(path);
    if (info.exists() && !info.isWritable())
        connection->m_readOnly = true; // writes will say so clearly instead of failing deep inside SQLite

    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection->m_name);
    if (!db.isValid())
        return Error::make(ErrorKind::StoreUnavailable,
            u"The SQLite driver for Qt is not installed (package libqt6sql6-sqlite)."_s, {}, context);
    db.setDatabaseName(path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT="_s + QString::number(options.busyTimeout.count()));
    if (!db.open())
        return connection->error(db.lastError(), u"opening it"_s);
    connection->m_canonicalPath = QFileInfo(path).canonicalFilePath();
    connection->m_handle = sharedSqliteHandle(db);
    countConnection(connection->m_canonicalPath, +1);

    if (auto status = connection->checkAndMigrate(); !status)
        return status.error();

    if (connection->m_readOnly) {
        if (auto status = connection->exec(u"PRAGMA query_only = ON"_s, u"opening it read-only"_s); !status)
            return status.error();
    }
    const QString synchronous = options.durability == StoreOptions::Durability::Full ? u"FULL"_s : u"NORMAL"_s;
    if (auto status = connection->exec(u"PRAGMA synchronous = "_s + synchronous, u"opening it"_s); !status)
        return status.error();
    // SQLite's default page cache (2 MiB) is smaller than one long stream, so every replay went back to the OS
    // for each page. The cache grows only as pages are read, so small stores never pay for it.
    if (auto status = connection->exec(u"PRAGMA cache_size = -%1"_s.arg(PageCacheKiB), u"opening it"_s); !status)
        return status.error();
    qCDebug(lcSqlite) << "opened" << path << (connection->m_readOnly ? "read-only" : "read-write");
    return connection;
}

Status SqliteConnection::exec(const QString& sql, const QString& doing)
{
    QSqlQuery query(database());
    if (!query.exec(sql))
        return error(query.lastError(), doing);
    return {};
}

QSqlQuery& SqliteConnection::statement(const QString& sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery query(database());
        query.setForwardOnly(true);
        query.prepare(sql);
        it = m_statements.insert(sql, query);
    }
    return *it;
}

Result<NativeStatement*> SqliteConnection::nativeStatement(const QString& sql)
{
    auto it = m_nativeStatements.find(sql);
    if (it == m_nativeStatements.end()) {
        if (!m_handle)
            return Error::make(ErrorKind::StoreUnavailable,
                u"Qt's SQLite driver does not share Flashback's SQLite library (%1), so %2 cannot be read; Flashback "
                u"needs a Qt whose QSQLITE plugin uses the system SQLite, as Debian's does."_s.arg(
                    QString::fromLatin1(sqlite3_libversion()), m_path));
        auto statement = std::make_unique<NativeStatement>(m_handle, sql);
        if (statement->prepareCode() != 0)
            return nativeError(*statement, u"preparing a query"_s);
        it = m_nativeStatements.emplace(sql, std::move(statement)).first;
    }
    return it->second.get();
}

Error SqliteConnection::nativeError(const NativeStatement& statement, const QString& doing) const
{
    return toError(statement.errorCode(), statement.errorMessage(), m_path, doing, m_options.busyTimeout);
}

Status SqliteConnection::writeTransaction(const QString& doing, const std::function<Status()>& body)
{
    if (m_readOnly)
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is open read-only, so nothing can be written to it."_s.arg(m_path), {},
            {{u"path"_s, m_path}});
    if (auto status = exec(u"BEGIN IMMEDIATE"_s, doing); !status)
        return status;
    if (auto status = body(); !status) {
        if (auto undone = exec(u"ROLLBACK"_s, u"undoing a failed write"_s); !undone)
            qCWarning(lcSqlite) << "rollback failed:" << undone.error().toString();
        return status;
    }
    if (auto status = exec(u"COMMIT"_s, doing); !status) {
        if (auto undone = exec(u"ROLLBACK"_s, u"undoing a failed write"_s); !undone)
            qCWarning(lcSqlite) << "rollback failed:" << undone.error().toString();
        return status;
    }
    return {};
}

Error SqliteConnection::error(const QSqlError& sqlError, const QString& doing) const
{
    return toError(sqlError, m_path, doing, m_options.busyTimeout);
}

Result<qint64> SqliteConnection::pragmaValue(const QString& pragma)
{
    QSqlQuery query(database());
    if (!query.exec(u"PRAGMA "_s + pragma) || !query.next())
        return error(query.lastError(), u"reading its header"_s);
    return query.value(0).toLongLong();
}

Status SqliteConnection::checkAndMigrate()
{
    // One statement, so one snapshot: a file another process is initialising right now is seen blank or whole,
    // never with its tables but without its application id yet (which would be taken for a foreign database).
    QSqlQuery header(database());
    if (!header.exec(u"SELECT (SELECT application_id FROM pragma_application_id), "
                     u"(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)"_s)
        || !header.next())
        return error(header.lastError(), u"reading its header"_s);
    const qint64 applicationId = header.value(0).toLongLong();
    const qint64 version = header.value(1).toLongLong();
    const qint64 schemaObjects = header.value(2).toLongLong();
    header.finish(); // an open statement is an open transaction, and WAL cannot be switched on inside one
    const QVariantMap context {{u"path"_s, m_path}};

    const QString noun = QString::fromLatin1(m_schema.noun);
    if (quint32(applicationId) != m_schema.applicationId) {
        // A user_version without tables is another application's file too: it set its version before its schema.
        const bool blank = applicationId == 0 && version == 0 && schemaObjects == 0;
        if (!blank)
            return Error::make(ErrorKind::NotAFlashbackStore,
                u"%1 is a SQLite database of another application, not %2; it was left untouched."_s.arg(m_path, noun),
                {}, context);
        if (m_options.mode != StoreOptions::OpenMode::CreateIfMissing)
            return Error::make(ErrorKind::NotAFlashbackStore,
                m_schema.applicationId == ApplicationId
                    ? u"%1 is an empty database, not a Flashback store (initialise it with: flashback-cli init --store "
                      u"%1)."_s.arg(m_path)
                    : u"%1 is an empty database, not %2."_s.arg(m_path, noun),
                {}, context);
        if (m_readOnly)
            return cannotCreateReadOnly(m_path, context);
        return initialise();
    }

    if (version > m_schema.version)
        return Error::make(ErrorKind::SchemaTooNew,
            u"%1 was written by a newer Flashback (schema version %2; this build understands up to %3). "
            u"Upgrade Flashback to open it; it was left untouched."_s.arg(
                m_path, QString::number(version), QString::number(m_schema.version)),
            {}, {{u"path"_s, m_path}, {u"schema_version"_s, version}, {u"supported"_s, m_schema.version}});
    if (version < m_schema.version) {
        if (m_readOnly && version >= m_schema.oldestReadable) {
            qCDebug(lcSqlite) << "reading" << m_path << "at schema version" << version << "without upgrading it";
            return {};
        }
        if (m_readOnly)
            return Error::make(ErrorKind::StoreReadOnly,
                u"The store %1 uses an older schema (version %2) and must be upgraded, which needs write access."_s.arg(
                    m_path, QString::number(version)),
                {}, context);
        return migrate(int(version));
    }
    if (!m_readOnly)
        return switchToWal(u"switching it to write-ahead logging"_s);
    return {};
}

Status SqliteConnection::initialise()
{
    // WAL cannot be switched on inside a transaction; on a blank file it is harmless if another process
    // initialises the same file at the same moment (the transaction below re-checks).
    if (auto status = switchToWal(u"creating it"_s); !status)
        return status;
    return migrate(0);
}

Status SqliteConnection::switchToWal(const QString& doing)
{
    // Switching a rollback-journal file to WAL briefly needs it to itself. When two connections ask at the same
    // moment, SQLite refuses one at once instead of calling the busy handler (waiting could deadlock), so the
    // busy timeout is honoured here.
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        QSqlQuery query(database());
        if (query.exec(u"PRAGMA journal_mode = WAL"_s))
            return {};
        if (primaryResultCode(query.lastError()) != Busy || waited.elapsed() >= m_options.busyTimeout.count())
            return error(query.lastError(), doing);
        QThread::msleep(2);
    }
}

Status SqliteConnection::migrate(int fromVersion)
{
    QDir dir(QString::fromLatin1(m_schema.migrations));
    const QStringList files = dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    if (auto status = exec(u"BEGIN IMMEDIATE"_s, u"upgrading its schema"_s); !status)
        return status;
    auto rollback = [this](Error error) {
        if (auto undone = exec(u"ROLLBACK"_s, u"undoing a failed upgrade"_s); !undone)
            qCWarning(lcSqlite) << "rollback failed:" << undone.error().toString();
        return error;
    };
    // Another process may have migrated while we waited for the lock.
    auto current = pragmaValue(u"user_version"_s);
    if (!current)
        return rollback(current.error());
    for (const QString& file : files) {
        const int version = file.section(u'_', 0, 0).toInt();
        if (version <= *current || version <= fromVersion)
            continue;
        QFile script(dir.filePath(file));
        if (!script.open(QIODevice::ReadOnly))
            return rollback(Error::internal(u"Migration %1 is missing from the build."_s.arg(file)));
        const QStringList statements = splitStatements(QString::fromUtf8(script.readAll()));
        for (const QString& statement : statements) {
            QSqlQuery query(database());
            if (!query.exec(statement))
                return rollback(error(query.lastError(), u"applying schema migration "_s + file));
        }
        if (auto status = exec(u"PRAGMA user_version = "_s + QString::number(version), u"upgrading its schema"_s);
            !status)
            return rollback(status.error());
    }
    if (*current == 0) {
        if (auto status
            = exec(u"PRAGMA application_id = "_s + QString::number(m_schema.applicationId), u"creating it"_s);
            !status)
            return rollback(status.error());
    }
    if (*current == 0 && m_schema.applicationId == ApplicationId) {
        QSqlQuery info(database());
        info.prepare(u"INSERT OR IGNORE INTO store_info (key, value) VALUES (?, ?)"_s);
        const QList<std::pair<QString, QString>> rows {{u"store_id"_s, uuidText(IdGenerator().newV4())},
            {u"created_at"_s, Timestamp::now().toIso()},
            {u"created_by"_s, u"Flashback "_s + QStringLiteral(FLASHBACK_VERSION)}};
        for (const auto& [key, value] : rows) {
            info.bindValue(0, key);
            info.bindValue(1, value);
            if (!info.exec())
                return rollback(error(info.lastError(), u"creating it"_s));
        }
    }
    if (auto status = exec(u"COMMIT"_s, u"upgrading its schema"_s); !status)
        return rollback(status.error());
    qCDebug(lcSqlite) << m_path << "at schema version" << m_schema.version;
    return {};
}

} // namespace flashback::sqlite
