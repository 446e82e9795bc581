// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgconnection.h"
#include "pgparameters.h"
#include "store/storeaddress.h"
#include "util/logging.h"

#include <QDeadlineTimer>
#include <QUuid>

#include <poll.h>

#include <cerrno>
#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace flashback::postgres {

namespace {

constexpr int DefaultConnectTimeoutSeconds = 10;

void logNotice(void* /*context*/, const char* message)
{
    qCDebug(lcPostgres) << "server notice:" << QString::fromUtf8(message).trimmed();
}

/// The connect timeout libpq would apply, from the resolved options (address, service file, PGCONNECT_TIMEOUT):
/// 0 means none was given, -1 "wait forever" (an explicit 0).
int configuredTimeout(PGconn* conn)
{
    int seconds = 0;
    PQconninfoOption* options = PQconninfo(conn);
    for (PQconninfoOption* option = options; option && option->keyword; ++option) {
        if (qstrcmp(option->keyword, "connect_timeout") == 0 && option->val && *option->val) {
            bool ok = false;
            const int value = QByteArray(option->val).trimmed().toInt(&ok);
            seconds = !ok ? 0 : value <= 0 ? -1 : std::max(value, 2);
        }
    }
    PQconninfoFree(options);
    return seconds;
}

} // namespace

PgConnection::PgConnection(QString conninfo, ErrorSource source, StoreOptions options)
    : m_conninfo(std::move(conninfo))
    , m_source(std::move(source))
    , m_options(options)
    , m_readOnly(options.readOnly)
{ }

PgConnection::~PgConnection()
{
    if (m_conn)
        PQfinish(m_conn);
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const QString& conninfo, const StoreOptions& options)
{
    ErrorSource source {StoreAddress {StoreAddress::Kind::Postgres, conninfo}.display(), {}, options.busyTimeout};
    char* parseError = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(conninfo.toUtf8().constData(), &parseError);
    if (!parsed) {
        const QString detail = parseError ? scrubSecrets(QString::fromUtf8(parseError).trimmed(), {}) : QString();
        PQfreemem(parseError);
        return Error::make(ErrorKind::InvalidArgument,
            u"The PostgreSQL address %1 is not valid: %2"_s.arg(source.display, detail), detail,
            {{u"address"_s, source.display}});
    }
    for (PQconninfoOption* option = parsed; option->keyword; ++option) {
        if (qstrcmp(option->keyword, "password") == 0 && option->val)
            source.password = QString::fromUtf8(option->val);
    }
    PQconninfoFree(parsed);

    std::unique_ptr<PgConnection> connection(new PgConnection(conninfo, std::move(source), options));
    if (auto status = connection->connect(); !status)
        return status.error();
    return connection;
}

QString PgConnection::databaseName() const
{
    return m_conn ? QString::fromUtf8(PQdb(m_conn)) : QString();
}

Status PgConnection::connect()
{
    const QByteArray address = m_conninfo.toUtf8();
    // Keywords are applied in order and the last one wins: the address may override the application name (it is
    // only a fallback), but not the encoding, which this code relies on.
    const char* const keywords[] = {"fallback_application_name", "dbname", "client_encoding", nullptr};
    const char* const values[] = {"flashback", address.constData(), "UTF8", nullptr};
    m_conn = PQconnectStartParams(keywords, values, 1);
    if (!m_conn)
        return Error::make(ErrorKind::StoreUnavailable, u"Out of memory while connecting to %1."_s.arg(display()));
    PQsetNoticeProcessor(m_conn, logNotice, nullptr);
    return finishConnecting(false);
}

