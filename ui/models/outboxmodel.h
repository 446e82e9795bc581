// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outbox/outboxmessage.h"

#include <QAbstractTableModel>
#include <QHash>

namespace flashback {

/// The Outbox pane's rows: id, topic, status, attempts, next attempt, last error, stream, idempotency key and
/// creation time, oldest first. A reload replaces rows by id in place (dataChanged), inserts the new ones at
/// the end and removes the ones that left the filter, so the selection survives the live updates.
class OutboxModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        TopicColumn,
        StatusColumn,
        AttemptsColumn,
        NextAttemptColumn,
        ErrorColumn,
        StreamColumn,
        KeyColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Role {
        IdRole = Qt::UserRole + 1, ///< the row's id (qint64), in every column
        StatusRole, ///< OutboxStatus as int
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(const QList<OutboxEntry>& rows);
    void clear();
    /// Times shown in UTC or local time.
    void setUtc(bool utc);

    const QList<OutboxEntry>& rows() const { return m_rows; }
    int rowOf(qint64 id) const;
    const OutboxEntry* entry(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString text(const OutboxEntry& entry, int column) const;

    QList<OutboxEntry> m_rows;
    bool m_utc = false;
};

} // namespace flashback
