// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatoraction.h"

#include <QAbstractTableModel>

namespace flashback {

/// The store's operator audit as a table, newest first: when, who, from where, what on what, and how it ended.
/// Pages are appended as they are loaded (older ones after); a reload of the newest page keeps what is loaded.
class OperatorAuditModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// What a reader scans for first comes first: when, who, what on what, how it ended; where from last.
    enum Column {
        AtColumn,
        ActorColumn,
        ActionColumn,
        TargetColumn,
        ResultColumn,
        DetailColumn,
        MessageColumn,
        HostColumn,
        ToolColumn,
        ColumnCount
    };
    enum Roles { ResultRole = Qt::UserRole + 1, IdRole };

    explicit OperatorAuditModel(QObject* parent = nullptr);

    void setUtc(bool utc);
    /// Replaces the rows with `actions` (newest first).
    void setActions(const QList<OperatorAction>& actions);
    /// Adds rows newer than the newest shown at the top (a reload of the first page).
    void prependNewer(const QList<OperatorAction>& newestFirst);
    /// Adds an older page at the bottom.
    void appendOlder(const QList<OperatorAction>& olderPage);
    void clear();
    const QList<OperatorAction>& actions() const { return m_actions; }
    /// The id of the oldest row shown (the cursor for the next older page), if any.
    std::optional<qint64> oldestId() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<OperatorAction> m_actions;
    bool m_utc = false;
};

} // namespace flashback
