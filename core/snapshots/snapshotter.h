// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "snapshot.h"
#include "timetravel/jsondiff.h"
#include "util/result.h"

#include <QList>

namespace flashback {

class DomainCatalog;
class EventStore;

/// How a stored snapshot compares with the state replayed from the stream's first event.
struct SnapshotCheck {
    Snapshot snapshot;
    bool usable = false; ///< Its version is the aggregate's current snapshot version.
    QList<JsonChange> differences; ///< Snapshot -> replayed state; empty when they agree.

    bool matches() const { return differences.isEmpty(); }
};

/// Takes and verifies snapshots outside the command path (the policy takes them inside it).
class Snapshotter {
public:
    Snapshotter(EventStore& store, const DomainCatalog& catalog);

    /// Snapshots the stream's current state now, in its own transaction. InvalidArgument for aggregate types
    /// that take no snapshots (unknown types fold generically and have no snapshot format).
    Result<Snapshot> takeSnapshot(const QString& streamId);

    /// Replays the stream once from the start and compares every stored snapshot with the state at its revision.
    Result<QList<SnapshotCheck>> verify(const QString& streamId);

private:
    EventStore& m_store;
    const DomainCatalog& m_catalog;
};

} // namespace flashback
