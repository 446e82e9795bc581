// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timetravel/timetravel.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace flashback {

/// "Who changed this?": every event that changed one field of a stream's state, oldest first, with when, what,
/// who, why and the value before and after. Values of a masked field stay masked unless the caller reveals them.
class FieldHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Before → after next to the event: in a narrow pane the change itself stays in view.
    enum Column { RevisionColumn, TimeColumn, TypeColumn, ChangeColumn, ActorColumn, ReasonColumn, ColumnCount };
    enum Role { RevisionRole = Qt::UserRole + 1, OccurredAtRole };

    using QAbstractTableModel::QAbstractTableModel;

    /// `masked`: show the values as the placeholder (the field, or what holds it, is sensitive).
    void setHistory(const QString& streamId, const QString& path, const QList<FieldChange>& changes, bool masked);
    void clear();
    const QString& streamId() const { return m_streamId; }
    const QString& path() const { return m_path; }
    const FieldChange& change(int row) const { return m_changes.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString m_streamId;
    QString m_path;
    QList<FieldChange> m_changes;
    bool m_masked = false;
};

} // namespace flashback
