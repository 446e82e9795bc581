// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/incidentreport.h"

#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "projections/eventsummary.h"
#include "store/eventstore.h"
#include "store/storeaddress.h"
#include "util/jsonmasking.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// The fields a report follows when none are named: what the chosen event changed, at most this many.
constexpr qsizetype MaxDefaultFields = 12;

IncidentEvent incidentEvent(const RecordedEvent& event, const DomainCatalog& catalog, const QStringList& maskedKeys)
{
    const EventMetadata metadata = event.metadataObject();
    // As in search: "actor" and "reason" among the masked keys name the metadata.
    const auto shown = [&](const QString& key, const QString& value) {
        return maskedKeys.contains(key) && !value.isEmpty() ? QString::fromUtf16(MaskPlaceholder) : value;
    };
    return {event.revision, event.position, event.occurredAt, event.type, shown(u"actor"_s, metadata.actor),
        shown(u"reason"_s, metadata.reason),
        eventSummary(DecodedEvent::decode(event, catalog.upcasters()), maskedKeys)};
}

Error cancelled()
{
    return Error::make(ErrorKind::Cancelled, u"The report was cancelled."_s);
}

} // namespace

Result<IncidentReport> buildIncidentReport(EventStore& store, const DomainCatalog& catalog,
    const IncidentReportRequest& request, const std::atomic<bool>* cancel)
{
    const auto cancelledNow = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    TimeTravel timeTravel(store, catalog);
    QStringList maskedKeys = catalog.maskedFields();
    for (const QString& key : request.maskedKeys) {
        if (!maskedKeys.contains(key))
            maskedKeys.append(key);
    }

    auto info = store.stream(request.streamId);
    if (!info)
        return info.error();
    if (!info->has_value()) {
        return Error::notFound(u"StreamNotFound"_s, u"There is no stream %1."_s.arg(request.streamId),
            {{u"stream_id"_s, request.streamId}});
    }
    const qint64 head = (*info)->revision;
    const qint64 to = request.toRevision.value_or(head);
    if (request.fromRevision < 1 || to < request.fromRevision) {
        return Error::invalidArgument(u"A report covers revisions %1 to %2: that is no range (revisions start at 1 "
                                      u"and the first comes before the last)."_s.arg(request.fromRevision)
                                          .arg(to));
    }
    // stateAtRevision() says NotFound for a revision past the end, in the words the CLI's other commands use.
    auto after = timeTravel.stateAtRevision(request.streamId, to);
    if (!after)
        return after.error();
    if (cancelledNow())
        return cancelled();

    IncidentReport report;
    report.storeAddress = StoreAddress::withoutPassword(request.storeAddress);
    report.generatedAt = Timestamp::now();
    report.streamId = request.streamId;
    report.aggregateType = after->aggregateType;
    report.generic = after->generic;
    report.headRevision = head;
    report.fromRevision = request.fromRevision;
    report.toRevision = to;

    QJsonObject before;
    if (to > 1) {
        auto previous = timeTravel.stateAtRevision(request.streamId, to - 1);
        if (!previous)
            return previous.error();
        before = previous->state;
    }
    // The diff of the stored values (a changed password hash is a change), shown masked.
    for (JsonChange change : diffJson(before, after->state)) {
        change.before = maskedJsonAt(change.path, change.before, maskedKeys);
        change.after = maskedJsonAt(change.path, change.after, maskedKeys);
        report.changes.append(change);
    }
    report.stateBefore = maskedJson(before, maskedKeys);
    report.stateAfter = maskedJson(after->state, maskedKeys);
    if (cancelledNow())
        return cancelled();

    // The range: all of it, or its first and last halves when it is longer than maxEvents.
    const qint64 count = to - request.fromRevision + 1;
    const qint64 half = std::max<qint64>(1, request.maxEvents / 2);
    StreamReadOptions opening;
    opening.fromRevision = request.fromRevision;
    opening.toRevision = to;
    opening.limit = count > request.maxEvents ? half : -1;
    auto first = store.readStream(request.streamId, opening);
    if (!first)
        return first.error();
    for (const RecordedEvent& event : std::as_const(*first))
        report.events.append(incidentEvent(event, catalog, maskedKeys));
    if (count > request.maxEvents) {
        StreamReadOptions tail;
        tail.fromRevision = request.fromRevision;
        tail.toRevision = to;
        tail.limit = half;
        tail.direction = ReadDirection::Backward;
        auto last = store.readStream(request.streamId, tail);
        if (!last)
            return last.error();
        report.omittedAfterRevision = report.events.isEmpty() ? 0 : report.events.constLast().revision;
        report.omittedCount = count - qint64(first->size()) - qint64(last->size());
        for (auto it = last->crbegin(); it != last->crend(); ++it)
            report.events.append(incidentEvent(*it, catalog, maskedKeys));
    }
    if (report.events.isEmpty() || report.events.constLast().revision != to)
        return Error::internal(u"The stream %1 did not give back its revision %2."_s.arg(request.streamId).arg(to));
    report.chosen = report.events.constLast();
    if (cancelledNow())
        return cancelled();

    QStringList fields;
    for (const QString& field : request.fields) {
        const QString path = field.trimmed();
        if (!path.isEmpty() && !fields.contains(path))
            fields.append(path);
    }
    if (fields.isEmpty()) {
        for (const JsonChange& change : std::as_const(report.changes)) {
            if (fields.size() < MaxDefaultFields)
                fields.append(change.path);
        }
    }
    if (!fields.isEmpty()) {
        auto histories = timeTravel.fieldHistories(request.streamId, fields);
        if (!histories)
            return histories.error();
        for (qsizetype i = 0; i < fields.size(); ++i) {
            IncidentFieldHistory history {fields.at(i), histories->at(i)};
            for (FieldChange& change : history.changes) {
                change.before = maskedJsonAt(history.path, change.before, maskedKeys);
                change.after = maskedJsonAt(history.path, change.after, maskedKeys);
            }
            report.histories.append(history);
        }
    }
    return report;
}

} // namespace flashback
