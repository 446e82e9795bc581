// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "issuedcommand.h"

#include <QAbstractTableModel>

namespace flashback {

/// The console's history of issued commands, newest first: when, what, on which stream, and how it ended.
class CommandHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, CommandColumn, StreamColumn, OutcomeColumn, ColumnCount };
    enum Role { OutcomeRole = Qt::UserRole + 1 }; ///< IssuedCommand::Outcome as int

    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(const QList<IssuedCommand>& entries);
    const QList<IssuedCommand>& entries() const { return m_entries; }
    const IssuedCommand* entry(const QModelIndex& index) const;
    /// Times shown in UTC or local time, as the window's setting says.
    void setUtc(bool utc);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<IssuedCommand> m_entries;
    bool m_utc = false;
};

} // namespace flashback
