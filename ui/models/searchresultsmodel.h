// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requesthandle.h"
#include "search/searchquery.h"
#include "util/error.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace flashback {

class StoreSession;

/// The hits of one search, newest first, a page at a time: the first page when the search starts, the next ones
/// as a view scrolls near the end (fetchMore), each appended with one insert. A new search or cancel() drops
/// whatever is still on its way.
class SearchResultsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// The summary (with the words found) comes early, where a narrow pane still shows it.
    // The summary straight after the time: in a narrow pane the story stays in view before the type it repeats.
    enum Column { TimeColumn, SummaryColumn, TypeColumn, ActorColumn, StreamColumn, ColumnCount };
    enum Role {
        PositionRole = Qt::UserRole + 1,
        StreamIdRole,
        RevisionRole,
        TermsRole, ///< QStringList: the normalised words searched for, to highlight.
        FromIndexRole, ///< false: found by scanning past the index's checkpoint.
    };

    explicit SearchResultsModel(QObject* parent = nullptr);

    void setSession(StoreSession* session);
    /// Fields the user marked sensitive: masked in the summaries and actors of the hits from the next search on.
    void setMaskedKeys(const QStringList& keys) { m_maskedKeys = keys; }
    /// Starts `query` (its cursor ignored), replacing the results.
    void search(const SearchQuery& query);
    void cancel();
    void clear();

    bool isSearching() const { return m_request.isValid() && m_searching; }
    const SearchQuery& query() const { return m_query; }
    /// The figures of the last page that arrived (index kind, how far behind, how much was scanned).
    const SearchPage& lastPage() const { return m_last; }
    bool hasMore() const { return m_last.nextCursor.has_value(); }
    const SearchHit& hit(int row) const { return m_hits.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void searchingChanged(bool searching);
    /// A page arrived (the first or a later one).
    void pageArrived();
    void failed(const flashback::Error& error);

private:
    void request(std::optional<qint64> cursor);
    void setSearching(bool searching);

    QPointer<StoreSession> m_session;
    SearchQuery m_query;
    QStringList m_maskedKeys;
    QList<SearchHit> m_hits;
    SearchPage m_last;
    RequestHandle m_request;
    quint64 m_generation = 0;
    bool m_searching = false;
};

} // namespace flashback
