#include "eventmetadata.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
struct Key {
    QLatin1StringView name;
    QString EventMetadata::*member;
};
constexpr std::array<Key, 6> Keys {{
    {"actor"_L1, &EventMetadata::actor},
    {"reason"_L1, &EventMetadata::reason},
    {"command_id"_L1, &EventMetadata::commandId},
    {"correlation_id"_L1, &EventMetadata::correlationId},
    {"causation_id"_L1, &EventMetadata::causationId},
    {"source"_L1, &EventMetadata::source},
}};
} // namespace

QJsonObject EventMetadata::toJson() const
{
    QJsonObject object = extra;
    for (const auto& key : Keys) {
        const QString& value = this->*key.member;
        if (!value.isEmpty())
            object.insert(key.name, value);
    }
    return object;
}

QByteArray EventMetadata::toJsonBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

EventMetadata EventMetadata::fromJson(const QJsonObject& object)
{
    EventMetadata metadata;
    metadata.extra = object;
    for (const auto& key : Keys) {
        const auto value = object.value(key.name);
        if (value.isString()) {
            metadata.*key.member = value.toString();
            metadata.extra.remove(key.name);
        }
    }
    return metadata;
}

EventMetadata EventMetadata::fromJsonBytes(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return {};
    QJsonParseError error {};
    const auto document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        EventMetadata metadata;
        metadata.extra.insert(u"_unparsed"_s, QString::fromUtf8(bytes));
        return metadata;
    }
    return fromJson(document.object());
}

} // namespace flashback