Status PgConnection::finishConnecting(bool reset)
{
    // The non-blocking handshake lets this code enforce the timeout itself, across every host of the address.
    const int configured = configuredTimeout(m_conn);
    const int timeoutSeconds = configured == 0 ? DefaultConnectTimeoutSeconds : configured;
    const QDeadlineTimer deadline = timeoutSeconds < 0 ? QDeadlineTimer(QDeadlineTimer::Forever)
                                                       : QDeadlineTimer(std::chrono::seconds(timeoutSeconds));
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    bool timedOut = false;
    while (PQstatus(m_conn) != CONNECTION_BAD && state != PGRES_POLLING_OK && state != PGRES_POLLING_FAILED) {
        pollfd fd {PQsocket(m_conn), short(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
        const qint64 remaining = deadline.remainingTime();
        const int ready
            = remaining == 0 ? 0 : ::poll(&fd, 1, remaining < 0 ? -1 : int(std::min<qint64>(remaining, 1 << 30)));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0) {
            timedOut = true;
            break;
        }
        state = reset ? PQresetPoll(m_conn) : PQconnectPoll(m_conn);
    }
    if (timedOut || PQstatus(m_conn) != CONNECTION_OK)
        return connectError(
            QString::fromUtf8(PQerrorMessage(m_conn)), databaseName(), m_source, timedOut, timeoutSeconds);
    m_prepared.clear();
    m_depth = 0;
    m_unusable = false;
    return setUpSession();
}

Status PgConnection::setUpSession()
{
    // Read committed whatever the server or database defaults to: a writer reads the head in a new statement once
    // it holds the append lock, and must see every commit made before (a transaction-wide snapshot would be
    // taken before the lock wait).
    QByteArray settings = "SET client_min_messages = warning; SET default_transaction_isolation = 'read committed'; "
                          "SET lock_timeout = "
        + QByteArray::number(qint64(m_options.busyTimeout.count())) + ";";
    // Durability::Normal may lose the last commits if the server crashes, never corrupts: synchronous_commit off.
    if (m_options.durability == StoreOptions::Durability::Normal)
        settings += " SET synchronous_commit = off;";
    if (m_options.readOnly)
        settings += " SET default_transaction_read_only = on;";
    if (auto status = execScript(settings, u"setting up the session"_s); !status)
        return status;
    auto facts = exec(u"SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only') = 'on', "
                      u"current_schema(), (SELECT oid::bigint FROM pg_namespace WHERE nspname = current_schema())"_s,
        {}, u"setting up the session"_s);
    if (!facts)
        return facts.error();
    m_readOnly = m_options.readOnly || facts->boolean(0, 0) || facts->boolean(0, 1);
    m_schemaName = facts->isNull(0, 2) ? QString() : facts->text(0, 2);
    m_lockKey = facts->isNull(0, 3) ? 0 : qint32(quint32(facts->integer(0, 3)));
    qCDebug(lcPostgres) << "connected to" << display() << "schema" << m_schemaName
                        << (m_readOnly ? "read-only" : "read-write");
    return {};
}

bool PgConnection::isBroken() const
{
    return !m_conn || m_unusable || PQstatus(m_conn) == CONNECTION_BAD;
}

Status PgConnection::reviveIfBroken(const QString& doing)
{
    if (!isBroken())
        return {};
    if (m_depth > 0) // the transaction is gone with the connection; a reset would run the rest in autocommit
        return Error::make(ErrorKind::StoreUnavailable,
            u"The connection to the PostgreSQL store %1 was lost while %2; nothing of the open transaction was "
            u"stored."_s.arg(display(), doing),
            {}, {{u"address"_s, display()}});
    qCInfo(lcPostgres) << "connection to" << display() << "lost; reconnecting";
    if (!PQresetStart(m_conn))
        return connectError(QString::fromUtf8(PQerrorMessage(m_conn)), databaseName(), m_source, false, 0);
    return finishConnecting(true);
}

Result<PgResult> PgConnection::check(PgResult result, const QString& doing)
{
    if (!result.ok())
        return error(result, doing);
    return result;
}

Error PgConnection::error(const PgResult& result, const QString& doing) const
{
    return statementError(result, isBroken(), m_source, doing);
}

Result<PgResult> PgConnection::exec(const QString& sql, const QVariantList& params, const QString& doing)
{
    if (auto status = reviveIfBroken(doing); !status)
        return status.error();
    const Parameters parameters(params);
    return check(PgResult(PQexecParams(m_conn, sql.toUtf8().constData(), parameters.count(), nullptr,
                     parameters.values(), nullptr, nullptr, 0)),
        doing);
}

std::optional<QByteArray> PgConnection::preparedName(const QString& sql) const
{
    const auto it = m_prepared.constFind(sql);
    return it == m_prepared.constEnd() ? std::nullopt : std::optional<QByteArray>(*it);
}

QByteArray PgConnection::newPreparedName()
{
    return "fb" + QByteArray::number(++m_preparedCount);
}

Status PgConnection::limitPreparedStatements(const QString& doing)
{
    if (m_prepared.size() < MaxPreparedStatements)
        return {};
    if (auto status = execScript("DEALLOCATE ALL", doing); !status)
        return status;
    m_prepared.clear();
    return {};
}

Result<PgResult> PgConnection::execPrepared(
    const QString& sql, const QVariantList& params, const QString& doing, Format results)
{
    if (auto status = reviveIfBroken(doing); !status)
        return status.error();
    std::optional<QByteArray> name = preparedName(sql);
    if (!name) {
        if (auto status = limitPreparedStatements(doing); !status)
            return status.error();
        name = newPreparedName();
        PgResult prepared(PQprepare(m_conn, name->constData(), sql.toUtf8().constData(), 0, nullptr));
        if (!prepared.ok())
            return error(prepared, doing);
        m_prepared.insert(sql, *name);
    }
    const Parameters parameters(params);
    return check(PgResult(PQexecPrepared(m_conn, name->constData(), parameters.count(), parameters.values(), nullptr,
                     nullptr, results == Format::Binary ? 1 : 0)),
        doing);
}

Status PgConnection::execScript(const QByteArray& sql, const QString& doing)
{
    if (auto status = reviveIfBroken(doing); !status)
        return status;
    // PQexec returns the last statement's result; an error stops the script there and is what it returns.
    PgResult result(PQexec(m_conn, sql.constData()));
    if (!result.ok())
        return error(result, doing);
    return {};
}

Status PgConnection::begin(const QString& doing)
{
    const QByteArray sql = m_depth == 0 ? QByteArray("BEGIN") : "SAVEPOINT fb_" + QByteArray::number(m_depth);
    if (auto status = execScript(sql, doing); !status)
        return status;
    ++m_depth;
    return {};
}

Status PgConnection::commit(const QString& doing)
{
    if (m_depth == 0)
        return Error::internal(u"A transaction was committed that was never begun."_s);
    const bool outermost = m_depth == 1;
    const QByteArray sql = outermost ? QByteArray("COMMIT") : "RELEASE SAVEPOINT fb_" + QByteArray::number(m_depth - 1);
    PgResult result(PQexec(m_conn, sql.constData()));
    if (!result.ok()) {
        if (outermost)
            m_depth = 0; // a COMMIT that fails ends the transaction all the same
        else
            rollback();
        return error(result, doing);
    }
    --m_depth;
    // COMMIT of a transaction that had failed answers ROLLBACK: nothing was written, which is a failure here.
    if (outermost && qstrcmp(PQcmdStatus(result.get()), "ROLLBACK") == 0)
        return Error::internal(u"A failed transaction was committed (while %1); nothing was written."_s.arg(doing));
    return {};
}

void PgConnection::rollback()
{
    if (m_depth == 0)
        return;
    const QByteArray sql = m_depth == 1 ? QByteArray("ROLLBACK")
                                        : "ROLLBACK TO SAVEPOINT fb_" + QByteArray::number(m_depth - 1)
            + "; RELEASE SAVEPOINT fb_" + QByteArray::number(m_depth - 1);
    --m_depth;
    if (isBroken())
        return;
    PgResult result(PQexec(m_conn, sql.constData()));
    if (!result.ok())
        qCWarning(lcPostgres) << "rollback failed:" << scrubSecrets(result.primaryMessage(), m_source.password);
}

Status PgConnection::transaction(const QString& doing, const std::function<Status()>& body)
{
    if (auto status = begin(doing); !status)
        return status;
    if (auto status = body(); !status) {
        rollback();
        return status;
    }
    return commit(doing);
}

Result<bool> PgConnection::drainNotifications()
{
    if (!PQconsumeInput(m_conn)) {
        PgResult none;
        return error(none, u"waiting for commits"_s);
    }
    bool any = false;
    while (PGnotify* notification = PQnotifies(m_conn)) {
        any = true;
        PQfreemem(notification);
    }
    return any;
}

Result<PgConnection::Wake> PgConnection::waitForInput(std::chrono::milliseconds timeout, int wakeFd)
{
    pollfd fds[2] = {{PQsocket(m_conn), POLLIN, 0}, {wakeFd, POLLIN, 0}};
    const QDeadlineTimer deadline(timeout);
    for (;;) {
        const int ready = ::poll(fds, wakeFd >= 0 ? 2 : 1, int(deadline.remainingTime()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0) {
            PgResult none;
            return error(none, u"waiting for commits"_s);
        }
        if (ready == 0)
            return Wake::TimedOut;
        if (wakeFd >= 0 && (fds[1].revents & POLLIN))
            return Wake::Woken;
        return Wake::Input;
    }
}

} // namespace flashback::postgres
