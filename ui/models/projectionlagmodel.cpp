// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectionlagmodel.h"

#include "timeformat.h"
#include "util/humanduration.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace flashback {

void ProjectionLagModel::setLags(const QList<ProjectionLag>& lags, const LagHistory& history)
{
    // Rows that went away, then rows that came, then the rest changed in place: a selection stays on its row.
    for (int row = int(m_lags.size()) - 1; row >= 0; --row) {
        const QString& name = m_lags.at(row).name;
        const bool kept
            = std::any_of(lags.cbegin(), lags.cend(), [&](const ProjectionLag& lag) { return lag.name == name; });
        if (!kept) {
            beginRemoveRows({}, row, row);
            m_lags.removeAt(row);
            m_trends.removeAt(row);
            m_rates.removeAt(row);
            endRemoveRows();
        }
    }
    for (const ProjectionLag& lag : lags) {
        const int row = rowOf(lag.name);
        const LagTrend trend = history.trend(lag.name);
        const std::optional<double> rate = history.observedRate(lag.name);
        if (row < 0) {
            const int at = int(m_lags.size());
            beginInsertRows({}, at, at);
            m_lags.append(lag);
            m_trends.append(trend);
            m_rates.append(rate);
            endInsertRows();
        } else {
            m_lags[row] = lag;
            m_trends[row] = trend;
            m_rates[row] = rate;
        }
    }
    if (!m_lags.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_lags.size()) - 1, ColumnCount - 1));
}

void ProjectionLagModel::clear()
{
    if (m_lags.isEmpty())
        return;
    beginResetModel();
    m_lags.clear();
    m_trends.clear();
    m_rates.clear();
    endResetModel();
}

void ProjectionLagModel::setThresholds(const LagThresholds& thresholds)
{
    m_thresholds = thresholds;
    if (!m_lags.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_lags.size()) - 1, ColumnCount - 1));
}

void ProjectionLagModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    if (!m_lags.isEmpty())
        Q_EMIT dataChanged(index(0, LeaseColumn), index(int(m_lags.size()) - 1, LeaseColumn));
}

void ProjectionLagModel::setOwnWorker(const QString& workerId)
{
    m_ownWorker = workerId;
    if (!m_lags.isEmpty())
        Q_EMIT dataChanged(index(0, LeaseColumn), index(int(m_lags.size()) - 1, LeaseColumn));
}

int ProjectionLagModel::rowOf(const QString& name) const
{
    for (int row = 0; row < m_lags.size(); ++row) {
        if (m_lags.at(row).name == name)
            return row;
    }
    return -1;
}

const ProjectionLag* ProjectionLagModel::lag(int row) const
{
    return row >= 0 && row < m_lags.size() ? &m_lags.at(row) : nullptr;
}

LagSeverity ProjectionLagModel::severity(const ProjectionLag& lag) const
{
    switch (lag.state) {
    case ProjectionState::Stalled:
    case ProjectionState::Failed:
        return LagSeverity::Critical;
    case ProjectionState::Paused:
        return LagSeverity::Idle;
    case ProjectionState::CaughtUp:
        return LagSeverity::Healthy;
    case ProjectionState::Running:
    case ProjectionState::Rebuilding:
        break;
    }
    const bool late = lag.lagEvents >= m_thresholds.warnEvents
        || lag.lagTime >= std::chrono::duration_cast<std::chrono::microseconds>(m_thresholds.warnTime);
    return late ? LagSeverity::Warning : LagSeverity::Healthy;
}

int ProjectionLagModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_lags.size());
}

int ProjectionLagModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProjectionLagModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const ProjectionLag* row = lag(index.row());
    if (!row)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return displayText(index.row(), index.column());
    case Qt::ToolTipRole:
        return toolTip(index.row(), index.column());
    case StateRole:
        return int(row->state);
    case SeverityRole:
        return int(severity(*row));
    case NameRole:
        return row->name;
    case SortRole:
        switch (index.column()) {
        case CheckpointColumn:
            return row->checkpointPosition;
        case HeadColumn:
            return row->headPosition;
        case LagEventsColumn:
            return row->lagEvents;
        case LagTimeColumn:
            return qint64(row->lagTime.count());
        case ThroughputColumn:
            return m_rates.at(index.row()).value_or(row->throughput);
        default:
            return displayText(index.row(), index.column());
        }
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case CheckpointColumn:
        case HeadColumn:
        case LagEventsColumn:
        case LagTimeColumn:
        case ThroughputColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        }
    default:
        return {};
    }
}

