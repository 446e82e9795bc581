// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventmetadata.h"
#include "util/timestamp.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUuid>

namespace flashback {

/// An event about to be appended. The payload is already encoded as compact JSON, so a caller that appends in
/// bulk encodes each payload exactly once and the store copies bytes.
struct NewEvent {
    QUuid eventId;
    QString type;
    int schemaVersion = 1;
    Timestamp occurredAt;
    QByteArray data; ///< Compact JSON object.
    EventMetadata metadata;

    static QByteArray encode(const QJsonObject& data);
};

} // namespace flashback
