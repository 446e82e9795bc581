// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchterms.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

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

namespace {

/// Lower case first (it may add a combining mark: "İ" is "i" and a dot), then decomposed, so accents are marks
/// of their own, then the marks dropped. Done to the whole text before it is split: a decomposition may bring a
/// space or a separator ("ͺ", "½"), which must separate words, never sit inside one.
QString folded(QStringView text)
{
    const QString decomposed = text.toString().toLower().normalized(QString::NormalizationForm_KD);
    QString plain;
    plain.reserve(decomposed.size());
    for (qsizetype i = 0; i < decomposed.size(); ++i) {
        const QChar c = decomposed[i];
        if (c.isHighSurrogate() && i + 1 < decomposed.size() && decomposed[i + 1].isLowSurrogate()) {
            const char32_t code = QChar::surrogateToUcs4(c, decomposed[i + 1]);
            if (!QChar::isMark(code))
                plain.append(c).append(decomposed[i + 1]);
            ++i;
            continue;
        }
        if (!c.isMark())
            plain.append(c);
    }
    return plain.toLower(); // again: a decomposition may bring capitals ("𝐀" is "A")
}

/// The code point at `i` of `text` (a surrogate pair read whole) is a letter or a digit; `width` is 1 or 2.
bool wordCharAt(const QString& text, qsizetype i, int& width)
{
    const QChar c = text[i];
    if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
        width = 2;
        return QChar::isLetterOrNumber(QChar::surrogateToUcs4(c, text[i + 1]));
    }
    width = 1;
    return c.isLetterOrNumber();
}

} // namespace

QString SearchTerms::normalised(QStringView word)
{
    const QStringList found = words(word);
    return found.size() == 1 ? found.constFirst() : QString();
}

QStringList SearchTerms::words(QStringView text)
{
    const QString plain = folded(text);
    QStringList found;
    qsizetype start = -1;
    auto flush = [&](qsizetype end) {
        if (start < 0)
            return;
        QString word = plain.mid(start, end - start);
        start = -1;
        word.truncate(SearchTerms::MaxWordLength);
        if (word.size() > 0 && word.back().isHighSurrogate())
            word.chop(1); // never half a character
        const QStringView trimmed = trimJoiners(word);
        if (!trimmed.isEmpty())
            found.append(trimmed.toString());
    };
    for (qsizetype i = 0; i < plain.size();) {
        int width = 1;
        const bool letter = wordCharAt(plain, i, width);
        // A joiner belongs to a word only between word characters; at a word's edge it is trimmed.
        if (letter || (isJoiner(plain[i]) && start >= 0)) {
            if (start < 0)
                start = i;
        } else {
            flush(i);
        }
        i += width;
    }
    flush(plain.size());
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

QString SearchTerms::documentForm(QStringView text, qsizetype maxTerms)
{
    QStringList words = SearchTerms::words(text);
    if (words.size() > maxTerms)
        words.resize(maxTerms);
    QStringList parts;
    for (const QString& word : std::as_const(words)) {
        if (words.size() + parts.size() >= maxTerms)
            break;
        parts.append(partsOf(word));
    }
    if (words.size() + parts.size() > maxTerms)
        parts.resize(maxTerms - words.size());
    QString stored = storedForm(words);
    if (!parts.isEmpty())
        stored += u"| "_s + parts.join(u' ') + u' ';
    return stored;
}

} // namespace flashback
