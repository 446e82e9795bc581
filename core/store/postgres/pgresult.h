// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QUuid>
#include <QtEndian>

#include <libpq-fe.h>

namespace flashback::postgres {

/// Owns one PGresult (text format, or binary where a reader asked for it) and reads its values. Move-only; clears the
/// result when it dies.
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(PGresult* result)
        : m_result(result)
    { }
    ~PgResult();
    PgResult(PgResult&& other) noexcept;
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;

    /// A command or a query that completed (PGRES_COMMAND_OK or PGRES_TUPLES_OK).
    bool ok() const;
    ExecStatusType status() const;

    int rows() const;
    bool isNull(int row, int column) const;
    /// The value's text as the server sent it (UTF-8), without a copy; valid while this result lives.
    QByteArrayView bytes(int row, int column) const;
    QByteArray byteArray(int row, int column) const { return bytes(row, column).toByteArray(); }
    QString text(int row, int column) const;
    qint64 integer(int row, int column) const;
    /// A bigint of a result in binary format (8 bytes, network order).
    qint64 binaryInteger(int row, int column) const
    {
        return qFromBigEndian<qint64>(PQgetvalue(m_result, row, column));
    }
    double real(int row, int column) const;
    bool boolean(int row, int column) const;
    /// A bytea value (hex output format) decoded to its bytes.
    QByteArray bytea(int row, int column) const;
    QUuid uuid(int row, int column) const;
    /// Rows changed by an INSERT/UPDATE/DELETE.
    qint64 affectedRows() const;

    /// SQLSTATE of a failed statement; empty for errors raised by libpq itself (such as a lost connection).
    QString sqlState() const;
    QString primaryMessage() const;
    QString detailMessage() const;
    QString constraintName() const;

    PGresult* get() const { return m_result; }

private:
    QString field(int code) const;

    PGresult* m_result = nullptr;
};

} // namespace flashback::postgres
