// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventfilter.h"

namespace flashback {

bool containsIgnoringAsciiCase(QByteArrayView haystack, QByteArrayView needle)
{
    if (needle.isEmpty())
        return true;
    if (needle.size() > haystack.size())
        return false;
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    const qsizetype last = haystack.size() - needle.size();
    for (qsizetype i = 0; i <= last; ++i) {
        qsizetype j = 0;
        while (j < needle.size() && lower(haystack[i + j]) == lower(needle[j]))
            ++j;
        if (j == needle.size())
            return true;
    }
    return false;
}

bool matchesFilter(const EventFilter& filter, const RecordedEvent& event)
{
    if (!filter.types.isEmpty() && !filter.types.contains(event.type))
        return false;
    if (!filter.aggregateType.isEmpty() && filter.aggregateType != event.aggregateType)
        return false;
    if (!filter.streamId.isEmpty() && filter.streamId != event.streamId)
        return false;
    if (filter.since && event.occurredAt < *filter.since)
        return false;
    if (filter.until && !(event.occurredAt < *filter.until))
        return false;
    if (!filter.actor.isEmpty() && event.metadataObject().actor != filter.actor)
        return false;
    if (!filter.text.isEmpty()) {
        const QByteArray needle = filter.text.toUtf8();
        if (!containsIgnoringAsciiCase(event.data, needle) && !containsIgnoringAsciiCase(event.metadata, needle))
            return false;
    }
    return true;
}

} // namespace flashback
