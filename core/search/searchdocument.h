// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace flashback {

struct DecodedEvent;
struct RecordedEvent;

/// What an event is found by: the terms (SearchTerms::storedForm) of its type, stream id, aggregate type, actor,
/// reason, command, correlation and causation ids, and every value of its payload except those `maskedKeys`
/// masks (names at any depth or dotted paths, util/jsonmasking.h), which are never indexed. Built the same way by
/// the search_index projection and by a search scanning events the index has not reached yet.
struct SearchDocument {
    /// At most this many terms a document: a huge payload cannot blow up the index (what is cut is its tail).
    static constexpr qsizetype MaxTerms = 4096;

    QString terms; ///< SearchTerms::documentForm of the text.
    QString summary; ///< eventSummary(), masked.

    static SearchDocument of(const RecordedEvent& event, const DecodedEvent& decoded, const QStringList& maskedKeys);
};

} // namespace flashback
