#include "searchterms.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c.isMark();
}

bool isJoiner(QChar c)
{
    return SearchTerms::Joiners.contains(c);
}

/// `word` split at every joiner (or only at '@' when `atOnly`), empty pieces dropped.
QStringList splitAt(const QString& word, bool atOnly)
{
    QStringList pieces;
    QString piece;
    for (const QChar c : word) {
        if (atOnly ? c == u'@' : isJoiner(c)) {
            if (!piece.isEmpty())
                pieces.append(std::exchange(piece, {}));
        } else {
            piece.append(c);
        }
    }
    if (!piece.isEmpty())
        pieces.append(piece);
    return pieces;
}

/// Trims joiners from both ends ("end." is "end"; "--verbose" is "verbose").
QStringView trimJoiners(QStringView word)
{
    qsizetype first = 0;
    qsizetype last = word.size();
    while (first < last && isJoiner(word[first]))
        ++first;
    while (last > first && isJoiner(word[last - 1]))
        --last;
    return word.mid(first, last - first);
}

} // namespace

QString SearchTerms::normalised(QStringView word)
{
    // Decomposed, accents are marks of their own: dropped. Lower case after, as folding may compose again.
    const QString decomposed = word.toString().normalized(QString::NormalizationForm_KD);
    QString plain;
    plain.reserve(decomposed.size());
    bool hasWordChar = false;
    for (const QChar c : decomposed) {
        if (c.isMark())
            continue;
        hasWordChar = hasWordChar || c.isLetterOrNumber();
        plain.append(c);
    }
    if (!hasWordChar)
        return {};
    return plain.toLower();
}

QStringList SearchTerms::words(QStringView text)
{
    QStringList found;
    qsizetype start = -1;
    auto flush = [&](qsizetype end) {
        if (start < 0)
            return;
        const QStringView run = trimJoiners(text.mid(start, end - start));
        start = -1;
        if (QString word = normalised(run); !word.isEmpty()) {
            word.truncate(SearchTerms::MaxWordLength);
            // Accents dropped may leave joiners next to each other or at an end: trim once more.
            const QStringView trimmed = trimJoiners(word);
            if (!trimmed.isEmpty())
                found.append(trimmed.toString());
        }
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        // A joiner belongs to a word only between word characters; at a word's edge it is trimmed.
        if (isWordChar(c) || (isJoiner(c) && start >= 0)) {
            if (start < 0)
                start = i;
        } else {
            flush(i);
        }
    }
    flush(text.size());
    return found;
}

QStringList SearchTerms::partsOf(const QString& word)
{
    QStringList parts;
    const QStringList halves = splitAt(word, true);
    if (halves.size() > 1) {
        for (const QString& half : halves) {
            if (splitAt(half, false).size() > 1) // a half that is one run is among the runs below
                parts.append(half);
        }
    }
    const QStringList runs = splitAt(word, false);
    if (runs.size() > 1)
        parts.append(runs);
    return parts;
}

QStringList SearchTerms::documentTerms(QStringView text)
{
    QStringList terms = words(text);
    const qsizetype wordCount = terms.size();
    for (qsizetype i = 0; i < wordCount; ++i)
        terms.append(partsOf(terms.at(i)));
    return terms;
}

QString SearchTerms::storedForm(const QStringList& terms)
{
    if (terms.isEmpty())
        return u" "_s;
    return u' ' + terms.join(u' ') + u' ';
}

} // namespace flashback
