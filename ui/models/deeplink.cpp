// SPDX-License-Identifier: GPL-3.0-or-later
#include "deeplink.h"

#include "openstreams.h"
#include "selection.h"
#include "storesession.h"

#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

DeepLinkNavigator::DeepLinkNavigator(StoreSession* session, OpenStreams* streams, Selection* selection, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_streams(streams)
    , m_selection(selection)
{
    connect(session, &StoreSession::opened, this, [this] {
        if (m_pending)
            start();
    });
    connect(streams, &OpenStreams::indexChanged, this, [this](const QString& stream, qint64 added) {
        if (m_pending && added == 0 && stream == m_resolvedStream)
            resolve();
    });
}

void DeepLinkNavigator::navigate(const DeepLink& link)
{
    if (link.isEmpty())
        return;
    m_pending = link;
    m_resolvedStream.clear();
    if (m_session && m_session->isOpen())
        start();
}

void DeepLinkNavigator::openStreamsSharing(const QString& id, qint64 limit)
{
    if (!m_session || id.isEmpty())
        return;
    ReadAllOptions options;
    options.filter.text = id;
    options.limit = limit;
    m_session->readAll(this, options, [this, id](Result<QList<RecordedEvent>> events) {
        if (!events) {
            Q_EMIT failed(events.error());
            return;
        }
        QStringList streams;
        if (!m_selection->currentStream().isEmpty())
            streams.append(m_selection->currentStream());
        for (const RecordedEvent& event : *events) {
            if (!streams.contains(event.streamId))
                streams.append(event.streamId);
        }
        m_selection->openStreams(streams, m_selection->revision());
        Q_EMIT relatedOpened(id, int(streams.size()));
    });
}

void DeepLinkNavigator::fail(const QString& message)
{
    m_pending.reset();
    Q_EMIT failed(Error::notFound(u"LinkNotFound"_s, message));
}

void DeepLinkNavigator::start()
{
    const QString wanted = m_pending->streamId;
    m_session->stream(this, wanted, [this, wanted](Result<std::optional<StreamInfo>> info) {
        if (!m_pending || m_pending->streamId != wanted)
            return;
        if (!info) {
            m_pending.reset();
            Q_EMIT failed(info.error());
            return;
        }
        if (!*info) {
            fail(u"This store has no stream %1."_s.arg(wanted));
            return;
        }
        m_resolvedStream = (*info)->streamId;
        m_selection->openStreams({m_resolvedStream});
        // Already loaded (the stream was open before): resolve at once; otherwise when its index is in.
        if (!m_streams->isLoading(m_resolvedStream) && m_streams->index(m_resolvedStream)
            && !m_streams->index(m_resolvedStream)->isEmpty())
            resolve();
    });
}

void DeepLinkNavigator::resolve()
{
    const auto index = m_streams->index(m_resolvedStream);
    if (!index || !m_pending)
        return;
    const DeepLink link = *m_pending;
    if (index->isEmpty()) {
        fail(u"The stream %1 has no events."_s.arg(m_resolvedStream));
        return;
    }
    qint64 revision = index->lastRevision();
    if (link.revision > 0) {
        if (link.revision < index->firstRevision || link.revision > index->lastRevision()) {
            fail(u"The stream %1 has revisions 1 to %2; there is no revision %3."_s.arg(
                m_resolvedStream, QString::number(index->lastRevision()), QString::number(link.revision)));
            return;
        }
        revision = link.revision;
    } else if (link.at) {
        // The last event that had happened by then, by occurred-at time (events may be backdated).
        qsizetype best = -1;
        for (qsizetype i = 0; i < index->size(); ++i) {
            const qint64 time = index->occurredAt[size_t(i)];
            if (time <= link.at->micros() && (best < 0 || time >= index->occurredAt[size_t(best)]))
                best = i;
        }
        if (best < 0) {
            fail(u"Nothing had happened in stream %1 by %2."_s.arg(m_resolvedStream, link.at->toIso()));
            return;
        }
        revision = index->revisionAt(best);
    } else if (!link.eventId.isEmpty()) {
        findEventId(index->firstRevision);
        return;
    }
    m_pending.reset();
    m_selection->selectEvent(m_resolvedStream, revision);
    Q_EMIT arrived(m_resolvedStream, revision);
}

void DeepLinkNavigator::findEventId(qint64 fromRevision)
{
    // The compact index holds no event ids: read the stream in pages until the id turns up.
    constexpr qint64 Page = 2000;
    const QUuid wanted = QUuid::fromString(m_pending->eventId);
    if (wanted.isNull()) {
        fail(u"%1 is not an event id (a UUID)."_s.arg(m_pending->eventId));
        return;
    }
    StreamReadOptions options;
    options.fromRevision = fromRevision;
    options.limit = Page;
    m_session->readStream(this, m_resolvedStream, options, [this, wanted, fromRevision](auto events) {
        if (!m_pending)
            return;
        if (!events) {
            m_pending.reset();
            Q_EMIT failed(events.error());
            return;
        }
        const auto found = std::find_if(
            events->cbegin(), events->cend(), [&](const RecordedEvent& event) { return event.eventId == wanted; });
        if (found != events->cend()) {
            const qint64 revision = found->revision;
            m_pending.reset();
            m_selection->selectEvent(m_resolvedStream, revision);
            Q_EMIT arrived(m_resolvedStream, revision);
            return;
        }
        if (events->size() < Page) {
            fail(u"The stream %1 has no event %2."_s.arg(m_resolvedStream, wanted.toString(QUuid::WithoutBraces)));
            return;
        }
        findEventId(fromRevision + Page);
    });
}

} // namespace flashback
