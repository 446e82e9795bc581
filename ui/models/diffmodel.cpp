// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffmodel.h"

#include "statetreemodel.h"

using namespace Qt::StringLiterals;

namespace flashback {

void DiffModel::setChanges(const QList<JsonChange>& changes)
{
    beginResetModel();
    m_changes = changes;
    endResetModel();
}

int DiffModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int DiffModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiffModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_changes.size())
        return {};
    const JsonChange& change = m_changes.at(index.row());
    if (role == KindRole)
        return int(change.kind);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case KindColumn:
        return jsonChangeKindName(change.kind);
    case PathColumn:
        return change.path;
    case BeforeColumn:
        return change.before.isUndefined() ? QString() : StateTreeModel::display(change.before);
    case AfterColumn:
        return change.after.isUndefined() ? QString() : StateTreeModel::display(change.after);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant DiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case KindColumn:
        return u"Change"_s;
    case PathColumn:
        return u"Field"_s;
    case BeforeColumn:
        return u"Before (A)"_s;
    case AfterColumn:
        return u"After (B)"_s;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace flashback
