// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the PostgreSQL benchmarks share besides benchsupport.h: a fresh database on the server named by
// --conninfo for every run (dropped afterwards), a raw libpq connection for the baselines, and the server facts
// every result records. Shared so that each bench_pg_*.cpp reads as its measurement, and so that every baseline
// talks to the server the same way.

#include <QByteArray>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace flashback::bench {

struct PgResultDeleter {
    void operator()(PGresult* result) const { PQclear(result); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

/// Text parameters of one statement ($1, $2, ...), as libpq takes them. A null QByteArray is SQL NULL.
class PgParams {
public:
    PgParams& add(qint64 number);
    PgParams& add(QByteArray text);
    PgParams& add(const QString& text) { return add(text.toUtf8()); }
    PgParams& addNull() { return add(QByteArray()); }
    void clear() { m_values.clear(); }

    int count() const { return int(m_values.size()); }
    /// Pointers into the values, valid until the next add() or clear().
    const char* const* pointers();

private:
    std::vector<QByteArray> m_values;
    std::vector<const char*> m_pointers;
};

/// A libpq connection for the raw baselines: nothing between the benchmark and the server but libpq, and no
/// session settings beyond the server's defaults (the store sets none either with Durability::Full). Results come
/// back in text format, as the store asks for them. Any failure ends the program.
class RawPg {
public:
    explicit RawPg(const QString& conninfo);
    ~RawPg();
    RawPg(const RawPg&) = delete;
    RawPg& operator=(const RawPg&) = delete;

    /// SQL without parameters (DDL, BEGIN, COMMIT, LISTEN); returns the last statement's result.
    PgResultPtr exec(const QByteArray& sql);
    /// One statement with parameters, planned on every call.
    PgResultPtr query(const QByteArray& sql, PgParams& params);
    /// Prepares `sql` once under `name`; run() executes it.
    void prepare(const QByteArray& name, const QByteArray& sql);
    PgResultPtr run(const QByteArray& name, PgParams& params);

    /// COPY ... FROM STDIN: start, send rows (COPY text format), finish (which commits, in autocommit).
    void copyStart(const QByteArray& sql);
    void copyPut(const QByteArray& rows);
    void copyEnd();

    /// For LISTEN: waits up to `timeoutMs` for input on the socket; true when a notification arrived.
    bool waitForNotification(int timeoutMs);

    /// The first column of the first row as text, for one-value queries.
    QString value(const QByteArray& sql);

private:
    PgResultPtr check(PGresult* result, const QByteArray& what);

    PGconn* m_conn = nullptr;
};

/// A COPY text-format field: backslash, tab, newline and carriage return escaped.
void appendCopyField(QByteArray& row, const QByteArray& text);

/// The server given by --conninfo. Each benchmark run gets a database of its own ("fbbench_<pid>_<n>_<purpose>"),
/// created through a maintenance connection and dropped (WITH (FORCE)) when done, so no run inherits data. The
/// databases still present when the program ends, also through fail(), are dropped at exit.
class PgServer {
public:
    explicit PgServer(const QString& conninfo);

    /// A new empty database (a copy of `templateName` when given); returns its name.
    QString createDatabase(const QString& purpose, const QString& templateName = {});
    void dropDatabase(const QString& name);
    /// CHECKPOINT: flushes what one side left dirty, so the next side starts from a clean server. Not timed.
    void checkpoint();

    /// The address of `database` on this server, with the same user and password; `applicationName` shows in
    /// pg_stat_activity. Holds the password if the address has one: never print it.
    QString conninfo(const QString& database, const QString& applicationName = {}) const;
    /// The address as given, without its password: the form to print.
    QString display() const;

    /// Version and the settings that decide what a commit costs (fsync, synchronous_commit, ...), as SHOW reports
    /// them on a fresh session of `database`: the session a store opened with Durability::Full gets.
    QJsonObject settings(const QString& database);
    /// "PostgreSQL 15.x (fsync=on, synchronous_commit=on, ...), libpq 15.x, Qt 6.y".
    static QString describe(const QJsonObject& settings);

    RawPg& maintenance() { return m_maintenance; }

private:
    QStringList m_keywords;
    QStringList m_values;
    RawPg m_maintenance;
};

/// "--conninfo" as the PostgreSQL benchmarks take it, with a help text that says what the server is for.
QString conninfoHelp();
/// The --conninfo value; ends the program with a message when it is missing.
QString requiredConninfo(const QCommandLineParser& parser, const QCommandLineOption& option);

} // namespace flashback::bench
