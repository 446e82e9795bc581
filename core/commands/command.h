// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/eventmetadata.h"
#include "store/expectedrevision.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace flashback {

/// An intent to change one aggregate. Field values are JSON values already checked against the command's
/// CommandSpec (strings, integers, booleans).
struct Command {
    QString name; ///< e.g. "CreateUser"
    QString streamId; ///< Empty for a command that creates a stream: a new id is generated.
    QJsonObject fields;
    EventMetadata metadata; ///< actor, reason, command_id, correlation_id, causation_id, source.
    /// When set, the stream must be at this revision or the command fails with ConcurrencyConflict.
    /// When empty, the handler re-reads and re-decides on a conflict (a bounded number of times).
    std::optional<ExpectedRevision> expectedRevision;

    QString string(const QString& field) const { return fields.value(field).toString(); }
    bool has(const QString& field) const { return fields.contains(field) && !fields.value(field).isNull(); }
};

} // namespace flashback
