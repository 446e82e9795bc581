// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamlistmodel.h"

#include "storesession.h"

#include <QDateTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

StreamSort sortForColumn(int column)
{
    switch (column) {
    case StreamListModel::StreamIdColumn:
        return StreamSort::StreamId;
    case StreamListModel::AggregateTypeColumn:
        return StreamSort::AggregateType;
    case StreamListModel::EventsColumn:
        return StreamSort::EventCount;
    case StreamListModel::FirstActivityColumn:
        return StreamSort::FirstActivity;
    case StreamListModel::LastEventTypeColumn:
        return StreamSort::LastEventType;
    default:
        return StreamSort::LastActivity;
    }
}

QDateTime utcDateTime(Timestamp time)
{
    return QDateTime::fromMSecsSinceEpoch(time.micros() / 1000, Qt::UTC);
}

} // namespace

StreamListModel::StreamListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(1000);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { recount(true); });
}

void StreamListModel::setSession(StoreSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session) {
        connect(session, &StoreSession::opened, this, &StreamListModel::restart);
        connect(session, &StoreSession::connectionRestored, this, &StreamListModel::refresh);
        connect(session, &StoreSession::eventsCommitted, this, [this] {
            if (!m_refreshTimer.isActive())
                m_refreshTimer.start();
        });
    }
    restart();
}

void StreamListModel::setFilterText(const QString& text)
{
    if (text == m_query.text)
        return;
    m_query.text = text;
    restart();
}

void StreamListModel::setAggregateType(const QString& type)
{
    if (type == m_query.aggregateType)
        return;
    m_query.aggregateType = type;
    restart();
}

void StreamListModel::sort(int column, Qt::SortOrder order)
{
    const StreamSort sort = sortForColumn(column);
    const bool descending = order == Qt::DescendingOrder;
    if (sort == m_query.sort && descending == m_query.descending)
        return;
    m_query.sort = sort;
    m_query.descending = descending;
    restart();
}

void StreamListModel::restart()
{
    beginResetModel();
    ++m_generation;
    m_countRequest.cancel();
    m_cache.clear();
    m_total = -1;
    m_counted = false;
    endResetModel();
    if (m_session && m_session->isOpen())
        recount(false);
    else
        Q_EMIT totalCountChanged(m_total);
}

void StreamListModel::refresh()
{
    if (m_session && m_session->isOpen())
        recount(true);
}

void StreamListModel::recount(bool reloadPages)
{
    if (!m_session || !m_session->isOpen())
        return;
    m_countRequest.cancel();
    const quint64 generation = m_generation;
    m_countRequest = m_session->countStreams(this, m_query, [this, generation, reloadPages](Result<qint64> count) {
        if (generation != m_generation)
            return;
        m_counted = true;
        if (!count) {
            Q_EMIT failed(count.error());
            return;
        }
        applyCount(*count, reloadPages);
    });
}

void StreamListModel::applyCount(qint64 count, bool reloadPages)
{
    const qint64 before = std::max<qint64>(0, m_total);
    // Rows are added or removed at the end; the loaded pages are then reloaded, so every row shows what is now
    // at its place without a reset (which would lose the view's scroll position).
    if (count > before) {
        beginInsertRows({}, int(before), int(count - 1));
        m_total = count;
        endInsertRows();
    } else if (count < before) {
        beginRemoveRows({}, int(count), int(before - 1));
        m_total = count;
        endRemoveRows();
    } else {
        m_total = count;
    }
    Q_EMIT totalCountChanged(m_total);
    if (!reloadPages)
        return;
    const QList<qint64> pages = m_cache.loadedPages();
    m_cache.clear();
    for (const qint64 page : pages) {
        if (page * m_cache.pageSize() < m_total && m_cache.needsRequest(page))
            requestPage(page);
    }
}

void StreamListModel::requestPage(qint64 page) const
{
    if (!m_session)
        return;
    StreamQuery query = m_query;
    query.offset = page * m_cache.pageSize();
    query.limit = m_cache.pageSize();
    const quint64 generation = m_generation;
    auto* self = const_cast<StreamListModel*>(this);
    m_session->queryStreams(self, query, [self, generation, page](Result<QList<StreamInfo>> rows) {
        if (generation != self->m_generation)
            return;
        if (!rows) {
            self->m_cache.forget(page);
            Q_EMIT self->failed(rows.error());
            return;
        }
        self->m_cache.store(page, std::move(*rows));
        const qint64 first = page * self->m_cache.pageSize();
        const qint64 last = std::min<qint64>(first + self->m_cache.pageSize(), self->m_total) - 1;
        if (last >= first) {
            Q_EMIT self->dataChanged(self->index(int(first), 0), self->index(int(last), ColumnCount - 1));
            Q_EMIT self->pageLoaded(int(first), int(last));
        }
    });
}

int StreamListModel::rowOfStream(const QString& streamId) const
{
    for (const qint64 page : m_cache.loadedPages()) {
        for (int i = 0; i < m_cache.pageSize(); ++i) {
            const qint64 row = page * m_cache.pageSize() + i;
            const StreamInfo* info = m_cache.row(row);
            if (!info)
                break;
            if (info->streamId == streamId)
                return int(row);
        }
    }
    return -1;
}

int StreamListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(std::max<qint64>(0, m_total));
}

int StreamListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StreamListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StreamInfo* info = m_cache.row(index.row());
    if (!info) {
        if (m_cache.needsRequest(m_cache.pageOf(index.row())))
            requestPage(m_cache.pageOf(index.row()));
        if (role == LoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == StreamIdColumn)
            return u"…"_s;
        return {};
    }
    switch (role) {
    case LoadedRole:
        return true;
    case StreamIdRole:
        return info->streamId;
    case TimestampRole:
        if (index.column() == FirstActivityColumn)
            return info->createdAt.micros();
        if (index.column() == LastActivityColumn)
            return info->lastOccurredAt.micros();
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case StreamIdColumn:
            return info->streamId;
        case AggregateTypeColumn:
            return info->aggregateType;
        case EventsColumn:
            return info->revision;
        case FirstActivityColumn:
            return utcDateTime(info->createdAt);
        case LastActivityColumn:
            return utcDateTime(info->lastOccurredAt);
        case LastEventTypeColumn:
            return info->lastEventType;
        case ColumnCount:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == EventsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant StreamListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case StreamIdColumn:
        return u"Stream"_s;
    case AggregateTypeColumn:
        return u"Type"_s;
    case EventsColumn:
        return u"Events"_s;
    case FirstActivityColumn:
        return u"First activity"_s;
    case LastActivityColumn:
        return u"Last activity"_s;
    case LastEventTypeColumn:
        return u"Last event"_s;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace flashback
