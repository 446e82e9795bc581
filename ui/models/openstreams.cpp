// SPDX-License-Identifier: GPL-3.0-or-later
#include "openstreams.h"

#include "selection.h"
#include "storesession.h"
#include "timelinebuckets.h"

#include <utility>

namespace flashback {

OpenStreams::OpenStreams(QObject* parent)
    : QObject(parent)
{
    // Progress is looked at, not pushed: the worker only stores two counters as it reads.
    m_progressTimer.setInterval(200);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        bool any = false;
        for (const Entry& entry : std::as_const(m_entries))
            any = any || (entry.loading && entry.progress);
        if (!any)
            m_progressTimer.stop();
        else
            Q_EMIT loadingProgressChanged();
    });
}

void OpenStreams::setSession(StoreSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session) {
        connect(session, &StoreSession::eventsCommitted, this, &OpenStreams::onEventsCommitted);
        connect(session, &StoreSession::connectionRestored, this, &OpenStreams::reloadAll);
        connect(session, &StoreSession::opened, this, [this] {
            // Another store: the open streams belong to the old one.
            setStreams({});
        });
    }
}

void OpenStreams::setSelection(Selection* selection)
{
    if (m_selection)
        disconnect(m_selection, nullptr, this, nullptr);
    m_selection = selection;
    if (selection) {
        connect(selection, &Selection::openStreamsChanged, this, &OpenStreams::setStreams);
        setStreams(selection->openStreams());
    }
}

std::shared_ptr<const StreamIndex> OpenStreams::index(const QString& streamId) const
{
    const auto found = m_entries.constFind(streamId);
    return found == m_entries.cend() ? nullptr : found->index;
}

std::shared_ptr<const TimelineBuckets> OpenStreams::buckets(const QString& streamId) const
{
    const auto found = m_entries.constFind(streamId);
    if (found == m_entries.cend() || !found->buckets || found->buckets->size() != found->index->size())
        return nullptr;
    return found->buckets;
}

std::pair<qint64, qint64> OpenStreams::loadingProgress(const QString& streamId) const
{
    const auto found = m_entries.constFind(streamId);
    if (found == m_entries.cend() || !found->loading || !found->progress)
        return {0, 0};
    return {found->progress->done.load(std::memory_order_relaxed),
        found->progress->expected.load(std::memory_order_relaxed)};
}

bool OpenStreams::isLoading(const QString& streamId) const
{
    const auto found = m_entries.constFind(streamId);
    return found != m_entries.cend() && found->loading;
}

void OpenStreams::acknowledge()
{
    if (m_unseen == 0)
        return;
    m_unseen = 0;
    Q_EMIT unseenEventsChanged(0);
}

void OpenStreams::cancelLoading()
{
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!it->loading)
            continue;
        it->request.cancel();
        it->loading = false;
        it->cancelled = true;
        it->progress.reset();
        Q_EMIT loadingChanged(it.key(), false);
    }
}

bool OpenStreams::wasCancelled(const QString& streamId) const
{
    const auto found = m_entries.constFind(streamId);
    return found != m_entries.cend() && found->cancelled;
}

void OpenStreams::reloadCancelled()
{
    for (const QString& stream : std::as_const(m_order)) {
        if (wasCancelled(stream))
            load(stream, 1);
    }
}

void OpenStreams::setStreams(const QStringList& streams)
{
    if (streams == m_order)
        return;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (streams.contains(it.key())) {
            ++it;
            continue;
        }
        it->request.cancel();
        it = m_entries.erase(it);
    }
    m_order = streams;
    m_unseen = 0;
    Q_EMIT unseenEventsChanged(0);
    Q_EMIT streamsChanged(m_order);
    for (const QString& stream : streams) {
        if (!m_entries.contains(stream)) {
            Entry entry;
            entry.index = std::make_shared<StreamIndex>();
            entry.index->streamId = stream;
            m_entries.insert(stream, std::move(entry));
            load(stream, 1);
        }
    }
}

