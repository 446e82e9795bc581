// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <optional>

namespace flashback::cli {

/// Trims a page read with one row more than asked for (`limit` + 1, which tells whether another page follows) to
/// `limit` rows; the next page's cursor, `cursorOf` the last row kept, when there is one.
template <typename Row, typename CursorOf>
std::optional<qint64> trimPage(QList<Row>& rows, qint64 limit, CursorOf cursorOf)
{
    if (rows.size() <= limit)
        return std::nullopt;
    rows.resize(limit);
    return cursorOf(rows.constLast());
}

} // namespace flashback::cli
