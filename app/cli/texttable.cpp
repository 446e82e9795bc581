// SPDX-License-Identifier: GPL-3.0-or-later
#include "texttable.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback::cli {

TextTable::TextTable(QStringList headers)
    : m_headers(std::move(headers))
{ }

void TextTable::addRow(QStringList cells)
{
    while (cells.size() < m_headers.size())
        cells.append(QString());
    m_rows.append(std::move(cells));
}

QString TextTable::render() const
{
    QList<qsizetype> widths(m_headers.size(), 0);
    auto measure = [&widths](const QStringList& cells) {
        for (qsizetype i = 0; i < widths.size() && i < cells.size(); ++i)
            widths[i] = std::max(widths[i], cells.at(i).size());
    };
    measure(m_headers);
    for (const auto& row : m_rows)
        measure(row);

    auto line = [&widths](const QStringList& cells) -> QString {
        QString text;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const bool last = i + 1 == widths.size();
            if (last)
                text += cells.at(i);
            else
                text += cells.at(i).leftJustified(widths.at(i)) + u"  "_s;
        }
        return text + u'\n';
    };
    QString text = line(m_headers);
    for (const auto& row : m_rows)
        text += line(row);
    return text;
}

} // namespace flashback::cli
