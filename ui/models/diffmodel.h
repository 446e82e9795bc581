// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timetravel/jsondiff.h"

#include <QAbstractTableModel>

namespace flashback {

/// The differences between two states of a stream, a row each: what happened to the field (added, removed,
/// changed), its path, and the value before and after. Values arrive masked where the user has not revealed them.
class DiffModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KindColumn, PathColumn, BeforeColumn, AfterColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    void setChanges(const QList<JsonChange>& changes);
    const QList<JsonChange>& changes() const { return m_changes; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<JsonChange> m_changes;
};

} // namespace flashback
