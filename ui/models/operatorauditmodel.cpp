// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatorauditmodel.h"

#include "timeformat.h"

using namespace Qt::StringLiterals;

namespace flashback {

OperatorAuditModel::OperatorAuditModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void OperatorAuditModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    if (!m_actions.isEmpty())
        Q_EMIT dataChanged(index(0, AtColumn), index(rowCount() - 1, AtColumn), {Qt::DisplayRole, Qt::ToolTipRole});
}

void OperatorAuditModel::setActions(const QList<OperatorAction>& actions)
{
    beginResetModel();
    m_actions = actions;
    endResetModel();
}

void OperatorAuditModel::prependNewer(const QList<OperatorAction>& newestFirst)
{
    const qint64 newest = m_actions.isEmpty() ? 0 : m_actions.constFirst().id;
    QList<OperatorAction> fresh;
    for (const OperatorAction& action : newestFirst) {
        if (action.id > newest)
            fresh.append(action);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_actions = fresh + m_actions;
    endInsertRows();
}

void OperatorAuditModel::appendOlder(const QList<OperatorAction>& olderPage)
{
    const std::optional<qint64> oldest = oldestId();
    QList<OperatorAction> older;
    for (const OperatorAction& action : olderPage) {
        if (!oldest || action.id < *oldest)
            older.append(action);
    }
    if (older.isEmpty())
        return;
    beginInsertRows({}, rowCount(), rowCount() + int(older.size()) - 1);
    m_actions += older;
    endInsertRows();
}

void OperatorAuditModel::clear()
{
    setActions({});
}

std::optional<qint64> OperatorAuditModel::oldestId() const
{
    if (m_actions.isEmpty())
        return std::nullopt;
    return m_actions.constLast().id;
}

int OperatorAuditModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_actions.size());
}

int OperatorAuditModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperatorAuditModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OperatorAction& action = m_actions.at(index.row());
    if (role == ResultRole)
        return action.result;
    if (role == IdRole)
        return action.id;
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case AtColumn:
            return formatTimeExact(action.at.micros(), m_utc);
        case DetailColumn:
            return action.detailText();
        case MessageColumn:
            return action.message;
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case AtColumn:
        return formatTime(action.at.micros(), m_utc);
    case ActorColumn:
        return action.actor;
    case HostColumn:
        return action.host;
    case ToolColumn:
        return action.tool;
    case ActionColumn:
        return action.action;
    case TargetColumn:
        return action.target;
    case ResultColumn:
        return action.result;
    case DetailColumn:
        return action.detailText();
    case MessageColumn:
        return action.message;
    }
    return {};
}

QVariant OperatorAuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AtColumn:
        return u"When"_s;
    case ActorColumn:
        return u"Who"_s;
    case ActionColumn:
        return u"Action"_s;
    case TargetColumn:
        return u"On"_s;
    case ResultColumn:
        return u"Result"_s;
    case DetailColumn:
        return u"Details"_s;
    case MessageColumn:
        return u"Outcome"_s;
    case HostColumn:
        return u"Host"_s;
    case ToolColumn:
        return u"Tool"_s;
    }
    return {};
}

} // namespace flashback
