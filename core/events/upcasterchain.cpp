// SPDX-License-Identifier: GPL-3.0-or-later
#include "upcasterchain.h"
#include "decodedevent.h"
#include "newevent.h"
#include "recordedevent.h"

#include <QJsonDocument>

namespace flashback {

void UpcasterChain::add(const QString& eventType, int fromVersion, Upcast upcast)
{
    m_upcasts.insert(Key {eventType, fromVersion}, std::move(upcast));
    m_currentVersions[eventType] = std::max(m_currentVersions.value(eventType, 1), fromVersion + 1);
}

int UpcasterChain::currentVersion(const QString& eventType) const
{
    return m_currentVersions.value(eventType, 1);
}

int UpcasterChain::upcast(const QString& eventType, int version, QJsonObject& data) const
{
    if (m_upcasts.isEmpty())
        return version;
    for (;;) {
        const auto it = m_upcasts.constFind(Key {eventType, version});
        if (it == m_upcasts.cend())
            return version;
        data = (*it)(data);
        ++version;
    }
}

DecodedEvent DecodedEvent::decode(const RecordedEvent& event, const UpcasterChain& upcasters)
{
    DecodedEvent decoded;
    decoded.type = event.type;
    decoded.storedSchemaVersion = event.schemaVersion;
    decoded.revision = event.revision;
    decoded.position = event.position;
    decoded.occurredAt = event.occurredAt;
    decoded.data = QJsonDocument::fromJson(event.data).object();
    decoded.metadataJson = event.metadata;
    decoded.schemaVersion = upcasters.upcast(event.type, event.schemaVersion, decoded.data);
    return decoded;
}

DecodedEvent DecodedEvent::decode(const NewEvent& event, const UpcasterChain& upcasters)
{
    DecodedEvent decoded;
    decoded.type = event.type;
    decoded.storedSchemaVersion = event.schemaVersion;
    decoded.occurredAt = event.occurredAt;
    decoded.data = QJsonDocument::fromJson(event.data).object();
    decoded.metadataJson = event.metadata.toJsonBytes();
    decoded.schemaVersion = upcasters.upcast(event.type, event.schemaVersion, decoded.data);
    return decoded;
}

} // namespace flashback
