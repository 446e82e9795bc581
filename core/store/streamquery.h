// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readoptions.h"

#include <QStringList>
#include <QStringView>

namespace flashback {

/// The reference semantics of StreamQuery, used by the in-memory store: every backend must select and order
/// streams exactly as these functions do (tests/core/tst_streamquerycontract.cpp).

/// Whether `info` passes the query's type and text filters.
bool matchesStreamQuery(const StreamQuery& query, const StreamInfo& info);

/// Strict weak order of the query's sort column and direction, then the last position in the same direction.
bool streamQueryLess(const StreamQuery& query, const StreamInfo& a, const StreamInfo& b);

/// Compares by Unicode code point, as SQLite compares UTF-8 text and PostgreSQL does under COLLATE "C" (QString's
/// own comparison orders UTF-16 units, which puts U+10000 and above before U+E000..U+FFFF).
int compareCodePoints(QStringView a, QStringView b);
/// `values` sorted by compareCodePoints(), without repeats: the order every backend lists type names in.
QStringList sortedByCodePoint(QStringList values);

} // namespace flashback
