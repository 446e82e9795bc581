// SPDX-License-Identifier: GPL-3.0-or-later
#include "comparisonstatusproxy.h"

#include "models/readmodelcomparisonmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace flashback {

QVariant ComparisonStatusProxy::data(const QModelIndex& index, int role) const
{
    if (role != Qt::BackgroundRole && role != Qt::FontRole)
        return QIdentityProxyModel::data(index, role);
    using Status = ReadModelComparisonModel::Status;
    const auto status = Status(QIdentityProxyModel::data(index, ReadModelComparisonModel::StatusRole).toInt());
    if (role == Qt::FontRole) {
        QFont font;
        font.setBold(!index.parent().isValid() || status == Status::Drift);
        return font;
    }
    if (status == Status::Drift)
        return QBrush(QColor(220, 50, 47, 80));
    if (status == Status::Pending)
        return QBrush(QColor(255, 179, 0, 70));
    return {};
}

} // namespace flashback
