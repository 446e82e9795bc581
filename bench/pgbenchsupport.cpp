// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgbenchsupport.h"
#include "benchsupport.h"

#include <QCoreApplication>

#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <string>

using namespace Qt::StringLiterals;

namespace flashback::bench {

namespace {

/// The databases created and not yet dropped, and where to drop them from: cleaned up at exit, also when a
/// benchmark ends through fail(), so a failed run leaves nothing behind on the server.
struct CreatedDatabases {
    std::mutex mutex;
    std::string maintenance;
    std::vector<std::string> names;
};

CreatedDatabases& createdDatabases()
{
    static CreatedDatabases databases;
    return databases;
}

void dropLeftoverDatabases()
{
    CreatedDatabases& databases = createdDatabases();
    const std::lock_guard lock(databases.mutex);
    if (databases.names.empty())
        return;
    PGconn* conn = PQconnectdb(databases.maintenance.c_str());
    if (PQstatus(conn) == CONNECTION_OK) {
        for (const std::string& name : databases.names) {
            const std::string sql = "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)";
            PQclear(PQexec(conn, sql.c_str()));
        }
    }
    PQfinish(conn);
    databases.names.clear();
}

QByteArray quoteConninfoValue(const QString& value)
{
    QByteArray quoted = "'";
    for (const char c : value.toUtf8()) {
        if (c == '\'' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + '\'';
}

} // namespace

PgParams& PgParams::add(qint64 number)
{
    m_values.push_back(QByteArray::number(number));
    return *this;
}

PgParams& PgParams::add(QByteArray text)
{
    m_values.push_back(std::move(text));
    return *this;
}

const char* const* PgParams::pointers()
{
    m_pointers.clear();
    for (const QByteArray& value : m_values)
        m_pointers.push_back(value.isNull() ? nullptr : value.constData());
    return m_pointers.empty() ? nullptr : m_pointers.data();
}

RawPg::RawPg(const QString& conninfo)
{
    m_conn = PQconnectdb(conninfo.toUtf8().constData());
    if (PQstatus(m_conn) != CONNECTION_OK)
        fail(u"raw baseline: cannot connect: "_s + QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
    // The store connects with client_encoding UTF8 and warnings only; the baseline does the same.
    exec("SET client_encoding = 'UTF8'; SET client_min_messages = warning");
}

RawPg::~RawPg()
{
    PQfinish(m_conn);
}

PgResultPtr RawPg::check(PGresult* result, const QByteArray& what)
{
    PgResultPtr owned(result);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_COPY_IN) {
        const QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(m_conn));
        fail(u"raw baseline: %1 failed: %2"_s.arg(QString::fromUtf8(what.left(200)), message.trimmed()));
    }
    return owned;
}

PgResultPtr RawPg::exec(const QByteArray& sql)
{
    return check(PQexec(m_conn, sql.constData()), sql);
}

PgResultPtr RawPg::query(const QByteArray& sql, PgParams& params)
{
    return check(
        PQexecParams(m_conn, sql.constData(), params.count(), nullptr, params.pointers(), nullptr, nullptr, 0), sql);
}

void RawPg::prepare(const QByteArray& name, const QByteArray& sql)
{
    check(PQprepare(m_conn, name.constData(), sql.constData(), 0, nullptr), sql);
}

PgResultPtr RawPg::run(const QByteArray& name, PgParams& params)
{
    return check(
        PQexecPrepared(m_conn, name.constData(), params.count(), params.pointers(), nullptr, nullptr, 0), name);
}

void RawPg::copyStart(const QByteArray& sql)
{
    const PgResultPtr result = check(PQexec(m_conn, sql.constData()), sql);
    if (PQresultStatus(result.get()) != PGRES_COPY_IN)
        fail(u"raw baseline: COPY did not start"_s);
}

void RawPg::copyPut(const QByteArray& rows)
{
    if (PQputCopyData(m_conn, rows.constData(), int(rows.size())) != 1)
        fail(u"raw baseline: COPY failed: "_s + QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
}

void RawPg::copyEnd()
{
    if (PQputCopyEnd(m_conn, nullptr) != 1)
        fail(u"raw baseline: COPY failed: "_s + QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
    // The COPY's own result, then the end of the command.
    while (PGresult* result = PQgetResult(m_conn))
        check(result, "COPY");
}

bool RawPg::waitForNotification(int timeoutMs)
{
    pollfd fd {PQsocket(m_conn), POLLIN, 0};
    const int ready = ::poll(&fd, 1, timeoutMs);
    if (ready < 0 && errno != EINTR)
        fail(u"raw baseline: waiting for notifications failed"_s);
    if (ready <= 0)
        return false;
    if (!PQconsumeInput(m_conn))
        fail(u"raw baseline: "_s + QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
    bool any = false;
    while (PGnotify* notification = PQnotifies(m_conn)) {
        any = true;
        PQfreemem(notification);
    }
    return any;
}

QString RawPg::value(const QByteArray& sql)
{
    const PgResultPtr result = exec(sql);
    if (PQntuples(result.get()) < 1)
        fail(u"raw baseline: no value from "_s + QString::fromUtf8(sql));
    return QString::fromUtf8(PQgetvalue(result.get(), 0, 0));
}

void appendCopyField(QByteArray& row, const QByteArray& text)
{
    for (const char c : text) {
        switch (c) {
        case '\\':
            row += "\\\\";
            break;
        case '\t':
            row += "\\t";
            break;
        case '\n':
            row += "\\n";
            break;
        case '\r':
            row += "\\r";
            break;
        default:
            row += c;
        }
    }
}

PgServer::PgServer(const QString& conninfo)
    : m_maintenance(conninfo)
{
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (!options) {
        PQfreemem(error);
        fail(u"--conninfo is not a valid libpq address"_s);
    }
    for (PQconninfoOption* option = options; option->keyword; ++option) {
        if (option->val && *option->val && qstrcmp(option->keyword, "dbname") != 0) {
            m_keywords.append(QString::fromUtf8(option->keyword));
            m_values.append(QString::fromUtf8(option->val));
        }
    }
    PQconninfoFree(options);
    CreatedDatabases& databases = createdDatabases();
    const std::lock_guard lock(databases.mutex);
    databases.maintenance = conninfo.toStdString();
    static const bool registered = std::atexit(dropLeftoverDatabases) == 0;
    Q_UNUSED(registered);
}

QString PgServer::conninfo(const QString& database, const QString& applicationName) const
{
    QByteArray text;
    for (qsizetype i = 0; i < m_keywords.size(); ++i) {
        if (m_keywords.at(i) == u"application_name"_s && !applicationName.isEmpty())
            continue;
        text += m_keywords.at(i).toUtf8() + '=' + quoteConninfoValue(m_values.at(i)) + ' ';
    }
    text += "dbname=" + quoteConninfoValue(database);
    if (!applicationName.isEmpty())
        text += " application_name=" + quoteConninfoValue(applicationName);
    return QString::fromUtf8(text);
}

QString PgServer::display() const
{
    QStringList parts;
    for (qsizetype i = 0; i < m_keywords.size(); ++i) {
        if (m_keywords.at(i) != u"password"_s)
            parts.append(m_keywords.at(i) + u'=' + m_values.at(i));
    }
    return parts.join(u' ');
}

QString PgServer::createDatabase(const QString& purpose, const QString& templateName)
{
    static int counter = 0;
    const QString name = u"fbbench_%1_%2_%3"_s.arg(QCoreApplication::applicationPid()).arg(++counter).arg(purpose);
    {
        CreatedDatabases& databases = createdDatabases();
        const std::lock_guard lock(databases.mutex);
        databases.names.push_back(name.toStdString());
    }
    // Names come from this code (lower case, digits, underscores), so quoting them is enough.
    QByteArray sql = "CREATE DATABASE \"" + name.toUtf8() + '"';
    if (!templateName.isEmpty())
        sql += " TEMPLATE \"" + templateName.toUtf8() + '"';
    m_maintenance.exec(sql);
    return name;
}

void PgServer::dropDatabase(const QString& name)
{
    m_maintenance.exec("DROP DATABASE IF EXISTS \"" + name.toUtf8() + "\" WITH (FORCE)");
    CreatedDatabases& databases = createdDatabases();
    const std::lock_guard lock(databases.mutex);
    std::erase(databases.names, name.toStdString());
}

void PgServer::checkpoint()
{
    m_maintenance.exec("CHECKPOINT");
}

QJsonObject PgServer::settings(const QString& database)
{
    RawPg session(conninfo(database));
    QJsonObject settings;
    for (const char* name : {"server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes",
             "shared_buffers", "wal_buffers", "max_wal_size", "checkpoint_timeout", "wal_level", "max_connections"})
        settings.insert(QString::fromLatin1(name), session.value("SHOW " + QByteArray(name)));
    settings.insert(u"libpq_version"_s, PQlibVersion());
    settings.insert(u"qt_version"_s, QString::fromLatin1(qVersion()));
    return settings;
}

QString PgServer::describe(const QJsonObject& settings)
{
    const int libpq = settings.value(u"libpq_version"_s).toInt();
    return u"PostgreSQL %1 (fsync=%2, synchronous_commit=%3, wal_sync_method=%4, full_page_writes=%5, "
           u"shared_buffers=%6, max_wal_size=%7), libpq %8.%9, Qt %10"_s.arg(
               settings.value(u"server_version"_s).toString(), settings.value(u"fsync"_s).toString(),
               settings.value(u"synchronous_commit"_s).toString(), settings.value(u"wal_sync_method"_s).toString(),
               settings.value(u"full_page_writes"_s).toString(), settings.value(u"shared_buffers"_s).toString(),
               settings.value(u"max_wal_size"_s).toString(), QString::number(libpq / 10000),
               QString::number(libpq % 10000), settings.value(u"qt_version"_s).toString());
}

QString conninfoHelp()
{
    return u"The PostgreSQL server (libpq conninfo or URI) on which each run creates, and afterwards drops, fresh "
           u"databases; the user must be allowed to CREATE DATABASE and CHECKPOINT."_s;
}

QString requiredConninfo(const QCommandLineParser& parser, const QCommandLineOption& option)
{
    const QString conninfo = parser.value(option);
    if (conninfo.isEmpty())
        fail(u"--conninfo is required"_s);
    return conninfo;
}

} // namespace flashback::bench
