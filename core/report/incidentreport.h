// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timetravel/jsondiff.h"
#include "timetravel/timetravel.h"
#include "util/result.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>

namespace flashback {

class DomainCatalog;
class EventStore;

/// What an incident report covers: a stream's events from one revision to the event under scrutiny (the last of
/// the range), and the fields whose history it tells.
struct IncidentReportRequest {
    QString streamId;
    qint64 fromRevision = 1;
    std::optional<qint64> toRevision; ///< The chosen event; the stream's last when unset.
    /// Paths in the state ("status", "address.city"); empty: the fields the chosen event changed.
    QStringList fields;
    /// Masked on top of the catalog's (the window's Sensitive Fields); a report never reveals.
    QStringList maskedKeys;
    /// The store as the user opened it; the report shows it without its password.
    QString storeAddress;
    /// A longer range lists its first and last halves of this many events and says how many it left out.
    qsizetype maxEvents = 1000;
};

/// One event of the report, as a ticket reader needs it.
struct IncidentEvent {
    qint64 revision = 0;
    qint64 position = 0;
    Timestamp occurredAt;
    QString type;
    QString actor;
    QString reason;
    QString summary; ///< eventSummary(), masked.
};

struct IncidentFieldHistory {
    QString path;
    QList<FieldChange> changes; ///< Values masked.
};

/// Everything a report says, masked, ready to be written as Markdown or HTML (incidentreportformat.h).
struct IncidentReport {
    QString storeAddress; ///< Without its password.
    Timestamp generatedAt;
    QString streamId;
    QString aggregateType;
    bool generic = false; ///< Folded generically: Flashback does not know the aggregate type.
    qint64 headRevision = 0;
    qint64 fromRevision = 0;
    qint64 toRevision = 0;
    QList<IncidentEvent> events; ///< The range, oldest first, with a gap when it was longer than maxEvents.
    qint64 omittedAfterRevision = 0; ///< The gap: events after this revision...
    qint64 omittedCount = 0; ///< ...this many of them, are not listed.
    IncidentEvent chosen; ///< The event at toRevision.
    QJsonObject stateBefore; ///< At toRevision - 1; empty when the chosen event is the first.
    QJsonObject stateAfter; ///< At toRevision.
    QList<JsonChange> changes; ///< What the chosen event changed, values masked.
    QList<IncidentFieldHistory> histories;
};

/// Reads what the request names and masks it. NotFound for an unknown stream or a revision past its end,
/// InvalidArgument for a range that is empty or starts before 1, Cancelled when `cancel` is set on the way.
Result<IncidentReport> buildIncidentReport(EventStore& store, const DomainCatalog& catalog,
    const IncidentReportRequest& request, const std::atomic<bool>* cancel = nullptr);

} // namespace flashback