void OpenStreams::load(const QString& streamId, qint64 fromRevision)
{
    if (!m_session)
        return;
    Entry& entry = m_entries[streamId];
    entry.request.cancel();
    const quint64 generation = ++m_generation;
    entry.generation = generation;
    entry.loading = true;
    entry.cancelled = false;
    Q_EMIT loadingChanged(streamId, true);
    if (fromRevision <= 1 || !entry.complete) {
        entry.progress = std::make_shared<ReadProgress>();
        m_progressTimer.start();
        entry.request
            = m_session->readIndexedStream(this, streamId, entry.progress, [this, streamId, generation](auto result) {
                  Entry* loaded = finishLoad(streamId, generation, result);
                  if (!loaded)
                      return;
                  loaded->index = std::move(result->index); // taken over, not copied: it may hold a million events
                  loaded->buckets = std::move(result->buckets);
                  loaded->complete = true;
                  settleLoad(streamId, *loaded, true, 0);
              });
        return;
    }
    entry.request = m_session->readStreamIndex(this, streamId, fromRevision, [this, streamId, generation](auto result) {
        Entry* loaded = finishLoad(streamId, generation, result);
        if (!loaded)
            return;
        const qint64 before = loaded->index->size();
        const StreamIndex& read = **result;
        if (!read.isEmpty() && read.firstRevision == loaded->index->lastRevision() + 1) {
            loaded->index->append(read);
            loaded->buckets.reset(); // built for fewer events; the timeline grows its own
        }
        settleLoad(streamId, *loaded, false, loaded->index->size() - before);
    });
}

template <typename T>
OpenStreams::Entry* OpenStreams::finishLoad(const QString& streamId, quint64 generation, const Result<T>& result)
{
    const auto found = m_entries.find(streamId);
    if (found == m_entries.end() || found->generation != generation)
        return nullptr;
    found->loading = false;
    found->progress.reset();
    Q_EMIT loadingChanged(streamId, false);
    if (!result) {
        if (result.error().kind != ErrorKind::Cancelled)
            Q_EMIT failed(result.error());
        return nullptr;
    }
    return &*found;
}

void OpenStreams::settleLoad(const QString& streamId, Entry& entry, bool whole, qint64 added)
{
    const QList<LiveEvent> pending = std::exchange(entry.pending, {});
    if (whole || added > 0)
        Q_EMIT indexChanged(streamId, whole ? 0 : added);
    if (const qint64 live = applyLive(streamId, entry, pending); live > 0)
        Q_EMIT indexChanged(streamId, live);
}

qint64 OpenStreams::applyLive(const QString& streamId, Entry& entry, const QList<LiveEvent>& events)
{
    qint64 added = 0;
    for (const LiveEvent& event : events) {
        if (entry.loading) {
            entry.pending.append(event);
            continue;
        }
        StreamIndex& index = *entry.index;
        const qint64 expected = index.isEmpty() ? 1 : index.lastRevision() + 1;
        if (event.revision < expected)
            continue; // the index read had it already
        if (event.revision > expected) {
            // Events this feed never saw (committed while the connection was down): read them from the store;
            // this one and the rest wait for that read.
            load(streamId, expected);
            entry.pending.append(event);
            continue;
        }
        if (index.isEmpty())
            index.firstRevision = event.revision;
        index.append(event.position, event.occurredAt, event.type);
        entry.buckets.reset(); // built for fewer events; the timeline grows its own
        ++added;
    }
    return added;
}

void OpenStreams::onEventsCommitted(const QList<RecordedEvent>& events)
{
    QHash<QString, QList<LiveEvent>> byStream;
    for (const RecordedEvent& event : events) {
        if (m_entries.contains(event.streamId))
            byStream[event.streamId].append(
                LiveEvent {event.revision, event.position, event.occurredAt.micros(), event.type});
    }
    qint64 total = 0;
    for (auto it = byStream.cbegin(); it != byStream.cend(); ++it) {
        Entry& entry = m_entries[it.key()];
        if (entry.index->aggregateType.isEmpty()) {
            for (const RecordedEvent& event : events) {
                if (event.streamId == it.key()) {
                    entry.index->aggregateType = event.aggregateType;
                    break;
                }
            }
        }
        const qint64 added = applyLive(it.key(), entry, it.value());
        if (added > 0) {
            total += added;
            Q_EMIT indexChanged(it.key(), added);
        }
    }
    if (total > 0) {
        m_unseen += total;
        Q_EMIT unseenEventsChanged(m_unseen);
    }
}

void OpenStreams::reloadAll()
{
    for (const QString& stream : std::as_const(m_order)) {
        const auto found = m_entries.constFind(stream);
        if (found == m_entries.cend())
            continue;
        load(stream, found->complete && !found->index->isEmpty() ? found->index->lastRevision() + 1 : 1);
    }
}

} // namespace flashback
