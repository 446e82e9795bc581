// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIdentityProxyModel>

namespace flashback {

/// Colours the Projections table by each row's LagSeverity (ProjectionLagModel::SeverityRole): amber for a lag
/// over the thresholds, red for stalled or failed, greyed text for paused. Translucent tints, so they read on the
/// light and the dark palette alike.
class LagSeverityProxy : public QIdentityProxyModel {
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
};

} // namespace flashback
