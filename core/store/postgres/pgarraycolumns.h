// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariantList>

namespace flashback::postgres {

/// Column values collected row by row and handed over as PostgreSQL array literals, one text parameter per column
/// ({"a","b",NULL}), for set-based statements over unnest($1::text[], $2::bigint[], ...). Each literal is built
/// as values arrive, quoting every element, so the text of any value (JSON included) goes through unchanged.
class PgArrayColumns {
public:
    explicit PgArrayColumns(int count);

    /// Text as UTF-8; a null QString is NULL (an empty one is '').
    void add(int column, const QString& text);
    void add(int column, qint64 number);
    /// Bytes as text; a null QByteArray is taken as an empty string, not NULL (use addNull()).
    void add(int column, const QByteArray& bytes) { addText(column, bytes); }
    void addNull(int column);

    qsizetype rows() const { return m_rows.isEmpty() ? 0 : m_rows.constFirst(); }
    /// `leading` followed by one array literal per column.
    QVariantList parameters(QVariantList leading = {}) const;

private:
    void addText(int column, QByteArrayView bytes);
    QByteArray& startElement(int column);

    struct LastText {
        QString text;
        QByteArray utf8;
    };
    QList<QByteArray> m_literals; // each without its closing brace
    QList<qsizetype> m_rows;
    QList<LastText> m_last; // values repeat down a column (event types, actors): converted once
};

} // namespace flashback::postgres
