// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventmetadata.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QString>

namespace flashback {

struct NewEvent;
struct RecordedEvent;
class UpcasterChain;

/// An event ready for an aggregate's apply(): payload parsed and upcast to the current schema version.
/// Metadata stays encoded until somebody asks, because most apply() functions never look at it.
struct DecodedEvent {
    QString type;
    int schemaVersion = 1; ///< After upcasting.
    int storedSchemaVersion = 1; ///< As recorded.
    qint64 revision = 0;
    qint64 position = 0;
    Timestamp occurredAt;
    QJsonObject data;
    QByteArray metadataJson;

    EventMetadata metadata() const { return EventMetadata::fromJsonBytes(metadataJson); }

    static DecodedEvent decode(const RecordedEvent& event, const UpcasterChain& upcasters);
    /// For events decided but not yet stored (revision and position are filled in by the caller).
    static DecodedEvent decode(const NewEvent& event, const UpcasterChain& upcasters);
};

} // namespace flashback
