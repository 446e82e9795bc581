// SPDX-License-Identifier: GPL-3.0-or-later
#include "nativestatement.h"

#include <sqlite3.h>

namespace flashback::sqlite {

NativeStatement::NativeStatement(sqlite3* db, const QString& sql)
    : m_db(db)
{
    const QByteArray utf8 = sql.toUtf8();
    m_prepareCode
        = sqlite3_prepare_v3(db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr);
    if (m_prepareCode != SQLITE_OK) {
        m_errorCode = m_prepareCode;
        m_errorMessage = QString::fromUtf8(sqlite3_errmsg(db));
    }
}

NativeStatement::~NativeStatement()
{
    sqlite3_finalize(m_statement);
}

void NativeStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_errorCode = m_prepareCode;
}

void NativeStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void NativeStatement::bind(int index, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

bool NativeStatement::next()
{
    if (!m_statement)
        return false;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE) {
        m_errorCode = rc;
        m_errorMessage = QString::fromUtf8(sqlite3_errmsg(m_db));
    }
    // Done or failed: let go of the read snapshot now rather than at the next exec.
    sqlite3_reset(m_statement);
    return false;
}

qint64 NativeStatement::int64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QByteArray NativeStatement::bytes(int column) const
{
    // sqlite3_column_blob before sqlite3_column_bytes, as SQLite documents, so no conversion sneaks in between.
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_statement, column));
    return QByteArray(data, sqlite3_column_bytes(m_statement, column));
}

QByteArray NativeStatement::rawBytes(int column) const
{
    const auto* data = static_cast<const char*>(sqlite3_column_blob(m_statement, column));
    return QByteArray::fromRawData(data, sqlite3_column_bytes(m_statement, column));
}

} // namespace flashback::sqlite
