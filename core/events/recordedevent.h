// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventmetadata.h"
#include "util/timestamp.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUuid>

namespace flashback {

/// An event as the store holds it. Payload and metadata stay as the stored JSON bytes; they are parsed only
/// when asked for (replay cost is dominated by JSON decoding, see ARCHITECTURE.md section 9).
struct RecordedEvent {
    QUuid eventId;
    QString streamId;
    QString aggregateType;
    qint64 revision = 0; ///< 1-based position in its stream.
    qint64 position = 0; ///< Global, strictly increasing in commit order.
    QString type;
    int schemaVersion = 1;
    Timestamp occurredAt;
    Timestamp recordedAt;
    QByteArray data;
    QByteArray metadata;

    /// The payload as stored (not upcast). An unparsable payload gives an empty object.
    QJsonObject dataObject() const;
    EventMetadata metadataObject() const;
};

} // namespace flashback
