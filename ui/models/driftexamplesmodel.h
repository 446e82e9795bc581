// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projections/readmodelcheck.h"

#include <QAbstractTableModel>

namespace flashback {

/// The rows a whole-read-model check found drifted (ReadModelCheck::examples): what is wrong with each, its
/// table and key, and the differing values ("first_name: Tampered, expected Sarah").
class DriftExamplesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KindColumn, TableColumn, RowColumn, DifferencesColumn, ColumnCount };
    enum Roles { KindRole = Qt::UserRole + 1 };

    explicit DriftExamplesModel(QObject* parent = nullptr);

    void setExamples(const QList<RowDrift>& examples);
    const QList<RowDrift>& examples() const { return m_examples; }
    /// "first_name: Tampered, expected Sarah; login_count: 10, expected 3" (Different) or the side's columns.
    static QString differencesText(const RowDrift& drift);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<RowDrift> m_examples;
};

} // namespace flashback
