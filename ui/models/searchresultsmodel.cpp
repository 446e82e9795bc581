// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchresultsmodel.h"

#include "storesession.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace flashback {

SearchResultsModel::SearchResultsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void SearchResultsModel::setSession(StoreSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session)
        connect(session, &StoreSession::opened, this, &SearchResultsModel::clear); // another store's hits
}

void SearchResultsModel::search(const SearchQuery& query)
{
    clear();
    m_query = query;
    m_query.cursor.reset();
    request(std::nullopt);
}

void SearchResultsModel::cancel()
{
    m_request.cancel();
    ++m_generation;
    // What is shown stays; no later page is fetched on its own (a view asks for more whenever it lays out).
    m_last.nextCursor.reset();
    setSearching(false);
}

void SearchResultsModel::clear()
{
    cancel();
    if (!m_hits.isEmpty()) {
        beginResetModel();
        m_hits.clear();
        endResetModel();
    }
    m_last = {};
    m_query = {};
}

void SearchResultsModel::request(std::optional<qint64> cursor)
{
    if (!m_session)
        return;
    SearchQuery page = m_query;
    page.cursor = cursor;
    const quint64 generation = ++m_generation;
    setSearching(true);
    m_request = m_session->search(this, page, m_maskedKeys, [this, generation](Result<SearchPage> result) {
        if (generation != m_generation)
            return; // a newer search, or cancelled
        setSearching(false);
        if (!result) {
            m_last.nextCursor.reset(); // a failed page is not retried by every layout of the view
            if (result.error().kind != ErrorKind::Cancelled)
                Q_EMIT failed(result.error());
            Q_EMIT pageArrived();
            return;
        }
        m_last = std::move(result).value();
        if (!m_last.hits.isEmpty()) {
            beginInsertRows({}, int(m_hits.size()), int(m_hits.size() + m_last.hits.size() - 1));
            m_hits.append(m_last.hits);
            endInsertRows();
        }
        Q_EMIT pageArrived();
    });
}

void SearchResultsModel::setSearching(bool searching)
{
    if (m_searching == searching)
        return;
    m_searching = searching;
    Q_EMIT searchingChanged(searching);
}

int SearchResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

int SearchResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SearchResultsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit& hit = m_hits.at(index.row());
    switch (role) {
    case PositionRole:
        return hit.position;
    case StreamIdRole:
        return hit.streamId;
    case RevisionRole:
        return hit.revision;
    case TermsRole:
        return m_query.text.terms();
    case FromIndexRole:
        return hit.fromIndex;
    case Qt::ToolTipRole:
        return u"%1 · revision %2 of %3\n%4"_s.arg(
            hit.eventType, QString::number(hit.revision), hit.streamId, hit.summary);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(hit.occurredAt.micros() / 1000, Qt::UTC);
    case StreamColumn:
        return hit.streamId;
    case TypeColumn:
        return hit.eventType;
    case ActorColumn:
        return hit.actor;
    case SummaryColumn:
        return hit.summary;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SearchResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList titles {u"Occurred"_s, u"Event"_s, u"Summary"_s, u"Actor"_s, u"Stream"_s};
    return section >= 0 && section < titles.size() ? QVariant(titles.at(section)) : QVariant();
}

bool SearchResultsModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && hasMore() && !m_searching;
}

void SearchResultsModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        request(m_last.nextCursor);
}

} // namespace flashback
