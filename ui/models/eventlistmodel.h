// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventrow.h"
#include "pagecache.h"
#include "store/streamindex.h"
#include "util/error.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <memory>

namespace flashback {

class OpenStreams;
class StoreSession;

/// One stream's events as a table. Revision, time and type come from the stream's compact index, so every row
/// is there at once, a million of them; actor and summary need the payload and arrive a page at a time from the
/// worker (placeholders until then). Live events are appended, one insert per batch.
class EventListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RevisionColumn, TimeColumn, TypeColumn, ActorColumn, SummaryColumn, ColumnCount };
    enum Role {
        RevisionRole = Qt::UserRole + 1,
        PositionRole,
        TimestampRole, ///< occurred_at, microseconds since the epoch (UTC).
        EventTypeRole,
        LoadedRole, ///< false while actor and summary are still loading.
    };

    explicit EventListModel(QObject* parent = nullptr);

    void setSession(StoreSession* session);
    void setOpenStreams(OpenStreams* streams);
    /// Shows `streamId` (one of the open streams), or nothing when empty.
    void setStream(const QString& streamId);
    /// Fields the user marked sensitive (names or dotted paths): masked in the actor, reason and summary columns.
    /// Loaded rows are read again with them, so no summary keeps a value that is now masked.
    void setMaskedKeys(const QStringList& keys);
    const QString& streamId() const { return m_streamId; }

    /// Row of a revision, or -1.
    int rowOfRevision(qint64 revision) const;
    qint64 revisionAt(int row) const;
    /// The last event that occurred at or before `micros` (by occurred-at time), or -1 when none did.
    int rowAtOrBefore(qint64 micros) const;
    /// The loaded row, or nullptr while it loads.
    const EventRow* loadedRow(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void failed(const flashback::Error& error);

private:
    void onIndexChanged(const QString& streamId, qint64 added);
    void requestPage(qint64 page) const;
    void reset(std::shared_ptr<const StreamIndex> index);

    QPointer<StoreSession> m_session;
    QPointer<OpenStreams> m_streams;
    QString m_streamId;
    std::shared_ptr<const StreamIndex> m_index;
    int m_rows = 0;
    quint64 m_generation = 0;
    QStringList m_maskedKeys;
    mutable PageCache<EventRow> m_cache {200, 32};
};

} // namespace flashback
