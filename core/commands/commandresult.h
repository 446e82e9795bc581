// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"

#include <QList>
#include <QString>

namespace flashback {

/// What a command did: the events it appended and the stream's new revision. A duplicate (same command id as an
/// earlier command) reports the earlier command's events and appends nothing.
struct CommandResult {
    QString commandId;
    QString commandName;
    QString streamId;
    QString aggregateType;
    qint64 revision = 0; ///< The stream's revision after the command.
    QList<RecordedEvent> events;
    bool duplicate = false;
};

} // namespace flashback
