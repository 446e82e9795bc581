// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The history bench_projection replays, in a file of its own so that bench_projection.cpp holds only the
// measurement.

#include "store/unitofwork.h"

#include <QStringList>

namespace flashback::bench {

/// A User history as the command handler writes it, generated deterministically: every stream starts with
/// USER_CREATED, then mostly USER_LOGGED_IN with now and then a name, email or password change and a suspension
/// followed by a reactivation, with the payloads and metadata (actor, command and correlation ids, reason) the
/// User aggregate and the handler produce. Streams take turns, `perAppend` events at a time, so each stream's
/// events are spread over the log as in a live store.
class ProjectionWorkload {
public:
    ProjectionWorkload(qint64 events, int streams, int perAppend);

    qint64 appendCount() const { return (m_events + m_perAppend - 1) / m_perAppend; }

    /// Appends [first, first + count) as one unit of work; the same arguments always give the same events.
    UnitOfWork appends(qint64 first, qint64 count) const;

private:
    NewEvent event(qint64 index, int stream, qint64 inStream) const;

    qint64 m_events = 0;
    int m_streams = 0;
    int m_perAppend = 0;
    QStringList m_streamIds;
};

} // namespace flashback::bench
