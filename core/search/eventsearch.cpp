// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventsearch.h"

#include "events/decodedevent.h"
#include "readmodels/readmodelsql.h"
#include "searchdocument.h"
#include "searchindexprojection.h"
#include "store/eventstore.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

using Op = ReadModelQuery::Condition::Op;

/// Events read per page of the tail scan.
constexpr qint64 ScanPage = 500;

Error cancelledSearch()
{
    return Error::make(ErrorKind::Cancelled, u"The search was cancelled."_s);
}

} // namespace

EventSearch::EventSearch(EventStore& store, const UpcasterChain& upcasters, QStringList maskedKeys)
    : m_store(store)
    , m_upcasters(upcasters)
    , m_maskedKeys(std::move(maskedKeys))
{ }

Result<SearchPage> EventSearch::search(const SearchQuery& query, const std::atomic<bool>* cancel)
{
    if (query.limit <= 0)
        return Error::invalidArgument(u"A search page needs a limit of at least 1."_s);
    auto checkpoint = m_store.readModels().checkpoint(SearchIndexProjection::Name);
    if (!checkpoint)
        return checkpoint.error();
    auto head = m_store.headPosition();
    if (!head)
        return head.error();
    SearchPage page;
    page.head = *head;
    // The checkpoint is read before the rows: a batch committed in between is cut off at this position, and its
    // events are scanned instead, never counted twice.
    page.indexedThrough = std::min(checkpoint->position, *head);
    page.indexKind = page.indexedThrough > 0 ? textIndexName(m_store.readModels().textIndex()) : QStringLiteral("none");

    // One hit more than asked for tells whether there is a next page, so the last page is never empty.
    const qint64 limit = query.limit;
    SearchQuery wanted = query;
    wanted.limit = limit + 1;
    // Newest first: the unindexed tail holds the newest events, then the index. Oldest first: the other way.
    if (wanted.oldestFirst) {
        if (auto status = lookUp(wanted, page.indexedThrough, wanted.limit, page, cancel); !status)
            return status.error();
        if (page.hits.size() < wanted.limit) {
            if (auto status = scanTail(wanted, page.indexedThrough, page.head, page, cancel); !status)
                return status.error();
        }
    } else {
        if (auto status = scanTail(wanted, page.indexedThrough, page.head, page, cancel); !status)
            return status.error();
        if (page.hits.size() < wanted.limit) {
            if (auto status = lookUp(wanted, page.indexedThrough, wanted.limit - page.hits.size(), page, cancel);
                !status)
                return status.error();
        }
    }
    if (page.hits.size() > limit) {
        page.hits.resize(limit);
        page.nextCursor = page.hits.constLast().position;
    }
    return page;
}

Status EventSearch::lookUp(
    const SearchQuery& query, qint64 indexed, qint64 limit, SearchPage& page, const std::atomic<bool>* cancel)
{
    if (indexed <= 0 || limit <= 0)
        return {};
    // Hits found only through values the asker masks are dropped, and the index asked again from the last row
    // it gave, until the page is full or the index has no more.
    const bool verify = !query.alsoMasked.isEmpty() && !query.text.isEmpty();
    std::optional<qint64> cursor = query.cursor;
    qint64 wanted = limit;
    for (;;) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return cancelledSearch();
        QList<SearchHit> hits;
        SearchQuery from = query;
        from.cursor = cursor;
        const qint64 asked = wanted;
        if (auto status = lookUpRows(from, indexed, asked, hits); !status)
            return status;
        for (SearchHit& hit : hits) {
            cursor = hit.position;
            if (verify) {
                auto matches = matchesUnmasked(query, hit);
                if (!matches)
                    return matches.error();
                if (!*matches)
                    continue;
            }
            page.hits.append(std::move(hit));
            --wanted;
        }
        if (!verify || wanted <= 0 || hits.size() < asked)
            return {};
    }
}

Result<bool> EventSearch::matchesUnmasked(const SearchQuery& query, const SearchHit& hit)
{
    auto event = m_store.readEvent(hit.streamId, hit.revision);
    if (!event)
        return event.error();
    if (!*event)
        return false;
    const DecodedEvent decoded = DecodedEvent::decode(**event, m_upcasters);
    return query.text.matches(SearchDocument::of(**event, decoded, maskedFor(query)).terms);
}

