// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace flashback {

/// Who, why and in which conversation an event was recorded. Serialised as a JSON object with snake-case keys
/// (`actor`, `reason`, `command_id`, `correlation_id`, `causation_id`, `source`); keys Flashback does not know
/// (from attached stores) are kept in `extra` and written back unchanged.
struct EventMetadata {
    QString actor;
    QString reason;
    QString commandId;
    QString correlationId;
    QString causationId;
    QString source;
    QJsonObject extra;

    QJsonObject toJson() const;
    QByteArray toJsonBytes() const;
    static EventMetadata fromJson(const QJsonObject& object);
    /// Malformed bytes give empty metadata with the raw text under extra["_unparsed"], never an error:
    /// metadata is for people; a damaged value must not stop a replay.
    static EventMetadata fromJsonBytes(const QByteArray& bytes);

    bool operator==(const EventMetadata&) const = default;
};

} // namespace flashback