QString ProjectionLagModel::displayText(int row, int column) const
{
    const ProjectionLag& lag = m_lags.at(row);
    const QLocale locale;
    switch (column) {
    case NameColumn:
        return lag.name;
    case StateColumn:
        if (lag.state == ProjectionState::Rebuilding && lag.rebuildPosition && lag.headPosition > 0) {
            return u"rebuilding (%1 %)"_s.arg(
                std::min<qint64>(100, *lag.rebuildPosition * 100 / std::max<qint64>(1, lag.headPosition)));
        }
        return projectionStateName(lag.state);
    case CheckpointColumn:
        return locale.toString(lag.checkpointPosition);
    case HeadColumn:
        return locale.toString(lag.headPosition);
    case LagEventsColumn:
        return locale.toString(lag.lagEvents);
    case LagTimeColumn:
        return lag.lagEvents > 0 ? humanDuration(lag.lagTime) : u"\u2014"_s;
    case ThroughputColumn: {
        const std::optional<double> rate = m_rates.at(row);
        if (rate && *rate < 0.5 && lag.lagEvents == 0)
            return u"idle"_s; // nothing to take in: no rate to speak of
        if (rate)
            return u"%1 ev/s"_s.arg(locale.toString(qint64(*rate + 0.5)));
        return lag.throughput > 0 ? u"%1 ev/s"_s.arg(locale.toString(qint64(lag.throughput + 0.5))) : u"\u2014"_s;
    }
    case TrendColumn:
        switch (m_trends.at(row)) {
        case LagTrend::Rising:
            return u"\u25B2 rising"_s;
        case LagTrend::Falling:
            return u"\u25BC falling"_s;
        case LagTrend::Steady:
            return u"\u25C6 steady"_s;
        case LagTrend::Unknown:
            return {};
        }
        return {};
    case LeaseColumn:
        if (lag.leaseHolder.isEmpty())
            return u"none"_s;
        return u"%1 since %2"_s.arg(lag.leaseHolder == m_ownWorker ? u"this window"_s : lag.leaseHolder,
            formatTime(lag.leaseSince.micros(), m_utc));
    case ErrorColumn:
        if (lag.failedPosition)
            return u"at position %1: %2"_s.arg(locale.toString(*lag.failedPosition), lag.lastError);
        return lag.lastError;
    default:
        return {};
    }
}

QString ProjectionLagModel::toolTip(int row, int column) const
{
    const ProjectionLag& lag = m_lags.at(row);
    switch (column) {
    case StateColumn:
        switch (lag.state) {
        case ProjectionState::Stalled:
            return u"Events wait and the checkpoint has not moved: nothing is running this projection, or it is stuck."_s;
        case ProjectionState::Failed:
            return u"An event kept failing; the projection stopped there. Resume retries it."_s;
        case ProjectionState::Paused:
            return u"Paused: events wait until it is resumed."_s;
        case ProjectionState::Rebuilding:
            return u"A fresh copy is being built from the first event; readers see the current copy until it is swapped in."_s;
        case ProjectionState::CaughtUp:
            return u"Every event is in the read model."_s;
        case ProjectionState::Running:
            return u"Taking in the events that wait."_s;
        }
        return {};
    case LagTimeColumn:
        return u"Age of the oldest event the projection has not taken in yet"_s;
    case ThroughputColumn:
        return m_rates.at(row) ? u"How fast the checkpoint moved over the last 10 s (seen from here)"_s
                               : u"As the runner measured it over its last batches"_s;
    case TrendColumn:
        return u"The lag in events now against 10 s ago"_s;
    case LeaseColumn:
        if (lag.leaseHolder.isEmpty())
            return u"No worker holds this projection's lease"_s;
        return u"%1 runs this projection; its lease lasts until %2"_s.arg(
            lag.leaseHolder, formatTime(lag.leaseUntil.micros(), m_utc));
    case ErrorColumn:
        return lag.lastError;
    default:
        return {};
    }
}

QVariant ProjectionLagModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return u"Projection"_s;
    case StateColumn:
        return u"State"_s;
    case CheckpointColumn:
        return u"Checkpoint"_s;
    case HeadColumn:
        return u"Head"_s;
    case LagEventsColumn:
        return u"Lag"_s;
    case LagTimeColumn:
        return u"Lag (time)"_s;
    case ThroughputColumn:
        return u"Throughput"_s;
    case TrendColumn:
        return u"Trend"_s;
    case LeaseColumn:
        return u"Worker (lease)"_s;
    case ErrorColumn:
        return u"Last error"_s;
    default:
        return {};
    }
}

} // namespace flashback
