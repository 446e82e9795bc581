// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgerrors.h"
#include "pgresult.h"
#include "store/storeoptions.h"
#include "util/result.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QVariantList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace flashback::postgres {

/// One statement of a pipeline: run through a statement prepared once per connection, like execPrepared().
struct PgStatement {
    QString sql;
    QVariantList params;
};

/// One libpq connection to a PostgreSQL database, set up for Flashback: UTF-8, `fallback_application_name`
/// flashback, a connect timeout (10 s unless the address, a service file or PGCONNECT_TIMEOUT gives one), the busy
/// timeout as `lock_timeout`, and `default_transaction_read_only` for read-only stores. The address is handed to
/// libpq as it is, so URIs, `key=value` conninfo, `service=`, `.pgpass` and the PG* variables all work.
///
/// Parameters are always sent separately from the SQL (text format); values come back in text format unless a
/// reader asks for binary. A connection belongs to the thread that opened it.
class PgConnection {
public:
    /// Connects; typed errors: StoreUnavailable (cannot reach / login refused), StoreNotFound (no such
    /// database), InvalidArgument (malformed address). Messages show the address without its password.
    static Result<std::unique_ptr<PgConnection>> open(const QString& conninfo, const StoreOptions& options);
    ~PgConnection();

    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// The address as given (may hold a password: never print it); display() is the printable form.
    const QString& conninfo() const { return m_conninfo; }
    const QString& display() const { return m_source.display; }
    const StoreOptions& options() const { return m_options; }
    /// Read-only: asked for, or the server is a standby, or the session defaults to read-only transactions.
    bool isReadOnly() const { return m_readOnly; }
    /// The schema the store's tables live in (the first existing schema of search_path); empty if none.
    const QString& schemaName() const { return m_schemaName; }
    /// Second key of the store's advisory locks: the schema's oid, so stores in different schemas of one
    /// database do not wait for each other.
    qint32 lockKey() const { return m_lockKey; }
    QString databaseName() const;

    /// Runs one statement with `params` ($1, $2, ...): null, bool, numbers, QString, QUuid; QByteArray is sent as
    /// the text it holds (JSON, array literals, "\\x..." bytea).
    Result<PgResult> exec(const QString& sql, const QVariantList& params, const QString& doing);
    /// The same through a statement prepared once per connection: for the fixed statements on the store's tables.
    /// With Binary the values come back in PostgreSQL's binary format (read them with PgResult::binaryInteger).
    enum class Format { Text, Binary };
    Result<PgResult> execPrepared(
        const QString& sql, const QVariantList& params, const QString& doing, Format results = Format::Text);
    /// Runs `statements` in order in one round trip (libpq pipeline mode), each through a prepared statement.
    /// Returns their results in order, or the error of the first one that failed: the server skips the rest.
    /// With Begin the outermost transaction is opened before them, with Commit it is committed after them, in the
    /// same round trip; when a statement fails the transaction stays open (failed) for rollback().
    enum class Pipeline { InTransaction, Begin, Commit };
    Result<std::vector<PgResult>> execPipeline(
        const QList<PgStatement>& statements, const QString& doing, Pipeline ends = Pipeline::InTransaction);
    /// Runs SQL text holding several statements and no parameters (migrations, session settings).
    Status execScript(const QByteArray& sql, const QString& doing);

    /// Transactions nest: the outermost is BEGIN ... COMMIT, inner ones are savepoints.
    Status begin(const QString& doing);
    Status commit(const QString& doing);
    void rollback();
    int transactionDepth() const { return m_depth; }
    /// Runs `body` in a transaction; commits when it succeeds, rolls back when it fails.
    Status transaction(const QString& doing, const std::function<Status()>& body);

    Error error(const PgResult& result, const QString& doing) const;
    bool isBroken() const;

    /// For LISTEN: reads whatever arrived; true when a notification was among it. Notifications carry no data
    /// Flashback uses: they only say "something was committed".
    Result<bool> drainNotifications();
    enum class Wake { Input, Woken, TimedOut };
    /// Waits until the server sends something, `wakeFd` (if >= 0) becomes readable, or `timeout` passes.
    Result<Wake> waitForInput(std::chrono::milliseconds timeout, int wakeFd);

private:
    PgConnection(QString conninfo, ErrorSource source, StoreOptions options);
    Status connect();
    Status finishConnecting(bool reset);
    Status setUpSession();
    /// A broken connection outside a transaction is reset once before the next statement.
    Status reviveIfBroken(const QString& doing);
    Result<PgResult> check(PgResult result, const QString& doing);
    /// The name `sql` is prepared under on this connection, if it is.
    std::optional<QByteArray> preparedName(const QString& sql) const;
    /// A name no statement of this connection has had: a failed pipeline may leave a statement prepared that
    /// was never recorded, so names are never reused.
    QByteArray newPreparedName();
    /// Frees the prepared statements when there are too many (read models name tables by generation).
    Status limitPreparedStatements(const QString& doing);
    struct PipelinePlan;
    /// Sends the pipeline's messages; false when libpq refused one (its error is on the connection).
    bool sendPipeline(const QList<PgStatement>& statements, Pipeline ends, PipelinePlan& plan);
    /// Reads every result up to the pipeline's sync (or until the connection is lost).
    std::vector<PgResult> collectPipeline();

    static constexpr qsizetype MaxPreparedStatements = 500;

    QString m_conninfo;
    ErrorSource m_source;
    StoreOptions m_options;
    PGconn* m_conn = nullptr;
    bool m_readOnly = false;
    QString m_schemaName;
    qint32 m_lockKey = 0;
    int m_depth = 0;
    /// Stuck in a state libpq cannot leave (a pipeline it would not end): reset before the next statement.
    bool m_unusable = false;
    QHash<QString, QByteArray> m_prepared;
    quint64 m_preparedCount = 0;
};

} // namespace flashback::postgres
