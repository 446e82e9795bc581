// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"

#include <QJsonObject>
#include <QStringList>

namespace flashback {

/// Everything the Event pane shows of one event, worked out on the worker.
struct EventDetails {
    RecordedEvent event;
    QJsonObject storedData; ///< The payload as recorded.
    QJsonObject upcastData; ///< After the upcasters (equal to storedData when none applied).
    int upcastSchemaVersion = 1;
    QJsonObject metadata; ///< Decoded metadata, all keys.
    QStringList maskedKeys; ///< Payload keys hidden until revealed (at any depth).

    bool upcastDiffers() const { return upcastSchemaVersion != event.schemaVersion || upcastData != storedData; }
};

} // namespace flashback
