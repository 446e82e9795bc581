// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projections/streamreadmodelcomparison.h"

#include <QAbstractItemModel>

namespace flashback {

/// A stream's read-model rows beside a replay of its events, as a tree: a top-level item per row (its key and what
/// is wrong with it), under it a child per column with the stored value and the replayed one. Raw values and a
/// status by role; colours come from ComparisonStatusProxy.
class ReadModelComparisonModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { FieldColumn, StoredColumn, ReplayedColumn, StatusColumn, ColumnCount };
    /// How a row or a column compares.
    enum class Status {
        Equal, ///< The read model holds what the events give.
        Pending, ///< Events after the checkpoint will change it: lag, not an error.
        Drift, ///< It differs from a replay of the same events: the read model is wrong.
    };
    enum Roles { StatusRole = Qt::UserRole + 1 };

    explicit ReadModelComparisonModel(QObject* parent = nullptr);

    void setComparison(const StreamReadModelComparison& comparison);
    void clear();
    const StreamReadModelComparison& comparison() const { return m_comparison; }
    bool isEmpty() const { return m_comparison.rows.isEmpty(); }

    /// The status of row `row` (top level) or of its column `column` (a child), as the model shows it.
    static Status rowStatus(const StreamRowComparison& row);
    static Status columnStatus(const StreamRowComparison& row, const QString& column);
    /// A read-model value as text: "—" for none, JSON compact, booleans as true/false.
    static QString valueText(const QVariant& value);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant rowData(const StreamRowComparison& row, int column, int role) const;
    QVariant fieldData(const StreamRowComparison& row, const QString& field, int column, int role) const;
    /// The column names of row `row`'s table, in the table's order.
    const QStringList& fields(int row) const;

    StreamReadModelComparison m_comparison;
    QList<QStringList> m_fields; ///< Per row.
};

} // namespace flashback
