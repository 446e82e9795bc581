// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every benchmark needs besides the thing it measures: a raw sqlite3 connection for the baseline, the
// store's own schema, a clock, order statistics and the result block. Shared so that each bench_*.cpp reads as
// the measurement and nothing else, and so that every baseline is set up the same way.

#include <QByteArray>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <chrono>
#include <vector>

class QTextStream;

namespace flashback::bench {

// steady_clock: a wall-clock adjustment during a run must never land in a figure.
using Clock = std::chrono::steady_clock;

/// Prints "<program>: message" on stderr and exits with 1. A benchmark that cannot do what it was asked has
/// no partial result worth keeping.
[[noreturn]] void fail(const QString& message);

/// A fresh folder "<program>-XXXXXX" in `parent` (the system temp folder when empty), removed on destruction,
/// so no run ever reuses a file an earlier run left behind.
QTemporaryDir makeWorkFolder(const QString& parent);

/// The option's value as a whole number within [min, max]; anything else ends the program with a message.
qint64 numberOption(const QCommandLineParser& parser, const QCommandLineOption& option, qint64 min, qint64 max);

/// Removes a SQLite file and its side files, so the next open starts from nothing.
void removeStoreFiles(const QString& path);

/// The migration scripts the store applies, in order, from the resources built into flashback_core: the raw
/// baseline must write into exactly the schema (tables, indexes, triggers) the store uses.
QByteArray loadMigrationSql();

/// A sqlite3 connection for the raw baselines, with the settings the store uses for Durability::Normal (WAL,
/// synchronous=NORMAL). Statements it prepares are persistent and finalised before the connection closes,
/// because sqlite3_close refuses to close (and skips the final checkpoint) while any are alive.
class RawSqlite {
public:
    explicit RawSqlite(const QString& path);
    ~RawSqlite();
    RawSqlite(const RawSqlite&) = delete;
    RawSqlite& operator=(const RawSqlite&) = delete;

    void exec(const char* sql);
    /// Owned by this connection.
    sqlite3_stmt* prepare(const char* sql);
    /// Runs a statement that returns no rows and resets it for the next use.
    void step(sqlite3_stmt* statement);
    qint64 lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
    [[noreturn]] void failWithError() const;

    // SQLITE_STATIC: the bytes outlive the step, and copying them would be a cost the store does not pay.
    static void bindText(sqlite3_stmt* statement, int index, const QByteArray& text)
    {
        sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_STATIC);
    }
    static void bindBlob(sqlite3_stmt* statement, int index, const QByteArray& bytes)
    {
        sqlite3_bind_blob(statement, index, bytes.constData(), int(bytes.size()), SQLITE_STATIC);
    }

private:
    sqlite3* m_db = nullptr;
    std::vector<sqlite3_stmt*> m_statements;
};

/// Adds up laps, so that work done between laps (generating the next fixture chunk) stays off the clock.
/// Inline so that a lap costs two clock reads and nothing else.
class Stopwatch {
public:
    void start() { m_lapStart = Clock::now(); }
    void stop() { m_total += Clock::now() - m_lapStart; }
    /// Time since start(), without ending the lap.
    double lapMicros() const { return std::chrono::duration<double, std::micro>(Clock::now() - m_lapStart).count(); }
    double totalSeconds() const { return std::chrono::duration<double>(m_total).count(); }

private:
    Clock::time_point m_lapStart = Clock::now();
    Clock::duration m_total {};
};

double median(std::vector<double> values);

struct Percentiles {
    double p50 = 0, p90 = 0, p99 = 0, mean = 0, max = 0;
};

/// Nearest-rank percentiles: always a latency that was actually observed, never an interpolation.
Percentiles percentiles(std::vector<double> micros);
QJsonObject toJson(const Percentiles& p);

/// 1234567.8 -> "1,234,568", whatever the machine's locale, so results compare across machines.
QString grouped(double value);

/// "SQLite 3.x, Qt 6.y": the versions that were actually loaded, which can differ from the headers.
QString versionsText();
/// Adds sqlite_version and qt_version to a result.
void addVersions(QJsonObject& result);

/// Prints the result as a fenced JSON block (ready to paste into docs/benchmarks.md) and, if `file` is not
/// empty, writes the same JSON there.
void writeResult(QTextStream& out, const QJsonObject& result, const QString& file);

} // namespace flashback::bench
