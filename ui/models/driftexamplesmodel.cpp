// SPDX-License-Identifier: GPL-3.0-or-later
#include "driftexamplesmodel.h"

#include "readmodelcomparisonmodel.h"

using namespace Qt::StringLiterals;

namespace flashback {

DriftExamplesModel::DriftExamplesModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void DriftExamplesModel::setExamples(const QList<RowDrift>& examples)
{
    beginResetModel();
    m_examples = examples;
    endResetModel();
}

QString DriftExamplesModel::differencesText(const RowDrift& drift)
{
    QStringList parts;
    for (const ColumnDifference& difference : drift.columns) {
        switch (drift.kind) {
        case RowDrift::Kind::Different:
            parts.append(
                u"%1: %2, expected %3"_s.arg(difference.column, ReadModelComparisonModel::valueText(difference.stored),
                    ReadModelComparisonModel::valueText(difference.expected)));
            break;
        case RowDrift::Kind::Unexpected:
            parts.append(u"%1=%2"_s.arg(difference.column, ReadModelComparisonModel::valueText(difference.stored)));
            break;
        case RowDrift::Kind::Missing:
            parts.append(u"%1=%2"_s.arg(difference.column, ReadModelComparisonModel::valueText(difference.expected)));
            break;
        }
    }
    return parts.join(u"; "_s);
}

int DriftExamplesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_examples.size());
}

int DriftExamplesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DriftExamplesModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RowDrift& drift = m_examples.at(index.row());
    if (role == KindRole)
        return int(drift.kind);
    if (role == Qt::ToolTipRole && index.column() == KindColumn) {
        switch (drift.kind) {
        case RowDrift::Kind::Missing:
            return u"Replaying the events gives this row; the read model does not have it."_s;
        case RowDrift::Kind::Unexpected:
            return u"The read model has this row; no event accounts for it."_s;
        case RowDrift::Kind::Different:
            return u"The row's values are not what replaying its events gives."_s;
        }
    }
    if (role == Qt::ToolTipRole && index.column() == DifferencesColumn)
        return differencesText(drift).replace(u"; "_s, u"\n"_s);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case KindColumn:
        return rowDriftKindName(drift.kind);
    case TableColumn:
        return drift.table;
    case RowColumn:
        return drift.key;
    case DifferencesColumn:
        return differencesText(drift);
    }
    return {};
}

QVariant DriftExamplesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return u"Drift"_s;
    case TableColumn:
        return u"Table"_s;
    case RowColumn:
        return u"Row"_s;
    case DifferencesColumn:
        return u"Differences"_s;
    }
    return {};
}

} // namespace flashback
