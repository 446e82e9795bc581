// SPDX-License-Identifier: GPL-3.0-or-later
#include "selection.h"

namespace flashback {

Selection::Selection(QObject* parent)
    : QObject(parent)
{ }

void Selection::openStreams(const QStringList& streams, qint64 revision)
{
    QStringList unique;
    for (const QString& stream : streams) {
        if (!stream.isEmpty() && !unique.contains(stream))
            unique.append(stream);
    }
    const bool streamsChanged = unique != m_openStreams;
    m_openStreams = unique;
    const QString current = unique.isEmpty() ? QString() : unique.constFirst();
    const bool currentChanged = current != m_currentStream;
    m_currentStream = current;
    const qint64 selected = current.isEmpty() ? 0 : qMax<qint64>(0, revision);
    const bool revisionChanged = currentChanged || selected != m_revision;
    m_revision = selected;
    if (streamsChanged)
        Q_EMIT openStreamsChanged(m_openStreams);
    if (currentChanged)
        Q_EMIT currentStreamChanged(m_currentStream);
    if (revisionChanged)
        Q_EMIT eventSelected(m_currentStream, m_revision);
}

void Selection::selectEvent(const QString& streamId, qint64 revision)
{
    if (!m_openStreams.contains(streamId)) {
        // Selecting an event of a stream that is not open (a search result, a link) opens that stream alone.
        openStreams({streamId}, revision);
        return;
    }
    const bool currentChanged = streamId != m_currentStream;
    if (!currentChanged && revision == m_revision)
        return;
    m_currentStream = streamId;
    m_revision = qMax<qint64>(0, revision);
    if (currentChanged)
        Q_EMIT currentStreamChanged(m_currentStream);
    Q_EMIT eventSelected(m_currentStream, m_revision);
}

void Selection::clear()
{
    openStreams({});
}

} // namespace flashback
