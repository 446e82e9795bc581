// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventmetadata.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
struct Key {
    QLatin1StringView name;
    QString EventMetadata::*member;
};
/// In the order JSON objects write their keys (sorted), so toJsonBytes() can write them as they come.
constexpr std::array<Key, 6> Keys {{
    {"actor"_L1, &EventMetadata::actor},
    {"causation_id"_L1, &EventMetadata::causationId},
    {"command_id"_L1, &EventMetadata::commandId},
    {"correlation_id"_L1, &EventMetadata::correlationId},
    {"reason"_L1, &EventMetadata::reason},
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

namespace {

/// Printable ASCII: written as it is, with '"' and '\\' escaped, exactly as QJsonDocument writes it.
bool isPlainAscii(const QString& text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f; });
}

} // namespace

QByteArray EventMetadata::toJsonBytes() const
{
    // Every event's metadata is serialised when it is appended, so the usual case (no extra keys, ASCII values:
    // ids, "user:..." actors) is written directly; the output is byte for byte what QJsonDocument writes (keys
    // sorted, compact), which the rest goes through.
    const bool plain = extra.isEmpty()
        && std::all_of(Keys.cbegin(), Keys.cend(), [this](const Key& key) { return isPlainAscii(this->*key.member); });
    if (!plain)
        return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);

    QByteArray out;
    out.reserve(256);
    out += '{';
    for (const auto& key : Keys) {
        const QString& value = this->*key.member;
        if (value.isEmpty())
            continue;
        if (out.size() > 1)
            out += ',';
        out += '"';
        out += key.name;
        out += "\":\"";
        for (const QChar c : value) {
            if (c == u'"' || c == u'\\')
                out += '\\';
            out += char(c.unicode());
        }
        out += '"';
    }
    out += '}';
    return out;
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
