// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QSet>

#include <algorithm>
#include <cstdint>

namespace flashback {

/// Rows of a long list held in fixed-size pages (sqlitebrowser's RowCache): a miss shows a placeholder and asks
/// for its page once; at most `maxPages` pages stay, the least recently used go first, so memory stays bounded
/// however far the user scrolls.
template <typename Row> class PageCache {
public:
    explicit PageCache(int pageSize = 200, int maxPages = 64)
        : m_pageSize(pageSize)
        , m_maxPages(maxPages)
    { }

    int pageSize() const { return m_pageSize; }
    qint64 pageOf(qint64 row) const { return row / m_pageSize; }

    /// The row, or nullptr when its page is not loaded.
    const Row* row(qint64 row)
    {
        const auto found = m_pages.find(pageOf(row));
        if (found == m_pages.end())
            return nullptr;
        found->lastUse = ++m_clock;
        const qint64 inPage = row - found.key() * m_pageSize;
        return inPage < found->rows.size() ? &found->rows.at(inPage) : nullptr;
    }

    /// True once per missing page: the caller sends a request for it then.
    bool needsRequest(qint64 page)
    {
        if (m_pages.contains(page) || m_pending.contains(page))
            return false;
        m_pending.insert(page);
        return true;
    }

    void store(qint64 page, QList<Row> rows)
    {
        m_pending.remove(page);
        m_pages.insert(page, Page {std::move(rows), ++m_clock});
        while (m_pages.size() > m_maxPages) {
            const auto oldest = std::min_element(
                m_pages.cbegin(), m_pages.cend(), [](const Page& a, const Page& b) { return a.lastUse < b.lastUse; });
            m_pages.erase(oldest);
        }
    }

    /// A request failed or was dropped: the page may be asked for again.
    void forget(qint64 page) { m_pending.remove(page); }
    /// Drops a loaded page (it is out of date), so the next look-up asks for it again.
    void drop(qint64 page)
    {
        m_pages.remove(page);
        m_pending.remove(page);
    }
    QList<qint64> loadedPages() const { return m_pages.keys(); }
    bool isPending(qint64 page) const { return m_pending.contains(page); }
    void clear()
    {
        m_pages.clear();
        m_pending.clear();
    }

private:
    struct Page {
        QList<Row> rows;
        quint64 lastUse = 0;
    };
    int m_pageSize;
    int m_maxPages;
    QHash<qint64, Page> m_pages;
    QSet<qint64> m_pending;
    quint64 m_clock = 0;
};

} // namespace flashback
