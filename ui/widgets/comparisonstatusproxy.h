// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIdentityProxyModel>

namespace flashback {

/// Colours the Read Model pane's comparison by ReadModelComparisonModel::StatusRole: red for drift, amber for
/// what events after the checkpoint will still change, bold for the row items. Translucent tints, so they read on
/// the light and the dark palette alike.
class ComparisonStatusProxy : public QIdentityProxyModel {
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
};

} // namespace flashback
