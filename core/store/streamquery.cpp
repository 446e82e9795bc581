// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamquery.h"
#include "eventfilter.h"

#include <algorithm>

namespace flashback {

bool matchesStreamQuery(const StreamQuery& query, const StreamInfo& info)
{
    if (!query.aggregateType.isEmpty() && info.aggregateType != query.aggregateType)
        return false;
    if (query.text.isEmpty())
        return true;
    const QByteArray needle = query.text.toUtf8();
    return containsIgnoringAsciiCase(info.streamId.toUtf8(), needle)
        || containsIgnoringAsciiCase(info.aggregateType.toUtf8(), needle);
}

QStringList sortedByCodePoint(QStringList values)
{
    std::sort(
        values.begin(), values.end(), [](const QString& a, const QString& b) { return compareCodePoints(a, b) < 0; });
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

int compareCodePoints(QStringView a, QStringView b)
{
    // Surrogates (D800..DFFF) stand for code points above FFFF: lifting them above E000..FFFF makes UTF-16 units
    // compare in code point order.
    const auto rank = [](char16_t c) { return c >= 0xE000 ? int(c) - 0x800 : c >= 0xD800 ? int(c) + 0x2000 : int(c); };
    const qsizetype common = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < common; ++i) {
        const char16_t x = a[i].unicode();
        const char16_t y = b[i].unicode();
        if (x != y)
            return rank(x) < rank(y) ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

bool streamQueryLess(const StreamQuery& query, const StreamInfo& a, const StreamInfo& b)
{
    const auto compare = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    int order = 0;
    switch (query.sort) {
    case StreamSort::LastActivity:
        order = compare(a.lastOccurredAt, b.lastOccurredAt);
        break;
    case StreamSort::StreamId:
        order = compareCodePoints(a.streamId, b.streamId);
        break;
    case StreamSort::AggregateType:
        order = compareCodePoints(a.aggregateType, b.aggregateType);
        break;
    case StreamSort::EventCount:
        order = compare(a.revision, b.revision);
        break;
    case StreamSort::FirstActivity:
        order = compare(a.createdAt, b.createdAt);
        break;
    case StreamSort::LastEventType:
        order = compareCodePoints(a.lastEventType, b.lastEventType);
        break;
    }
    if (order == 0)
        order = compare(a.lastPosition, b.lastPosition);
    return query.descending ? order > 0 : order < 0;
}

} // namespace flashback
