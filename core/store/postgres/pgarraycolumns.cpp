// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgarraycolumns.h"

#include <algorithm>

namespace flashback::postgres {

PgArrayColumns::PgArrayColumns(int count)
    : m_literals(count, QByteArray(1, '{'))
    , m_rows(count, 0)
    , m_last(count)
{ }

void PgArrayColumns::add(int column, const QString& text)
{
    if (text.isNull()) {
        addNull(column);
        return;
    }
    LastText& last = m_last[column];
    if (last.text != text) {
        last.text = text;
        last.utf8 = text.toUtf8();
    }
    addText(column, last.utf8);
}

QByteArray& PgArrayColumns::startElement(int column)
{
    QByteArray& literal = m_literals[column];
    if (m_rows[column]++ > 0)
        literal += ',';
    return literal;
}

void PgArrayColumns::add(int column, qint64 number)
{
    startElement(column) += QByteArray::number(number);
}

void PgArrayColumns::addNull(int column)
{
    startElement(column) += "NULL";
}

void PgArrayColumns::addText(int column, QByteArrayView bytes)
{
    QByteArray& literal = startElement(column);
    literal += '"';
    // Only '"' and '\' need a backslash inside a quoted element; copy the runs between them whole.
    const char* run = bytes.data();
    const char* const end = run + bytes.size();
    while (run < end) {
        const char* special = std::find_if(run, end, [](char c) { return c == '"' || c == '\\'; });
        literal.append(run, special - run);
        if (special == end)
            break;
        literal += '\\';
        literal += *special;
        run = special + 1;
    }
    literal += '"';
}

QVariantList PgArrayColumns::parameters(QVariantList leading) const
{
    leading.reserve(leading.size() + m_literals.size());
    for (const QByteArray& literal : m_literals) {
        QByteArray closed = literal;
        closed += '}';
        leading.append(closed);
    }
    return leading;
}

} // namespace flashback::postgres
