// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "searchquery.h"
#include "util/result.h"

#include <QStringList>

#include <atomic>

namespace flashback {

class EventStore;
class UpcasterChain;

/// Runs a SearchQuery: the search_index read model answers for the events up to its checkpoint, and the events
/// after it (the projection's lag) are read and matched one by one with the same SearchDocument and TextQuery
/// rules, so a search never misses a recent event and says how much it scanned. With no index at all it is a
/// scan of the whole store, and says so.
class EventSearch {
public:
    /// `maskedKeys` must be the projection's (SearchIndexProjection::maskedKeys()), so that a scanned event is
    /// found by exactly what the index would hold for it.
    EventSearch(EventStore& store, const UpcasterChain& upcasters, QStringList maskedKeys);

    /// `cancel`, when set, ends a long scan with ErrorKind::Cancelled.
    Result<SearchPage> search(const SearchQuery& query, const std::atomic<bool>* cancel = nullptr);

private:
    Status scanTail(
        const SearchQuery& query, qint64 indexed, qint64 head, SearchPage& page, const std::atomic<bool>* cancel);
    Status lookUp(
        const SearchQuery& query, qint64 indexed, qint64 limit, SearchPage& page, const std::atomic<bool>* cancel);
    Status lookUpRows(const SearchQuery& query, qint64 indexed, qint64 limit, QList<SearchHit>& hits);
    /// Whether the event of an index hit still matches once the query's alsoMasked values are hidden too.
    Result<bool> matchesUnmasked(const SearchQuery& query, const SearchHit& hit);
    QStringList maskedFor(const SearchQuery& query) const { return m_maskedKeys + query.alsoMasked; }

    EventStore& m_store;
    const UpcasterChain& m_upcasters;
    QStringList m_maskedKeys;
};

} // namespace flashback
