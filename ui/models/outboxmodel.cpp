// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxmodel.h"

#include "timeformat.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace flashback {

void OutboxModel::setRows(const QList<OutboxEntry>& rows)
{
    QHash<qint64, int> wanted;
    for (int i = 0; i < rows.size(); ++i)
        wanted.insert(rows.at(i).id, i);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (!wanted.contains(m_rows.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
    }
    // What stays keeps its place (rows come oldest first, so new ones belong at the end).
    for (OutboxEntry& kept : m_rows)
        kept = rows.at(wanted.value(kept.id));
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    QList<OutboxEntry> added;
    for (const OutboxEntry& entry : rows) {
        if (rowOf(entry.id) < 0)
            added.append(entry);
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
}

void OutboxModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void OutboxModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1), {Qt::DisplayRole});
}

int OutboxModel::rowOf(qint64 id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

const OutboxEntry* OutboxModel::entry(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int OutboxModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OutboxModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString OutboxModel::text(const OutboxEntry& entry, int column) const
{
    const auto time = [this](Timestamp at) { return at.micros() == 0 ? QString() : formatTime(at.micros(), m_utc); };
    switch (column) {
    case IdColumn:
        return QString::number(entry.id);
    case TopicColumn:
        return entry.message.topic;
    case StatusColumn:
        return outboxStatusName(entry.status);
    case AttemptsColumn:
        return QString::number(entry.attempts);
    case NextAttemptColumn:
        // Only a row that waits has a next attempt worth showing.
        return entry.status == OutboxStatus::Pending ? time(entry.nextAttemptAt) : QString();
    case ErrorColumn:
        return entry.lastError.simplified();
    case StreamColumn:
        return entry.message.streamId;
    case KeyColumn:
        return entry.message.idempotencyKey;
    case CreatedColumn:
        return time(entry.createdAt);
    default:
        return {};
    }
}

QVariant OutboxModel::data(const QModelIndex& index, int role) const
{
    const OutboxEntry* row = index.isValid() && index.model() == this ? entry(index.row()) : nullptr;
    if (!row)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return text(*row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ErrorColumn)
            return row->lastError;
        if (index.column() == StatusColumn && row->status == OutboxStatus::Processing)
            return u"Held by %1 until %2"_s.arg(row->claimedBy, formatTime(row->claimedUntil.micros(), m_utc));
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == IdColumn || index.column() == AttemptsColumn ? int(Qt::AlignRight | Qt::AlignVCenter)
                                                                              : int(Qt::AlignLeft | Qt::AlignVCenter);
    case IdRole:
        return row->id;
    case StatusRole:
        return int(row->status);
    default:
        return {};
    }
}

QVariant OutboxModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList titles {u"Id"_s, u"Topic"_s, u"Status"_s, u"Attempts"_s, u"Next attempt"_s,
        u"Last error"_s, u"Stream"_s, u"Idempotency key"_s, u"Created"_s};
    return section >= 0 && section < titles.size() ? titles.at(section) : QVariant();
}

} // namespace flashback
