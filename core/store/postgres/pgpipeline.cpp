// SPDX-License-Identifier: GPL-3.0-or-later
// PgConnection::execPipeline: several statements in one round trip (libpq pipeline mode: libpq 14 or later; the
// server only needs the extended query protocol). An append sends two such pipelines instead of nine statements
// one after the other.
#include "pgconnection.h"
#include "pgparameters.h"
#include "util/logging.h"

using namespace Qt::StringLiterals;

namespace flashback::postgres {

namespace {

/// Transaction control inside a pipeline: the simple query protocol is not allowed there, so these go as
/// parameterless extended-protocol queries.
constexpr char BeginSql[] = "BEGIN";
constexpr char CommitSql[] = "COMMIT";

} // namespace

/// What was sent, so the results can be told apart: they come back in this order.
struct PgConnection::PipelinePlan {
    enum class Kind { Begin, Prepare, Statement, Commit };
    struct Sent {
        Kind kind;
        QString sql;
        QByteArray name; // for Prepare
    };
    QList<Sent> sent;
    QHash<QString, QByteArray> preparing;
};

bool PgConnection::sendPipeline(const QList<PgStatement>& statements, Pipeline ends, PipelinePlan& plan)
{
    using Kind = PipelinePlan::Kind;
    if (ends == Pipeline::Begin) {
        if (!PQsendQueryParams(m_conn, BeginSql, 0, nullptr, nullptr, nullptr, nullptr, 0))
            return false;
        plan.sent.append({Kind::Begin, {}, {}});
    }
    for (const PgStatement& statement : statements) {
        std::optional<QByteArray> name = preparedName(statement.sql);
        if (!name && plan.preparing.contains(statement.sql))
            name = plan.preparing.value(statement.sql);
        if (!name) {
            name = newPreparedName();
            if (!PQsendPrepare(m_conn, name->constData(), statement.sql.toUtf8().constData(), 0, nullptr))
                return false;
            plan.preparing.insert(statement.sql, *name);
            plan.sent.append({Kind::Prepare, statement.sql, *name});
        }
        const Parameters parameters(statement.params);
        if (!PQsendQueryPrepared(
                m_conn, name->constData(), parameters.count(), parameters.values(), nullptr, nullptr, 0))
            return false;
        plan.sent.append({Kind::Statement, statement.sql, {}});
    }
    if (ends == Pipeline::Commit) {
        if (!PQsendQueryParams(m_conn, CommitSql, 0, nullptr, nullptr, nullptr, nullptr, 0))
            return false;
        plan.sent.append({Kind::Commit, {}, {}});
    }
    return PQpipelineSync(m_conn) == 1;
}

std::vector<PgResult> PgConnection::collectPipeline()
{
    std::vector<PgResult> results;
    // Each query's results end with a null from PQgetResult, the pipeline with a PGRES_PIPELINE_SYNC result. Two
    // nulls in a row mean nothing more is coming (a lost connection, or a sync that could not be sent).
    bool previousWasNull = false;
    while (true) {
        PgResult result(PQgetResult(m_conn));
        if (!result.get()) {
            if (previousWasNull || isBroken())
                break;
            previousWasNull = true;
            continue;
        }
        previousWasNull = false;
        if (result.status() == PGRES_PIPELINE_SYNC)
            break;
        results.push_back(std::move(result));
    }
    return results;
}

Result<std::vector<PgResult>> PgConnection::execPipeline(
    const QList<PgStatement>& statements, const QString& doing, Pipeline ends)
{
    using Kind = PipelinePlan::Kind;
    if (ends == Pipeline::Begin && m_depth != 0)
        return Error::internal(u"A pipeline was to open a transaction inside another one."_s);
    if (ends == Pipeline::Commit && m_depth != 1)
        return Error::internal(u"A pipeline was to commit a transaction that is not the outermost one."_s);
    if (auto status = reviveIfBroken(doing); !status)
        return status.error();
    if (auto status = limitPreparedStatements(doing); !status)
        return status.error();
    if (!PQenterPipelineMode(m_conn))
        return error(PgResult(PQmakeEmptyPGresult(m_conn, PGRES_FATAL_ERROR)), doing);

    PipelinePlan plan;
    const bool sent = sendPipeline(statements, ends, plan);
    std::optional<PgResult> sendError;
    bool synced = sent;
    if (!sent) {
        sendError = PgResult(PQmakeEmptyPGresult(m_conn, PGRES_FATAL_ERROR));
        // What went out before the failure is still answered: read it, to be idle again. Without a sync the
        // server would hold the answers back, and reading would wait for ever.
        synced = PQpipelineSync(m_conn) == 1;
    }
    std::vector<PgResult> results;
    if (synced)
        results = collectPipeline();
    if (!PQexitPipelineMode(m_conn) && !isBroken()) {
        // Answers left unread: the connection cannot be used as it is. Reset it before the next statement; an open
        // transaction is lost with it, as with a dropped connection.
        qCWarning(lcPostgres) << "leaving pipeline mode failed; the connection will be reset";
        m_unusable = true;
        if (!sendError)
            sendError = PgResult(PQmakeEmptyPGresult(m_conn, PGRES_FATAL_ERROR));
    }

    // Match the results with what was sent. After a failure the server skips everything up to the sync, so the
    // rest come back as PGRES_PIPELINE_ABORTED (or not at all when the connection is gone).
    std::optional<qsizetype> failed;
    for (qsizetype i = 0; i < qsizetype(results.size()) && i < plan.sent.size(); ++i) {
        const PgResult& result = results[size_t(i)];
        const PipelinePlan::Sent& what = plan.sent.at(i);
        if (result.status() == PGRES_PIPELINE_ABORTED)
            continue;
        if (what.kind == Kind::Begin && result.ok())
            m_depth = 1; // the transaction is open until commit() or rollback(), whatever follows
        if (what.kind == Kind::Prepare && result.ok())
            m_prepared.insert(what.sql, what.name); // prepared on the server, even if a later statement fails
        if (what.kind == Kind::Commit)
            m_depth = 0; // a COMMIT that ran ends the transaction, even when it fails
        if (!result.ok() && !failed)
            failed = i;
    }
    if (failed)
        return error(results[size_t(*failed)], doing);
    if (sendError)
        return error(*sendError, doing);
    if (qsizetype(results.size()) != plan.sent.size()) {
        if (isBroken())
            return error(PgResult(PQmakeEmptyPGresult(m_conn, PGRES_FATAL_ERROR)), doing);
        return Error::internal(u"A pipeline was answered with %1 results, not %2 (while %3)."_s.arg(
            QString::number(results.size()), QString::number(plan.sent.size()), doing));
    }
    if (ends == Pipeline::Commit && qstrcmp(PQcmdStatus(results.back().get()), "ROLLBACK") == 0)
        return Error::internal(u"A failed transaction was committed (while %1); nothing was written."_s.arg(doing));

    std::vector<PgResult> out;
    out.reserve(size_t(statements.size()));
    for (qsizetype i = 0; i < plan.sent.size(); ++i) {
        if (plan.sent.at(i).kind == Kind::Statement)
            out.push_back(std::move(results[size_t(i)]));
    }
    return out;
}

} // namespace flashback::postgres
