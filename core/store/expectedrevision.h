// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace flashback {

/// What the writer believes about a stream's current revision (optimistic concurrency).
class ExpectedRevision {
public:
    enum class Kind {
        Any, ///< No check.
        NoStream, ///< The stream must not exist yet.
        StreamExists, ///< The stream must exist, at any revision.
        Exact, ///< The stream must be at exactly this revision (0 is the same as NoStream).
    };

    static constexpr ExpectedRevision any() { return ExpectedRevision(Kind::Any, -1); }
    static constexpr ExpectedRevision noStream() { return ExpectedRevision(Kind::NoStream, 0); }
    static constexpr ExpectedRevision streamExists() { return ExpectedRevision(Kind::StreamExists, -1); }
    static constexpr ExpectedRevision exact(qint64 revision)
    {
        return revision == 0 ? noStream() : ExpectedRevision(Kind::Exact, revision);
    }

    constexpr Kind kind() const { return m_kind; }
    constexpr qint64 revision() const { return m_revision; }

    /// Whether a stream currently at `actual` (0 = does not exist) satisfies this expectation.
    constexpr bool accepts(qint64 actual) const
    {
        switch (m_kind) {
        case Kind::Any:
            return true;
        case Kind::NoStream:
            return actual == 0;
        case Kind::StreamExists:
            return actual > 0;
        case Kind::Exact:
            return actual == m_revision;
        }
        return false;
    }

    /// "any", "no stream", "an existing stream" or "revision N", for messages.
    QString describe() const;

    constexpr bool operator==(const ExpectedRevision&) const = default;

private:
    constexpr ExpectedRevision(Kind kind, qint64 revision)
        : m_kind(kind)
        , m_revision(revision)
    { }
    Kind m_kind = Kind::Any;
    qint64 m_revision = -1;
};

} // namespace flashback
