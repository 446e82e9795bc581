// SPDX-License-Identifier: GPL-3.0-or-later
#include "outputformatter.h"
#include "domain/domaincatalog.h"
#include "exitcode.h"
#include "readmodels/readmodelstore.h"
#include "texttable.h"
#include "util/uuid.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback::cli {

OutputFormatter::OutputFormatter(bool reveal)
{
    if (!reveal)
        m_maskedKeys = DomainCatalog::builtin().maskedFields();
}

QJsonValue OutputFormatter::masked(const QJsonValue& value) const
{
    if (value.isObject())
        return maskedObject(value.toObject());
    if (value.isArray()) {
        QJsonArray items;
        for (const auto& item : value.toArray())
            items.append(masked(item));
        return items;
    }
    return value;
}

QJsonObject OutputFormatter::maskedObject(const QJsonObject& object) const
{
    if (m_maskedKeys.isEmpty())
        return object;
    // Nested objects too: an attached store may keep a hash one level down.
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const bool hide = m_maskedKeys.contains(it.key()) && !it.value().isNull();
        result.insert(it.key(), hide ? QJsonValue(MaskedValue) : masked(it.value()));
    }
    return result;
}

QJsonValue OutputFormatter::maskedAt(const QString& path, const QJsonValue& value) const
{
    if (value.isUndefined() || value.isNull() || m_maskedKeys.isEmpty())
        return masked(value);
    // The last key of "a.b[2].password_hash" (array indexes are not keys).
    QString key = path.section(u'.', -1);
    if (const qsizetype bracket = key.indexOf(u'['); bracket >= 0)
        key.truncate(bracket);
    return m_maskedKeys.contains(key) ? QJsonValue(MaskedValue) : masked(value);
}

QJsonObject OutputFormatter::eventJson(const RecordedEvent& event) const
{
    return QJsonObject {
        {u"position"_s, event.position},
        {u"stream_id"_s, event.streamId},
        {u"aggregate_type"_s, event.aggregateType},
        {u"revision"_s, event.revision},
        {u"event_id"_s, uuidText(event.eventId)},
        {u"type"_s, event.type},
        {u"schema_version"_s, event.schemaVersion},
        {u"occurred_at"_s, event.occurredAt.toIso()},
        {u"recorded_at"_s, event.recordedAt.toIso()},
        {u"data"_s, maskedObject(event.dataObject())},
        {u"metadata"_s, maskedObject(event.metadataObject().toJson())},
    };
}

QJsonArray OutputFormatter::eventsJson(const QList<RecordedEvent>& events) const
{
    QJsonArray array;
    for (const auto& event : events)
        array.append(eventJson(event));
    return array;
}

QString OutputFormatter::compactData(const RecordedEvent& event) const
{
    return QString::fromUtf8(QJsonDocument(maskedObject(event.dataObject())).toJson(QJsonDocument::Compact));
}

QString OutputFormatter::streamEventsTable(const QList<RecordedEvent>& events) const
{
    TextTable table({u"REV"_s, u"POSITION"_s, u"OCCURRED_AT"_s, u"TYPE"_s, u"ACTOR"_s, u"DATA"_s});
    for (const auto& event : events) {
        table.addRow({QString::number(event.revision), QString::number(event.position), event.occurredAt.toIso(),
            event.type, event.metadataObject().actor, compactData(event)});
    }
    return table.render();
}

QString OutputFormatter::logTable(const QList<RecordedEvent>& events) const
{
    TextTable table({u"POSITION"_s, u"OCCURRED_AT"_s, u"STREAM"_s, u"REV"_s, u"TYPE"_s, u"ACTOR"_s, u"DATA"_s});
    for (const auto& event : events) {
        table.addRow({QString::number(event.position), event.occurredAt.toIso(), event.streamId,
            QString::number(event.revision), event.type, event.metadataObject().actor, compactData(event)});
    }
    return table.render();
}

QJsonValue OutputFormatter::timeOrNull(const std::optional<Timestamp>& time)
{
    return time ? QJsonValue(time->toIso()) : QJsonValue(QJsonValue::Null);
}

QJsonValue OutputFormatter::cursorOrNull(const std::optional<qint64>& cursor)
{
    return cursor ? QJsonValue(QString::number(*cursor)) : QJsonValue(QJsonValue::Null);
}

QJsonObject OutputFormatter::searchIndexJson(const ReadModelStore& readModels)
{
    return {{u"kind"_s, textIndexName(readModels.textIndex())}, {u"note"_s, readModels.textIndexNote()}};
}

QJsonObject OutputFormatter::errorJson(const Error& error)
{
    const QJsonObject body {
        {u"code"_s, error.code},
        {u"kind"_s, errorKindName(error.kind)},
        {u"category"_s, categoryName(error.category())},
        {u"message"_s, error.message},
        {u"detail"_s, error.detail},
        {u"context"_s, QJsonObject::fromVariantMap(error.context)},
    };
    return QJsonObject {{u"error"_s, body}};
}

QString OutputFormatter::errorText(const Error& error, bool verbose)
{
    // One line by default, so `2>&1 | tail -1` in a script shows the whole story.
    QString message = error.message.simplified();
    QString text = u"flashback-cli: "_s + message + u" ["_s + error.code + u"]\n"_s;
    if (verbose && !error.detail.isEmpty())
        text += u"  detail: "_s + error.detail.simplified() + u'\n';
    return text;
}

} // namespace flashback::cli
