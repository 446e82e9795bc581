// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamindex.h"

#include <algorithm>

namespace flashback {

quint16 StreamIndex::typeId(const QString& type)
{
    // Streams hold a handful of types; a linear look-up beats hashing and keeps the order of first appearance.
    const qsizetype found = typeNames.indexOf(type);
    if (found >= 0)
        return quint16(found);
    Q_ASSERT(typeNames.size() <= 0xFFFF); // ids are quint16
    typeNames.append(type);
    return quint16(typeNames.size() - 1);
}

void StreamIndex::append(qint64 position, qint64 occurredAtMicros, const QString& type)
{
    positions.push_back(position);
    occurredAt.push_back(occurredAtMicros);
    typeIds.push_back(typeId(type));
}

void StreamIndex::append(const StreamIndex& more)
{
    if (more.isEmpty())
        return;
    if (isEmpty()) {
        firstRevision = more.firstRevision;
        if (streamId.isEmpty())
            streamId = more.streamId;
        if (aggregateType.isEmpty())
            aggregateType = more.aggregateType;
    }
    Q_ASSERT(more.firstRevision == lastRevision() + 1);
    std::vector<quint16> mapped;
    mapped.reserve(size_t(more.typeNames.size()));
    for (const QString& name : more.typeNames)
        mapped.push_back(typeId(name));
    positions.insert(positions.end(), more.positions.begin(), more.positions.end());
    occurredAt.insert(occurredAt.end(), more.occurredAt.begin(), more.occurredAt.end());
    typeIds.reserve(typeIds.size() + more.typeIds.size());
    for (const quint16 id : more.typeIds)
        typeIds.push_back(mapped[id]);
}

bool StreamIndex::occurredAtSorted() const
{
    return std::is_sorted(occurredAt.begin(), occurredAt.end());
}

qint64 StreamIndex::bytes() const
{
    return qint64(positions.capacity() * sizeof(qint64) + occurredAt.capacity() * sizeof(qint64)
        + typeIds.capacity() * sizeof(quint16));
}

} // namespace flashback
