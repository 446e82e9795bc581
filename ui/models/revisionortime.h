// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/timestamp.h"

#include <QString>

#include <optional>

namespace flashback {

class StreamIndex;

/// What a user typed to name a point of a stream: a revision ("42", "#42", "rev 42") or a time
/// ("2025-03-17 15:46", with seconds or milliseconds, or ISO 8601 with a zone). A time without a zone is in the
/// zone the window shows (UTC when `utc`), as the user reads the times around it.
struct RevisionOrTime {
    std::optional<qint64> revision;
    std::optional<Timestamp> time;
    bool isValid() const { return revision || time; }

    static RevisionOrTime parse(const QString& text, bool utc);
    /// The revision of `index` this names: the revision itself if the stream has it, for a time the last event
    /// that occurred at or before it (as TimeTravel::stateAtInstant). Nothing when there is none.
    std::optional<qint64> resolve(const StreamIndex& index) const;
};

} // namespace flashback
