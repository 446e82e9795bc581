// SPDX-License-Identifier: GPL-3.0-or-later
#include "lagseverityproxy.h"

#include "models/projectionlagmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QPalette>

namespace flashback {

QVariant LagSeverityProxy::data(const QModelIndex& index, int role) const
{
    if (role != Qt::BackgroundRole && role != Qt::ForegroundRole && role != Qt::FontRole)
        return QIdentityProxyModel::data(index, role);
    const auto severity = LagSeverity(QIdentityProxyModel::data(index, ProjectionLagModel::SeverityRole).toInt());
    const bool stateColumn = index.column() == ProjectionLagModel::StateColumn;
    switch (role) {
    case Qt::BackgroundRole:
        if (severity == LagSeverity::Critical)
            return QBrush(QColor(220, 50, 47, stateColumn ? 150 : 70));
        if (severity == LagSeverity::Warning)
            return QBrush(QColor(255, 179, 0, stateColumn ? 150 : 70));
        if (severity == LagSeverity::Healthy && stateColumn)
            return QBrush(QColor(76, 175, 80, 90));
        return {};
    case Qt::ForegroundRole:
        if (severity == LagSeverity::Idle)
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        if (stateColumn && severity == LagSeverity::Critical) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    }
    return {};
}

} // namespace flashback
