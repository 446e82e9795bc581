// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIdentityProxyModel>

namespace flashback {

/// Tints the operator audit's rows by result (OperatorAuditModel::ResultRole): red for failed, amber for refused,
/// so what did not happen stands out. Translucent, for the light and the dark palette alike.
class AuditResultProxy : public QIdentityProxyModel {
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
};

} // namespace flashback
