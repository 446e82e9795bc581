// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgresult.h"

#include <cstdlib>
#include <utility>

namespace flashback::postgres {

PgResult::~PgResult()
{
    if (m_result)
        PQclear(m_result);
}

PgResult::PgResult(PgResult&& other) noexcept
    : m_result(std::exchange(other.m_result, nullptr))
{ }

PgResult& PgResult::operator=(PgResult&& other) noexcept
{
    if (this != &other) {
        if (m_result)
            PQclear(m_result);
        m_result = std::exchange(other.m_result, nullptr);
    }
    return *this;
}

ExecStatusType PgResult::status() const
{
    return m_result ? PQresultStatus(m_result) : PGRES_FATAL_ERROR;
}

bool PgResult::ok() const
{
    const ExecStatusType state = status();
    return state == PGRES_COMMAND_OK || state == PGRES_TUPLES_OK;
}

int PgResult::rows() const
{
    return m_result ? PQntuples(m_result) : 0;
}

bool PgResult::isNull(int row, int column) const
{
    return PQgetisnull(m_result, row, column) != 0;
}

QByteArrayView PgResult::bytes(int row, int column) const
{
    return QByteArrayView(PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

QString PgResult::text(int row, int column) const
{
    return QString::fromUtf8(bytes(row, column));
}

qint64 PgResult::integer(int row, int column) const
{
    return std::strtoll(PQgetvalue(m_result, row, column), nullptr, 10);
}

double PgResult::real(int row, int column) const
{
    return bytes(row, column).toByteArray().toDouble();
}

bool PgResult::boolean(int row, int column) const
{
    return *PQgetvalue(m_result, row, column) == 't';
}

QByteArray PgResult::bytea(int row, int column) const
{
    const QByteArrayView value = bytes(row, column);
    if (value.startsWith("\\x"))
        return QByteArray::fromHex(value.sliced(2).toByteArray());
    size_t length = 0;
    unsigned char* decoded = PQunescapeBytea(reinterpret_cast<const unsigned char*>(value.data()), &length);
    if (!decoded)
        return {};
    QByteArray out(reinterpret_cast<const char*>(decoded), qsizetype(length));
    PQfreemem(decoded);
    return out;
}

QUuid PgResult::uuid(int row, int column) const
{
    return QUuid::fromString(QLatin1StringView(PQgetvalue(m_result, row, column)));
}

qint64 PgResult::affectedRows() const
{
    return m_result ? std::strtoll(PQcmdTuples(m_result), nullptr, 10) : 0;
}

QString PgResult::field(int code) const
{
    if (!m_result)
        return {};
    const char* value = PQresultErrorField(m_result, code);
    return value ? QString::fromUtf8(value) : QString();
}

QString PgResult::sqlState() const
{
    return field(PG_DIAG_SQLSTATE);
}

QString PgResult::primaryMessage() const
{
    if (!m_result)
        return {};
    const QString primary = field(PG_DIAG_MESSAGE_PRIMARY);
    return primary.isEmpty() ? QString::fromUtf8(PQresultErrorMessage(m_result)).trimmed() : primary;
}

QString PgResult::detailMessage() const
{
    return field(PG_DIAG_MESSAGE_DETAIL);
}

QString PgResult::constraintName() const
{
    return field(PG_DIAG_CONSTRAINT_NAME);
}

} // namespace flashback::postgres
