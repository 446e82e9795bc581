// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchindexprojection.h"

#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "events/recordedevent.h"
#include "readmodels/readmodeltransaction.h"
#include "searchdocument.h"

using namespace Qt::StringLiterals;

namespace flashback {

SearchIndexProjection::SearchIndexProjection()
    : SearchIndexProjection(DomainCatalog::builtin().maskedFields())
{ }

SearchIndexProjection::SearchIndexProjection(QStringList maskedKeys)
    : m_maskedKeys(std::move(maskedKeys))
{ }

ReadModelSchema SearchIndexProjection::readModel()
{
    ReadModelTable documents {Table,
        {{u"position"_s, ColumnType::Integer}, {u"stream_id"_s, ColumnType::Text},
            {u"aggregate_type"_s, ColumnType::Text}, {u"revision"_s, ColumnType::Integer},
            {u"event_type"_s, ColumnType::Text}, {u"actor"_s, ColumnType::Text},
            {u"occurred_at"_s, ColumnType::Integer}, {u"summary"_s, ColumnType::Text}, {u"terms"_s, ColumnType::Text}},
        {u"position"_s},
        // Filters without text walk these in position order (newest or oldest first, keyset paged).
        {{u"event_type"_s, u"position"_s}, {u"actor"_s, u"position"_s}, {u"stream_id"_s, u"position"_s},
            {u"occurred_at"_s}},
        u"terms"_s};
    return {Name, {documents}};
}

QString SearchIndexProjection::name() const
{
    return Name;
}

bool SearchIndexProjection::handles(const RecordedEvent& event) const
{
    Q_UNUSED(event);
    return true;
}

Status SearchIndexProjection::handle(
    const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer)
{
    const SearchDocument document = SearchDocument::of(event, decoded, m_maskedKeys);
    const QString actor = decoded.metadata().actor;
    const ReadModelRow row {
        {u"position"_s, event.position},
        {u"stream_id"_s, event.streamId},
        {u"aggregate_type"_s, event.aggregateType},
        {u"revision"_s, event.revision},
        {u"event_type"_s, event.type},
        {u"actor"_s, actor.isEmpty() ? QVariant() : QVariant(actor)},
        {u"occurred_at"_s, event.occurredAt.micros()},
        {u"summary"_s, document.summary},
        {u"terms"_s, document.terms},
    };
    return writer.put(Table, row);
}

} // namespace flashback
