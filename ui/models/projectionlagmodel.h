// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "laghistory.h"
#include "projections/projectionlag.h"

#include <QAbstractTableModel>

namespace flashback {

/// How much attention a projection's row asks for; the pane colours rows by it.
enum class LagSeverity { Healthy, Idle, Warning, Critical };

/// When a lag is worth a warning. A projection that is stalled or failed is always critical.
struct LagThresholds {
    qint64 warnEvents = 1000;
    std::chrono::seconds warnTime {10};
};

/// The Projections pane's table: one row per projection — state, checkpoint, head, lag in events and in time,
/// throughput, trend, the worker holding its lease and since when, and the last error — from the latest lag
/// sample and the history before it. Rows are updated in place (dataChanged), so a selection and the scroll
/// position survive every sample.
class ProjectionLagModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StateColumn,
        CheckpointColumn,
        HeadColumn,
        LagEventsColumn,
        LagTimeColumn,
        ThroughputColumn,
        TrendColumn,
        LeaseColumn,
        ErrorColumn,
        ColumnCount
    };
    enum Role {
        StateRole = Qt::UserRole + 1, ///< ProjectionState as int
        SeverityRole, ///< LagSeverity as int
        NameRole, ///< the projection's name, in every column
        SortRole, ///< the raw number behind a numeric column
    };

    using QAbstractTableModel::QAbstractTableModel;

    /// The latest sample of every projection (rows appear and disappear as names do) with `history` for the
    /// trend and the observed rate.
    void setLags(const QList<ProjectionLag>& lags, const LagHistory& history);
    void clear();
    void setThresholds(const LagThresholds& thresholds);
    /// Lease times shown in UTC or local time.
    void setUtc(bool utc);
    /// The worker id of this window's own runner, shown as "this window".
    void setOwnWorker(const QString& workerId);

    const QList<ProjectionLag>& lags() const { return m_lags; }
    /// The row of `name`, or -1.
    int rowOf(const QString& name) const;
    const ProjectionLag* lag(int row) const;
    LagSeverity severity(const ProjectionLag& lag) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString displayText(int row, int column) const;
    QString toolTip(int row, int column) const;

    QList<ProjectionLag> m_lags;
    QList<LagTrend> m_trends;
    QList<std::optional<double>> m_rates;
    LagThresholds m_thresholds;
    bool m_utc = false;
    QString m_ownWorker;
};

} // namespace flashback
