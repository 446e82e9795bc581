// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamindexbuilder.h"

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace flashback {

StreamIndexBuilder::StreamIndexBuilder(StreamIndex& index, const std::atomic<bool>* cancel, ReadProgress* progress)
    : m_index(index)
    , m_cancel(cancel)
    , m_progress(progress)
{
    for (qsizetype id = 0; id < index.typeNames.size(); ++id)
        m_ids.insert(index.typeNames.at(id).toUtf8(), quint16(id));
}

StreamIndexBuilder::~StreamIndexBuilder()
{
    // The read is over (done, failed or cancelled): the count is exact now.
    if (m_progress) {
        m_progress->done.store(qint64(m_rows), std::memory_order_relaxed);
        if (m_progress->expected.load(std::memory_order_relaxed) < qint64(m_rows))
            m_progress->expected.store(qint64(m_rows), std::memory_order_relaxed);
    }
}

Error StreamIndexBuilder::cancelled(const QString& streamId)
{
    return Error::make(ErrorKind::Cancelled, u"Reading the index of stream %1 was cancelled."_s.arg(streamId), {},
        {{u"stream_id"_s, streamId}});
}

void StreamIndexBuilder::reserve(qint64 events)
{
    if (events <= 0)
        return;
    if (m_progress)
        m_progress->expected.store(qint64(m_rows) + events, std::memory_order_relaxed);
    const size_t wanted = m_index.positions.size() + size_t(events);
    m_index.positions.reserve(wanted);
    m_index.occurredAt.reserve(wanted);
    m_index.typeIds.reserve(wanted);
}

bool StreamIndexBuilder::switchType(QByteArrayView typeUtf8)
{
    // Copied: the bytes point into the database's row, which the next step overwrites.
    m_lastType = typeUtf8.toByteArray();
    m_haveLast = true;
    const auto found = m_ids.constFind(m_lastType);
    if (found != m_ids.cend()) {
        m_lastId = *found;
        return true;
    }
    if (m_index.typeNames.size() > std::numeric_limits<quint16>::max()) {
        m_tooManyTypes = true;
        return false;
    }
    m_lastId = quint16(m_index.typeNames.size());
    m_index.typeNames.append(QString::fromUtf8(typeUtf8));
    m_ids.insert(m_lastType, m_lastId);
    return true;
}

Error StreamIndexBuilder::error() const
{
    if (m_tooManyTypes)
        return Error::make(ErrorKind::InvalidArgument,
            u"Stream %1 has more than 65,536 event types, more than its index can tell apart."_s.arg(m_index.streamId),
            {}, {{u"stream_id"_s, m_index.streamId}});
    if (m_cancelled)
        return cancelled(m_index.streamId);
    return Error::internal(u"Reading the index of stream %1 stopped for no reason."_s.arg(m_index.streamId));
}

} // namespace flashback
