// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace flashback {

/// The free-text half of a search: every clause must match. A clause is a word, a "quoted phrase" (its words next
/// to each other, in order) or a prefix (a word, or a phrase's last word, ending in *). Words are normalised as
/// SearchTerms indexes them, so a query finds what the index holds whatever the backend.
class TextQuery {
public:
    struct Clause {
        QStringList terms; ///< One term, or a phrase's terms in order.
        bool prefix = false; ///< The last term may be the start of a longer one.

        bool operator==(const Clause&) const = default;
    };

    TextQuery() = default;
    explicit TextQuery(QList<Clause> clauses);

    /// Words, "quoted phrases" and prefixes* as a user types them. Anything that is not a letter or a digit
    /// (operators, quotes left open, SQL) only separates words: parsing never fails. A typed word that the
    /// index splits ("o'brien") is a phrase of its parts.
    static TextQuery parse(const QString& text);

    bool isEmpty() const { return m_clauses.isEmpty(); }
    const QList<Clause>& clauses() const { return m_clauses; }
    /// Every term the query names, for highlighting.
    QStringList terms() const;

    /// Whether a document, in SearchTerms::storedForm, matches: the one definition the backends' indexes
    /// implement (tests compare them against it).
    bool matches(const QString& storedForm) const;

    /// An FTS5 MATCH expression: every term quoted, so no word is an operator.
    QString fts5Expression() const;
    /// One LIKE pattern a clause (with '\' as the escape character), over the stored form.
    QStringList likePatterns() const;
    /// A PostgreSQL tsquery of every term (prefixes as :*), ANDed: a candidate filter; phrases are checked by
    /// likePatterns().
    QString tsquery() const;

    bool operator==(const TextQuery&) const = default;

private:
    QList<Clause> m_clauses;
};

} // namespace flashback
