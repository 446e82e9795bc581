// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"
#include "jsondiff.h"
#include "store/readoptions.h"
#include "util/result.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace flashback {

class Aggregate;
class DomainCatalog;
class EventStore;

/// A stream's state as of one revision.
struct StateAt {
    QString streamId;
    QString aggregateType;
    qint64 revision = 0; ///< The last event folded in.
    qint64 headRevision = 0; ///< The stream's current revision, for "revision 12 of 40".
    Timestamp occurredAt; ///< When that last event happened.
    QJsonObject state;
    bool generic = false; ///< Folded generically: Flashback does not know this aggregate type.
    qint64 eventsFolded = 0; ///< How many events were replayed to get here.
    std::optional<qint64> snapshotRevision; ///< The snapshot the replay started from, if one was usable.
};

/// One event that changed a field, with who and why.
struct FieldChange {
    qint64 revision = 0;
    qint64 position = 0;
    Timestamp occurredAt;
    QString eventType;
    QString actor;
    QString reason;
    QJsonValue before; ///< Undefined: the field did not exist yet.
    QJsonValue after; ///< Undefined: the field was removed.
};

/// State at any revision or instant, diffs between revisions, and the history of one field. Known aggregate
/// types fold with their real apply(); unknown ones fold generically (GenericAggregate), so any stream replays.
class TimeTravel {
public:
    TimeTravel(EventStore& store, const DomainCatalog& catalog);

    /// NotFound when the stream does not exist or has fewer revisions.
    Result<StateAt> stateAtRevision(const QString& streamId, qint64 revision);
    /// The state after the last event that occurred at or before `instant`. NotFound when the stream had no
    /// event yet at that instant.
    Result<StateAt> stateAtInstant(const QString& streamId, Timestamp instant);
    /// Differences from revision `from` to revision `to`.
    Result<QList<JsonChange>> diff(const QString& streamId, qint64 from, qint64 to);
    /// Every event whose fold changed the value at `path` (e.g. "status", "address.city"), oldest first.
    Result<QList<FieldChange>> fieldHistory(const QString& streamId, const QString& path);
    /// fieldHistory() of several paths in one replay, in the order of `paths`.
    Result<QList<QList<FieldChange>>> fieldHistories(const QString& streamId, const QStringList& paths);

    /// A fresh aggregate for the type: the real one when known, else a generic fold.
    std::unique_ptr<Aggregate> aggregateFor(const QString& aggregateType) const;

private:
    struct LoadedStream {
        StreamInfo info;
        QList<RecordedEvent> events;
    };
    Result<LoadedStream> load(const QString& streamId);

    EventStore& m_store;
    const DomainCatalog& m_catalog;
};

} // namespace flashback
