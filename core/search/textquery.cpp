// SPDX-License-Identifier: GPL-3.0-or-later
#include "textquery.h"

#include "searchterms.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// " t1 t2 " (or " t1 t2" for a prefix): the substring a matching stored form contains.
QString needle(const TextQuery::Clause& clause)
{
    return u' ' + clause.terms.join(u' ') + (clause.prefix ? QString() : u" "_s);
}

void addClause(QList<TextQuery::Clause>& clauses, const QStringList& terms, bool prefix)
{
    if (terms.isEmpty())
        return;
    TextQuery::Clause clause {terms, prefix};
    if (!clauses.contains(clause))
        clauses.append(std::move(clause));
}

} // namespace

TextQuery::TextQuery(QList<Clause> clauses)
    : m_clauses(std::move(clauses))
{ }

TextQuery TextQuery::parse(const QString& text)
{
    QList<Clause> clauses;
    qsizetype i = 0;
    const qsizetype size = text.size();
    while (i < size) {
        const QChar c = text[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == u'"') {
            // A phrase up to the closing quote (or the end, when it was left open).
            const qsizetype close = text.indexOf(u'"', i + 1);
            const qsizetype end = close < 0 ? size : close;
            const bool prefix = close >= 0 && close + 1 < size && text[close + 1] == u'*';
            addClause(clauses, SearchTerms::words(QStringView(text).mid(i + 1, end - i - 1)), prefix);
            i = close < 0 ? size : close + (prefix ? 2 : 1);
            continue;
        }
        qsizetype end = i;
        while (end < size && !text[end].isSpace() && text[end] != u'"')
            ++end;
        QStringView word = QStringView(text).mid(i, end - i);
        const bool prefix = word.endsWith(u'*');
        while (word.endsWith(u'*'))
            word.chop(1);
        addClause(clauses, SearchTerms::words(word), prefix);
        i = end;
    }
    return TextQuery(std::move(clauses));
}

QStringList TextQuery::terms() const
{
    QStringList all;
    for (const Clause& clause : m_clauses) {
        for (const QString& term : clause.terms) {
            if (!all.contains(term))
                all.append(term);
        }
    }
    return all;
}

bool TextQuery::matches(const QString& storedForm) const
{
    for (const Clause& clause : m_clauses) {
        if (!storedForm.contains(needle(clause)))
            return false;
    }
    return true;
}

QString TextQuery::fts5Expression() const
{
    QStringList parts;
    for (const Clause& clause : m_clauses) {
        // Terms hold letters, digits and joiners only: never a double quote to escape.
        parts.append(u'"' + clause.terms.join(u' ') + u'"' + (clause.prefix ? u"*"_s : QString()));
    }
    return parts.join(u' ');
}

QStringList TextQuery::likePatterns() const
{
    QStringList patterns;
    for (const Clause& clause : m_clauses) {
        QString escaped = needle(clause);
        escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
        patterns.append(u'%' + escaped + u'%');
    }
    return patterns;
}

QString TextQuery::tsquery() const
{
    QStringList parts;
    for (const Clause& clause : m_clauses) {
        for (qsizetype i = 0; i < clause.terms.size(); ++i) {
            const bool last = i + 1 == clause.terms.size();
            // Quoted lexemes are taken as they are; terms never hold a quote or a backslash.
            parts.append(u'\'' + clause.terms[i] + u'\'' + (clause.prefix && last ? u":*"_s : QString()));
        }
    }
    return parts.join(u" & "_s);
}

} // namespace flashback
