// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlistmodel.h"

#include "openstreams.h"
#include "storesession.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

EventListModel::EventListModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void EventListModel::setSession(StoreSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session) {
        // Pages that failed while the connection was down are asked for again as soon as a view shows them.
        connect(session, &StoreSession::connectionRestored, this, [this] {
            if (m_rows > 0)
                Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
        });
    }
}

void EventListModel::setOpenStreams(OpenStreams* streams)
{
    if (m_streams)
        disconnect(m_streams, nullptr, this, nullptr);
    m_streams = streams;
    if (streams)
        connect(streams, &OpenStreams::indexChanged, this, &EventListModel::onIndexChanged);
}

void EventListModel::setStream(const QString& streamId)
{
    if (streamId == m_streamId && m_index)
        return;
    m_streamId = streamId;
    reset(m_streams && !streamId.isEmpty() ? m_streams->index(streamId) : nullptr);
}

void EventListModel::setMaskedKeys(const QStringList& keys)
{
    if (keys == m_maskedKeys)
        return;
    m_maskedKeys = keys;
    ++m_generation; // pages in flight were read with the old keys
    m_cache.clear();
    if (m_rows > 0)
        Q_EMIT dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
}

void EventListModel::reset(std::shared_ptr<const StreamIndex> index)
{
    beginResetModel();
    ++m_generation;
    m_cache.clear();
    m_index = std::move(index);
    m_rows = m_index ? int(m_index->size()) : 0;
    endResetModel();
}

void EventListModel::onIndexChanged(const QString& streamId, qint64 added)
{
    if (streamId != m_streamId || !m_streams)
        return;
    auto index = m_streams->index(streamId);
    if (added <= 0 || index != m_index) {
        reset(index);
        return;
    }
    const int rows = int(index->size());
    if (rows <= m_rows)
        return;
    // The last page was loaded short (or is loading short): it is asked for again with the new rows.
    m_cache.drop(m_cache.pageOf(std::max(0, m_rows - 1)));
    beginInsertRows({}, m_rows, rows - 1);
    m_rows = rows;
    endInsertRows();
}

int EventListModel::rowOfRevision(qint64 revision) const
{
    if (!m_index || revision < m_index->firstRevision || revision >= m_index->firstRevision + m_rows)
        return -1;
    return int(revision - m_index->firstRevision);
}

qint64 EventListModel::revisionAt(int row) const
{
    return m_index && row >= 0 && row < m_rows ? m_index->revisionAt(row) : 0;
}

int EventListModel::rowAtOrBefore(qint64 micros) const
{
    if (!m_index || m_rows == 0)
        return -1;
    const auto& times = m_index->occurredAt;
    if (std::is_sorted(times.begin(), times.begin() + m_rows)) {
        const auto after = std::upper_bound(times.begin(), times.begin() + m_rows, micros);
        return after == times.begin() ? -1 : int(after - times.begin()) - 1;
    }
    // Backdated events: the latest-occurring event not after the instant.
    int best = -1;
    for (int i = 0; i < m_rows; ++i) {
        if (times[size_t(i)] <= micros && (best < 0 || times[size_t(i)] >= times[size_t(best)]))
            best = i;
    }
    return best;
}

const EventRow* EventListModel::loadedRow(int row) const
{
    if (row < 0 || row >= m_rows)
        return nullptr;
    return m_cache.row(row);
}

void EventListModel::requestPage(qint64 page) const
{
    if (!m_session || !m_index)
        return;
    const qint64 first = page * m_cache.pageSize();
    const quint64 generation = m_generation;
    auto* self = const_cast<EventListModel*>(this);
    m_session->readEventRows(self, m_streamId, m_index->revisionAt(first), m_cache.pageSize(), m_maskedKeys,
        [self, generation, page, first](Result<QList<EventRow>> rows) {
            if (generation != self->m_generation)
                return;
            if (!rows) {
                self->m_cache.forget(page);
                Q_EMIT self->failed(rows.error());
                return;
            }
            const qint64 count = rows->size();
            self->m_cache.store(page, std::move(*rows));
            // Rows appended while this page was read: ask again when a view shows them.
            if (first + count < std::min<qint64>(first + self->m_cache.pageSize(), self->m_rows))
                self->m_cache.drop(page);
            const qint64 last = std::min<qint64>(first + count, self->m_rows) - 1;
            if (last >= first)
                Q_EMIT self->dataChanged(self->index(int(first), 0), self->index(int(last), ColumnCount - 1));
        });
}

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_index)
        return {};
    const int row = index.row();
    const size_t at = size_t(row);
    switch (role) {
    case RevisionRole:
        return m_index->revisionAt(row);
    case PositionRole:
        return m_index->positions[at];
    case TimestampRole:
        return m_index->occurredAt[at];
    case EventTypeRole:
        return m_index->typeNameAt(row);
    default:
        break;
    }
    const bool needsPayload = index.column() == ActorColumn || index.column() == SummaryColumn;
    const EventRow* loaded = m_cache.row(row);
    if (!loaded && needsPayload && (role == Qt::DisplayRole || role == LoadedRole)) {
        const qint64 page = m_cache.pageOf(row);
        if (m_cache.needsRequest(page))
            requestPage(page);
    }
    if (role == LoadedRole)
        return loaded != nullptr;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::TextAlignmentRole)
        return {};
    if (role == Qt::TextAlignmentRole)
        return index.column() == RevisionColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    switch (Column(index.column())) {
    case RevisionColumn:
        return m_index->revisionAt(row);
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(m_index->occurredAt[at] / 1000, Qt::UTC);
    case TypeColumn:
        return m_index->typeNameAt(row);
    case ActorColumn:
        return loaded ? QVariant(loaded->actor) : QVariant();
    case SummaryColumn:
        return loaded ? QVariant(loaded->summary) : QVariant(u"…"_s);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case RevisionColumn:
        return u"Rev"_s;
    case TimeColumn:
        return u"Occurred"_s;
    case TypeColumn:
        return u"Event"_s;
    case ActorColumn:
        return u"Actor"_s;
    case SummaryColumn:
        return u"Summary"_s;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace flashback