Status EventSearch::lookUpRows(const SearchQuery& query, qint64 indexed, qint64 limit, QList<SearchHit>& hits)
{
    ReadModelQuery lookup;
    lookup.projection = SearchIndexProjection::Name;
    lookup.table = SearchIndexProjection::Table;
    lookup.limit = limit;
    lookup.where.append({u"position"_s, Op::LessOrEqual, indexed});
    if (query.cursor)
        lookup.where.append({u"position"_s, query.oldestFirst ? Op::Greater : Op::Less, *query.cursor});
    if (!query.types.isEmpty()) {
        QVariantList types;
        for (const QString& type : query.types)
            types.append(type);
        lookup.where.append({u"event_type"_s, Op::In, types});
    }
    if (!query.actor.isEmpty())
        lookup.where.append({u"actor"_s, Op::Equals, query.actor});
    if (!query.aggregateType.isEmpty())
        lookup.where.append({u"aggregate_type"_s, Op::Equals, query.aggregateType});
    if (!query.streamId.isEmpty())
        lookup.where.append({u"stream_id"_s, Op::Equals, query.streamId});
    if (query.since)
        lookup.where.append({u"occurred_at"_s, Op::GreaterOrEqual, query.since->micros()});
    if (query.until)
        lookup.where.append({u"occurred_at"_s, Op::Less, query.until->micros()});
    if (!query.text.isEmpty())
        lookup.where.append(ReadModelQuery::Condition::matches(u"terms"_s, query.text));
    lookup.orderBy.append({u"position"_s, !query.oldestFirst});
    auto rows = m_store.readModels().queryReadModel(SearchIndexProjection::readModel(), lookup);
    if (!rows)
        return rows.error();
    for (const ReadModelRow& row : std::as_const(*rows)) {
        SearchHit hit;
        hit.position = row.value(u"position"_s).toLongLong();
        hit.streamId = row.value(u"stream_id"_s).toString();
        hit.aggregateType = row.value(u"aggregate_type"_s).toString();
        hit.revision = row.value(u"revision"_s).toLongLong();
        hit.eventType = row.value(u"event_type"_s).toString();
        hit.actor = row.value(u"actor"_s).toString();
        hit.occurredAt = Timestamp::fromMicros(row.value(u"occurred_at"_s).toLongLong());
        hit.summary = row.value(u"summary"_s).toString();
        hits.append(std::move(hit));
    }
    return {};
}

Status EventSearch::scanTail(
    const SearchQuery& query, qint64 indexed, qint64 head, SearchPage& page, const std::atomic<bool>* cancel)
{
    // The part of the tail this page may come from: after the index, before (or after) the cursor.
    qint64 low = indexed; // exclusive
    qint64 high = head + 1; // exclusive
    if (query.cursor) {
        if (query.oldestFirst)
            low = std::max(low, *query.cursor);
        else
            high = std::min(high, *query.cursor);
    }
    if (high - low <= 1)
        return {};
    ReadAllOptions options;
    options.filter = query.eventFilter();
    options.limit = ScanPage;
    options.direction = query.oldestFirst ? ReadDirection::Forward : ReadDirection::Backward;
    options.cursor = query.oldestFirst ? low : high;
    while (page.hits.size() < query.limit) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return cancelledSearch();
        auto events = m_store.readAll(options);
        if (!events)
            return events.error();
        if (events->isEmpty())
            return {};
        for (const RecordedEvent& event : std::as_const(*events)) {
            if (event.position <= low || event.position >= high)
                return {}; // past the part of the tail this page covers
            ++page.scannedEvents;
            const DecodedEvent decoded = DecodedEvent::decode(event, m_upcasters);
            const SearchDocument document = SearchDocument::of(event, decoded, maskedFor(query));
            if (!query.text.matches(document.terms))
                continue;
            SearchHit hit;
            hit.position = event.position;
            hit.streamId = event.streamId;
            hit.aggregateType = event.aggregateType;
            hit.revision = event.revision;
            hit.eventType = event.type;
            hit.actor = decoded.metadata().actor;
            hit.occurredAt = event.occurredAt;
            hit.summary = document.summary;
            hit.fromIndex = false;
            page.hits.append(std::move(hit));
            if (page.hits.size() >= query.limit)
                return {};
        }
        options.cursor = events->constLast().position;
    }
    return {};
}

} // namespace flashback
