// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditlogprojection.h"
#include "domain/domaincatalog.h"
#include "eventsummary.h"
#include "readmodels/readmodeltransaction.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

AuditLogProjection::AuditLogProjection()
    : AuditLogProjection(DomainCatalog::builtin().maskedFields())
{ }

AuditLogProjection::AuditLogProjection(QStringList maskedKeys)
    : m_maskedKeys(std::move(maskedKeys))
{ }

QString AuditLogProjection::name() const
{
    return Name;
}

ReadModelSchema AuditLogProjection::schema() const
{
    return m_schema;
}

bool AuditLogProjection::handles(const RecordedEvent& event) const
{
    Q_UNUSED(event);
    return true;
}

Status AuditLogProjection::handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer)
{
    const EventMetadata metadata = decoded.metadata();
    // The command handler copies a reason into both places; events from other writers may have it only in the
    // payload, and the incident search ("why was my account suspended?") should still find it.
    QString reason = metadata.reason;
    if (reason.isEmpty()) {
        if (const QJsonValue payloadReason = decoded.data.value("reason"_L1); payloadReason.isString())
            reason = payloadReason.toString();
    }
    const ReadModelRow row {
        {u"position"_s, event.position},
        {u"occurred_at"_s, event.occurredAt.toIso()},
        {u"recorded_at"_s, event.recordedAt.toIso()},
        {u"stream_id"_s, event.streamId},
        {u"aggregate_type"_s, event.aggregateType},
        {u"revision"_s, event.revision},
        {u"event_type"_s, event.type},
        {u"actor"_s, textOrNull(metadata.actor)},
        {u"reason"_s, textOrNull(reason)},
        {u"summary"_s, eventSummary(decoded, m_maskedKeys)},
    };
    return writer.put(Table, row);
}

} // namespace flashback
