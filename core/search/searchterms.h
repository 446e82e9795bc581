// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace flashback {

/// How text becomes search terms, one rule for indexing and for queries on every backend.
///
/// A word is a run of letters and digits, joined by the characters people put inside identifiers
/// (`. @ - _ : +`): an email address, a username, an IP, a UUID stays one word ("sarah.connor@example.com",
/// "10.0.0.1", "0195a4c9-caf8-…"). Words are lower-cased and lose their accents, so "José" finds "jose".
/// A word is findable whole and by its parts: the two halves of an email address ("sarah.connor",
/// "example.com") and each run of letters and digits ("sarah", "connor", "example", "com").
class SearchTerms {
public:
    /// The characters that join letters and digits into one word.
    static constexpr QStringView Joiners = u".@-_:+";
    /// Longer words are cut to this many characters, in documents and queries alike (a tsquery lexeme has a
    /// size limit, and nobody types more).
    static constexpr qsizetype MaxWordLength = 100;

    /// The words of `text` in order, each normalised; no parts.
    static QStringList words(QStringView text);
    /// What a document is indexed by: its words in order (so a phrase is a run of terms), then the parts of each
    /// word (so "sarah connor" as a phrase finds sarah.connor@example.com too).
    static QStringList documentTerms(QStringView text);
    /// The parts a word is findable by, besides itself (empty for a plain word).
    static QStringList partsOf(const QString& word);
    /// `terms` as stored: separated by single spaces, with a space at each end, so that every term, phrase and
    /// prefix is a plain substring (" term ", " two words ", " pre").
    static QString storedForm(const QStringList& terms);
    /// A document as stored: its words, then " | " and the parts (" w1 w2 | p1 p2 "), so a phrase matches words
    /// next to each other, or parts next to each other, never the last word and the first part. At most
    /// `maxTerms` terms; the parts go first.
    static QString documentForm(QStringView text, qsizetype maxTerms);
    /// The normalised form of one word as typed (lower case, no accents), or empty when it is not one word.
    static QString normalised(QStringView word);
};

} // namespace flashback
