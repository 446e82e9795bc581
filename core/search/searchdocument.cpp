// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchdocument.h"

#include "events/decodedevent.h"
#include "events/recordedevent.h"
#include "projections/eventsummary.h"
#include "searchterms.h"
#include "util/jsonmasking.h"

#include <QJsonArray>

namespace flashback {

namespace {

/// Every string and number in `value`, depth first in key order (a masked value is the placeholder, which holds
/// no letter or digit and so gives no term).
void collectValues(const QJsonValue& value, QStringList& out)
{
    switch (value.type()) {
    case QJsonValue::String:
        out.append(value.toString());
        break;
    case QJsonValue::Double:
        out.append(QString::number(value.toDouble(), 'g', 17));
        break;
    case QJsonValue::Array:
        for (const QJsonValue& element : value.toArray())
            collectValues(element, out);
        break;
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectValues(it.value(), out);
        break;
    }
    case QJsonValue::Bool:
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
}

} // namespace

SearchDocument SearchDocument::of(
    const RecordedEvent& event, const DecodedEvent& decoded, const QStringList& maskedKeys)
{
    const EventMetadata metadata = decoded.metadata();
    // "actor" and "reason" name the metadata too, as the window's sensitive fields do.
    const QString actor = maskedKeys.contains(u"actor") ? QString() : metadata.actor;
    const QString reason = maskedKeys.contains(u"reason") ? QString() : metadata.reason;
    QStringList texts {event.type, event.streamId, event.aggregateType, actor, reason, metadata.commandId,
        metadata.correlationId, metadata.causationId};
    collectValues(maskedJson(QJsonValue(decoded.data), maskedKeys), texts);
    return {SearchTerms::documentForm(texts.join(u' '), MaxTerms), eventSummary(decoded, maskedKeys)};
}

} // namespace flashback
