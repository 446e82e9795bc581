// SPDX-License-Identifier: GPL-3.0-or-later
#include "replaycache.h"

#include "domain/domaincatalog.h"
#include "statetreemodel.h"
#include "store/eventstore.h"
#include "util/jsonmasking.h"

namespace flashback {

ReplayCache::ReplayCache(const DomainCatalog& catalog)
    : m_catalog(catalog)
{ }

Result<ReplayCache::Stream*> ReplayCache::streamFor(EventStore& store, const QString& streamId)
{
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
        if (it->checkpoints->streamId() == streamId) {
            m_streams.splice(m_streams.begin(), m_streams, it);
            return &m_streams.front();
        }
    }
    auto started = ReplayCheckpoints::start(store, m_catalog, streamId);
    if (!started)
        return started.error();
    m_streams.push_front({std::move(started).value(), std::make_unique<StateBlame>(m_catalog)});
    while (m_streams.size() > size_t(StreamsKept))
        m_streams.pop_back();
    return &m_streams.front();
}

Result<ReplayCheckpoints*> ReplayCache::checkpointsFor(EventStore& store, const QString& streamId)
{
    auto stream = streamFor(store, streamId);
    if (!stream)
        return stream.error();
    return (*stream)->checkpoints.get();
}

ReplayProgress ReplayCache::progressOf(const ReplayCheckpoints& checkpoints)
{
    return {checkpoints.streamId(), checkpoints.foldedThrough(), checkpoints.headRevision(),
        checkpoints.checkpointCount(), checkpoints.memoryBytes(), checkpoints.interval(),
        checkpoints.driftedSnapshots()};
}

Result<StateView> ReplayCache::stateView(EventStore& store, const QString& streamId, qint64 revision)
{
    const QMutexLocker lock(&m_mutex);
    auto checkpoints = checkpointsFor(store, streamId);
    if (!checkpoints)
        return checkpoints.error();
    StateView view;
    auto at = (*checkpoints)->stateAt(store, revision, &view.before); // one fold for both states
    if (!at)
        return at.error();
    view.at = std::move(at).value();
    view.changes = diffJson(view.before, view.at.state);
    view.cache = progressOf(**checkpoints);
    return view;
}

Result<QList<JsonChange>> ReplayCache::diff(
    EventStore& store, const QString& streamId, qint64 from, qint64 to, const QStringList& maskedKeys)
{
    const QMutexLocker lock(&m_mutex);
    auto checkpoints = checkpointsFor(store, streamId);
    if (!checkpoints)
        return checkpoints.error();
    auto before = (*checkpoints)->stateAt(store, from);
    if (!before)
        return before.error();
    auto after = (*checkpoints)->stateAt(store, to);
    if (!after)
        return after.error();
    QList<JsonChange> changes = diffJson(before->state, after->state);
    if (maskedKeys.isEmpty())
        return changes;
    const QJsonValue hidden(QString::fromUtf16(MaskPlaceholder));
    for (JsonChange& change : changes) {
        const bool masked = StateTreeModel::maskedAt(before->state, change.path, maskedKeys)
            || StateTreeModel::maskedAt(after->state, change.path, maskedKeys);
        if (!masked)
            continue;
        if (!change.before.isUndefined())
            change.before = hidden;
        if (!change.after.isUndefined())
            change.after = hidden;
    }
    return changes;
}

Result<ReplayProgress> ReplayCache::advance(EventStore& store, const QString& streamId)
{
    const QMutexLocker lock(&m_mutex);
    auto checkpoints = checkpointsFor(store, streamId);
    if (!checkpoints)
        return checkpoints.error();
    if (auto advanced = (*checkpoints)->advance(store, SliceEvents); !advanced)
        return advanced.error();
    return progressOf(**checkpoints);
}

Result<QHash<QString, FieldBlame>> ReplayCache::blame(
    EventStore& store, const QString& streamId, qint64 revision, const std::atomic<bool>* cancel)
{
    const QMutexLocker lock(&m_mutex);
    auto stream = streamFor(store, streamId);
    if (!stream)
        return stream.error();
    return (*stream)->blame->blame(store, *(*stream)->checkpoints, revision, cancel);
}

} // namespace flashback
