// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace flashback::sqlite {

/// A statement prepared on the sqlite3 handle under Qt's QSQLITE connection, for the hot read paths.
/// Qt Sql wraps every column of every row in a QVariant (with a heap copy for text and blobs); a replay of a
/// long stream spent more time there than in SQLite and the JSON parser together. Reading columns straight from
/// SQLite keeps one copy per payload. Same connection, same transaction and locks as the Qt statements.
/// The statement is reset on every exec(), so a reader never keeps a read transaction open between calls.
class NativeStatement {
public:
    NativeStatement(sqlite3* db, const QString& sql);
    ~NativeStatement();

    NativeStatement(const NativeStatement&) = delete;
    NativeStatement& operator=(const NativeStatement&) = delete;

    /// SQLite's result code of preparing; 0 (SQLITE_OK) when the statement is usable.
    int prepareCode() const { return m_prepareCode; }

    /// Resets the statement and clears its bindings, ready for bind() and next().
    void reset();
    void bind(int index, qint64 value); ///< 1-based, as in SQLite.
    void bind(int index, const QString& value);

    /// Steps to the next row: true on a row, false at the end or on an error (see errorCode()).
    bool next();
    /// SQLite's result code of the last failed step, 0 when none failed.
    int errorCode() const { return m_errorCode; }
    QString errorMessage() const { return m_errorMessage; }

    qint64 int64(int column) const;
    /// A copy of a text or blob column (column 0-based, as in SQLite).
    QByteArray bytes(int column) const;
    /// The column's bytes without a copy: valid until the next step or reset.
    QByteArray rawBytes(int column) const;

private:
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    int m_prepareCode = 0;
    int m_errorCode = 0;
    QString m_errorMessage;
};

} // namespace flashback::sqlite
