#include "jsonmasking.h"

#include <QJsonArray>

namespace flashback {

QJsonObject maskedJson(const QJsonObject& object, const QStringList& keys)
{
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (keys.contains(it.key()) && !it.value().isNull())
            result.insert(it.key(), QString::fromUtf16(MaskPlaceholder));
        else
            result.insert(it.key(), maskedJson(it.value(), keys));
    }
    return result;
}

QJsonValue maskedJson(const QJsonValue& value, const QStringList& keys)
{
    if (value.isObject())
        return maskedJson(value.toObject(), keys);
    if (value.isArray()) {
        QJsonArray result;
        for (const QJsonValue& item : value.toArray())
            result.append(maskedJson(item, keys));
        return result;
    }
    return value;
}

bool containsMaskedKey(const QJsonValue& value, const QStringList& keys)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (keys.contains(it.key()) || containsMaskedKey(it.value(), keys))
                return true;
        }
    } else if (value.isArray()) {
        for (const QJsonValue& item : value.toArray()) {
            if (containsMaskedKey(item, keys))
                return true;
        }
    }
    return false;
}

} // namespace flashback
