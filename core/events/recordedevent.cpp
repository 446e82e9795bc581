// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordedevent.h"
#include "newevent.h"

#include <QJsonDocument>

namespace flashback {

QByteArray NewEvent::encode(const QJsonObject& data)
{
    return QJsonDocument(data).toJson(QJsonDocument::Compact);
}

QJsonObject RecordedEvent::dataObject() const
{
    return QJsonDocument::fromJson(data).object();
}

EventMetadata RecordedEvent::metadataObject() const
{
    return EventMetadata::fromJsonBytes(metadata);
}

} // namespace flashback
