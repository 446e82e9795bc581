// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgtestdatabases.h"

#include <QCoreApplication>

#include <libpq-fe.h>

#include <cerrno>
#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;

namespace flashback::test {

namespace {

constexpr auto Prefix = "fbtest_";

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

Connection connect(const QString& conninfo)
{
    Connection conn(PQconnectdb(conninfo.toUtf8().constData()), &PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK)
        qFatal("cannot connect to the PostgreSQL test server (FLASHBACK_TEST_PG): %s", PQerrorMessage(conn.get()));
    return conn;
}

Result run(PGconn* conn, const QString& sql)
{
    Result result(PQexec(conn, sql.toUtf8().constData()), &PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        qFatal("PostgreSQL test server: %s failed: %s", qPrintable(sql), PQresultErrorMessage(result.get()));
    return result;
}

QString quoted(const QString& value)
{
    QString escaped = value;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
    return u'\'' + escaped + u'\'';
}

} // namespace

PgTestDatabases::PgTestDatabases()
    : m_admin(qEnvironmentVariable("FLASHBACK_TEST_PG"))
{
    if (m_admin.isEmpty())
        qFatal("FLASHBACK_TEST_PG is not set: the PostgreSQL tests need an admin conninfo of a throwaway server, "
               "e.g. FLASHBACK_TEST_PG='host=127.0.0.1 port=55432 user=postgres dbname=postgres'");
    dropLeftovers();
}

PgTestDatabases::~PgTestDatabases()
{
    if (m_created.isEmpty())
        return;
    Connection conn = connect(m_admin);
    for (const QString& name : std::as_const(m_created))
        run(conn.get(), u"DROP DATABASE IF EXISTS "_s + name + u" WITH (FORCE)"_s);
}

void PgTestDatabases::dropLeftovers() const
{
    Connection conn = connect(m_admin);
    Result names = run(conn.get(), u"SELECT datname FROM pg_database WHERE datname LIKE 'fbtest\\_%'"_s);
    for (int row = 0; row < PQntuples(names.get()); ++row) {
        const QString name = QString::fromUtf8(PQgetvalue(names.get(), row, 0));
        const qint64 pid = name.section(u'_', 1, 1).toLongLong();
        if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) // its test process is gone
            run(conn.get(), u"DROP DATABASE IF EXISTS "_s + name + u" WITH (FORCE)"_s);
    }
}

QString PgTestDatabases::create()
{
    const QString name = QString::fromLatin1(Prefix) + QString::number(QCoreApplication::applicationPid()) + u'_'
        + QString::number(++m_counter);
    Connection conn = connect(m_admin);
    run(conn.get(), u"CREATE DATABASE "_s + name);
    m_created.append(name);
    return withOption(m_admin, u"dbname"_s, name);
}

void PgTestDatabases::adminExec(const QString& sql) const
{
    Connection conn = connect(m_admin);
    run(conn.get(), sql);
}

QString PgTestDatabases::option(const QString& conninfo, const QString& key)
{
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (!options)
        qFatal("invalid conninfo %s: %s", qPrintable(conninfo), error ? error : "");
    QString value;
    for (PQconninfoOption* option = options; option->keyword; ++option) {
        if (option->val && QString::fromUtf8(option->keyword) == key)
            value = QString::fromUtf8(option->val);
    }
    PQconninfoFree(options);
    return value;
}

QString PgTestDatabases::withOption(const QString& conninfo, const QString& key, const QString& value)
{
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (!options)
        qFatal("invalid conninfo %s: %s", qPrintable(conninfo), error ? error : "");
    QStringList parts;
    for (PQconninfoOption* option = options; option->keyword; ++option) {
        const QString keyword = QString::fromUtf8(option->keyword);
        if (option->val && keyword != key)
            parts.append(keyword + u'=' + quoted(QString::fromUtf8(option->val)));
    }
    PQconninfoFree(options);
    parts.append(key + u'=' + quoted(value));
    return parts.join(u' ');
}

} // namespace flashback::test
