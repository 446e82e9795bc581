// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditresultproxy.h"

#include "audit/operatoraction.h"
#include "models/operatorauditmodel.h"

#include <QBrush>
#include <QColor>

namespace flashback {

QVariant AuditResultProxy::data(const QModelIndex& index, int role) const
{
    if (role != Qt::BackgroundRole)
        return QIdentityProxyModel::data(index, role);
    const QString result = QIdentityProxyModel::data(index, OperatorAuditModel::ResultRole).toString();
    const bool resultColumn = index.column() == OperatorAuditModel::ResultColumn;
    if (result == OperatorAction::Failed)
        return QBrush(QColor(220, 50, 47, resultColumn ? 150 : 60));
    if (result == OperatorAction::Refused)
        return QBrush(QColor(255, 179, 0, resultColumn ? 150 : 60));
    return {};
}

} // namespace flashback
