// SPDX-License-Identifier: GPL-3.0-or-later
#include "storesession.h"
#include "store/storeaddress.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <libpq-fe.h>

using namespace Qt::StringLiterals;

namespace flashback::test {

struct StoreSession::Backend {
    PGconn* postgres = nullptr;
    QString sqliteConnection; ///< The QSqlDatabase connection name; empty for PostgreSQL.
};

StoreSession::StoreSession(const QString& address)
    : m_backend(std::make_unique<Backend>())
{
    const auto parsed = StoreAddress::parse(address);
    if (!parsed) {
        m_error = parsed.error().message;
        return;
    }
    if (parsed->kind == StoreAddress::Kind::Postgres) {
        m_backend->postgres = PQconnectdb(parsed->location.toUtf8().constData());
        if (PQstatus(m_backend->postgres) != CONNECTION_OK)
            m_error = QString::fromUtf8(PQerrorMessage(m_backend->postgres));
        return;
    }
    static int counter = 0;
    m_backend->sqliteConnection = u"flashback_test_session_%1"_s.arg(++counter);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_backend->sqliteConnection);
    db.setDatabaseName(parsed->location);
    if (!db.open())
        m_error = db.lastError().text();
}

StoreSession::~StoreSession()
{
    if (m_backend->postgres) {
        PQfinish(m_backend->postgres);
        return;
    }
    if (m_backend->sqliteConnection.isEmpty())
        return;
    QSqlDatabase::database(m_backend->sqliteConnection, false).close();
    QSqlDatabase::removeDatabase(m_backend->sqliteConnection);
}

bool StoreSession::isOpen() const
{
    if (m_backend->postgres)
        return PQstatus(m_backend->postgres) == CONNECTION_OK;
    return !m_backend->sqliteConnection.isEmpty()
        && QSqlDatabase::database(m_backend->sqliteConnection, false).isOpen();
}

bool StoreSession::exec(const QString& sql)
{
    if (!isOpen())
        return false;
    if (m_backend->postgres) {
        PGresult* result = PQexec(m_backend->postgres, sql.toUtf8().constData());
        const ExecStatusType status = PQresultStatus(result);
        const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
        if (!ok)
            m_error = QString::fromUtf8(PQresultErrorMessage(result));
        PQclear(result);
        return ok;
    }
    QSqlQuery query(QSqlDatabase::database(m_backend->sqliteConnection, false));
    if (!query.exec(sql)) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

QVariant StoreSession::value(const QString& sql)
{
    if (!isOpen())
        return {};
    if (m_backend->postgres) {
        PGresult* result = PQexec(m_backend->postgres, sql.toUtf8().constData());
        const ExecStatusType status = PQresultStatus(result);
        QVariant value;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
            m_error = QString::fromUtf8(PQresultErrorMessage(result));
        else if (PQntuples(result) > 0 && PQnfields(result) > 0)
            value = PQgetisnull(result, 0, 0) ? QString() : QString::fromUtf8(PQgetvalue(result, 0, 0));
        PQclear(result);
        return value;
    }
    QSqlQuery query(QSqlDatabase::database(m_backend->sqliteConnection, false));
    if (!query.exec(sql)) {
        m_error = query.lastError().text();
        return {};
    }
    if (!query.next())
        return {};
    const QVariant value = query.value(0);
    return value.isNull() ? QVariant(QString()) : QVariant(value.toString());
}

QVariant StoreSession::queryValue(const QString& address, const QString& sql)
{
    StoreSession session(address);
    const QVariant value = session.value(sql);
    if (!session.lastError().isEmpty())
        qWarning().noquote() << sql << u"failed:"_s << session.lastError();
    return value;
}

} // namespace flashback::test
