// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pagecache.h"
#include "requesthandle.h"
#include "store/readoptions.h"
#include "util/error.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>

namespace flashback {

class StoreSession;

/// Every stream of the store, as a lazily paged table: the count comes first, rows arrive a page at a time
/// when a view asks for them (placeholders until then), sorting and filtering run in the database. Live
/// commits refresh the count and the loaded pages (at most once a second), keeping rows in place.
class StreamListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        StreamIdColumn,
        AggregateTypeColumn,
        EventsColumn,
        FirstActivityColumn,
        LastActivityColumn,
        LastEventTypeColumn,
        ColumnCount
    };
    enum Role {
        StreamIdRole = Qt::UserRole + 1, ///< The row's stream id (empty while loading).
        LoadedRole, ///< false while the row is a placeholder.
        TimestampRole, ///< Time columns: microseconds since the epoch (UTC).
    };

    explicit StreamListModel(QObject* parent = nullptr);

    void setSession(StoreSession* session);
    /// Case-insensitive substring of the stream id or type; applied at once (debounce in the view).
    void setFilterText(const QString& text);
    /// Exact aggregate type; empty for all.
    void setAggregateType(const QString& type);
    const StreamQuery& query() const { return m_query; }
    /// Streams matching the filter; -1 until counted.
    qint64 totalCount() const { return m_total; }
    bool isLoading() const { return m_countRequest.isValid() && !m_counted; }
    /// Row of `streamId` among the loaded pages, or -1.
    int rowOfStream(const QString& streamId) const;
    /// Re-counts and reloads the loaded pages (live commits, a reconnect).
    void refresh();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void totalCountChanged(qint64 count);
    /// A page or count request failed.
    void failed(const flashback::Error& error);
    /// Rows [first, last] were loaded (or reloaded after refresh()): views re-find their selected stream there.
    void pageLoaded(int first, int last);

private:
    void restart();
    void recount(bool reloadPages);
    void requestPage(qint64 page) const;
    void applyCount(qint64 count, bool reloadPages);

    QPointer<StoreSession> m_session;
    StreamQuery m_query;
    qint64 m_total = -1;
    bool m_counted = false;
    quint64 m_generation = 0; ///< Bumped when the query changes: older answers are dropped.
    RequestHandle m_countRequest;
    mutable PageCache<StreamInfo> m_cache;
    QTimer m_refreshTimer; ///< Coalesces live refreshes.
};

} // namespace flashback
