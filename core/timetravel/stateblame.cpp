// SPDX-License-Identifier: GPL-3.0-or-later
#include "stateblame.h"

#include "domain/aggregate.h"
#include "domain/domaincatalog.h"
#include "jsondiff.h"
#include "replaycheckpoints.h"
#include "store/eventstore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// "a.b[2].c" -> "a", "a.b", "a.b[2]": every path that holds it.
template <typename Visit> void forEachAncestor(const QString& path, Visit visit)
{
    for (qsizetype i = 1; i < path.size(); ++i) {
        if (path.at(i) == u'.' || path.at(i) == u'[')
            visit(path.left(i));
    }
}

void collectPaths(const QString& path, const QJsonValue& value, QStringList& out)
{
    out.append(path);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectPaths(path + u'.' + it.key(), it.value(), out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectPaths(path + u'[' + QString::number(i) + u']', array.at(i), out);
    }
}

QStringList pathsOf(const QJsonObject& state)
{
    QStringList paths;
    for (auto it = state.begin(); it != state.end(); ++it)
        collectPaths(it.key(), it.value(), paths);
    return paths;
}

qint64 lastIn(const QHash<QString, qint64>& marks, const QString& path)
{
    return marks.value(path, 0);
}

Error cancelledError()
{
    return Error::make(ErrorKind::Cancelled, u"Finding who last set each field was cancelled."_s);
}

} // namespace

StateBlame::StateBlame(const DomainCatalog& catalog, qint64 memoryBudget)
    : m_catalog(catalog)
    , m_budget(memoryBudget)
{ }

Result<StateBlame::Summary> StateBlame::summarise(
    EventStore& store, const ReplayCheckpoints& checkpoints, qint64 first, qint64 last) const
{
    Summary summary;
    auto aggregate = checkpoints.aggregateAt(store, first);
    if (!aggregate)
        return aggregate.error();
    StreamReadOptions range;
    range.fromRevision = first + 1;
    range.toRevision = last;
    auto events = store.readStream(checkpoints.streamId(), range);
    if (!events)
        return events.error();
    // Before the first event the state is taken as empty: what a new aggregate starts with (its id, defaults)
    // is the doing of the event that created it.
    QJsonObject before = first == 0 ? QJsonObject {} : (*aggregate)->state();
    for (const RecordedEvent& event : std::as_const(*events)) {
        (*aggregate)->replay(DecodedEvent::decode(event, m_catalog.upcasters()));
        QJsonObject after = (*aggregate)->state();
        for (const JsonChange& change : diffJson(before, after)) {
            summary.direct.insert(change.path, event.revision);
            forEachAncestor(change.path, [&](const QString& holder) { summary.inside.insert(holder, event.revision); });
        }
        before = std::move(after);
    }
    // Keys are implicitly shared between the two tables often; count them once each, with the hash overhead.
    for (auto it = summary.direct.cbegin(); it != summary.direct.cend(); ++it)
        summary.bytes += it.key().size() * 2 + 48;
    for (auto it = summary.inside.cbegin(); it != summary.inside.cend(); ++it)
        summary.bytes += it.key().size() * 2 + 48;
    return summary;
}

Result<QHash<QString, FieldBlame>> StateBlame::blame(
    EventStore& store, const ReplayCheckpoints& checkpoints, qint64 revision, const std::atomic<bool>* cancel)
{
    const auto cancelledNow = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };
    auto at = checkpoints.stateAt(store, revision);
    if (!at)
        return at.error();
    QStringList open = pathsOf(at->state);
    QHash<QString, qint64> found;

    // Settles every open path that `summary` has a mark for: the latest of its own change, a change of a
    // field holding it, or a change inside it. Earlier segments cannot beat a mark found in a later one.
    const auto settle = [&](const Summary& summary) {
        QStringList still;
        for (const QString& path : std::as_const(open)) {
            qint64 last = std::max(lastIn(summary.direct, path), lastIn(summary.inside, path));
            forEachAncestor(
                path, [&](const QString& holder) { last = std::max(last, lastIn(summary.direct, holder)); });
            if (last > 0)
                found.insert(path, last);
            else
                still.append(path);
        }
        open = std::move(still);
    };

    const qint64 segment = (revision - 1) / SegmentRevisions;
    const qint64 segmentStart = segment * SegmentRevisions;
    qint64 walkFrom = segment;
    if (revision < segmentStart + SegmentRevisions) {
        // Its own segment only up to the revision: folded for this answer, never kept.
        auto partial = summarise(store, checkpoints, segmentStart, revision);
        if (!partial)
            return partial.error();
        settle(*partial);
        walkFrom = segment - 1;
    }
    for (qint64 index = walkFrom; index >= 0 && !open.isEmpty(); --index) {
        if (cancelledNow())
            return cancelledError();
        auto kept = m_segments.find(index);
        if (kept == m_segments.end()) {
            auto summary = summarise(store, checkpoints, index * SegmentRevisions, (index + 1) * SegmentRevisions);
            if (!summary)
                return summary.error();
            if (m_bytes + summary->bytes <= m_budget) {
                m_bytes += summary->bytes;
                kept = m_segments.emplace(index, std::move(summary).value()).first;
            } else {
                settle(*summary);
                continue;
            }
        }
        settle(kept->second);
    }

    // Who and when, once per distinct revision.
    QHash<qint64, FieldBlame> events;
    for (qint64 blamed : std::as_const(found)) {
        if (events.contains(blamed))
            continue;
        auto event = store.readEvent(checkpoints.streamId(), blamed);
        if (!event)
            return event.error();
        FieldBlame who;
        who.revision = blamed;
        if (*event) {
            who.occurredAt = (*event)->occurredAt;
            who.eventType = (*event)->type;
            who.actor = (*event)->metadataObject().actor;
        }
        events.insert(blamed, who);
    }
    QHash<QString, FieldBlame> blames;
    for (auto it = found.cbegin(); it != found.cend(); ++it)
        blames.insert(it.key(), events.value(it.value()));
    return blames;
}

} // namespace flashback
