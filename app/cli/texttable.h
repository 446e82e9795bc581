// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace flashback::cli {

/// Left-aligned columns separated by two spaces, for text output meant for people (and `cut`/`awk`).
/// The last column is never padded, so long payloads do not drag trailing blanks along.
class TextTable {
public:
    explicit TextTable(QStringList headers);

    void addRow(QStringList cells);
    bool isEmpty() const { return m_rows.isEmpty(); }
    /// The table, one line per row, each ending in '\n'.
    QString render() const;

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
};

} // namespace flashback::cli
