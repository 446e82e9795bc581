// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The floors bench_inspector sets its figures beside: the reads the window's figures wait for, done alone on a
// raw connection (sqlite3 or libpq) to the same store, with nothing of Flashback between.

#include <QByteArray>
#include <QString>

#include <memory>

namespace flashback::bench {

class InspectorFloors {
public:
    /// Rows per page, as the window's lists ask for them.
    static constexpr int PageRows = 200;

    virtual ~InspectorFloors() = default;
    /// The compact index of `streamId` (revision, position, occurred_at, type of every event); the events read.
    virtual qint64 index(const QByteArray& streamId) = 0;
    /// PageRows events of `streamId` from `fromRevision`, every column.
    virtual void eventsPage(const QByteArray& streamId, qint64 fromRevision) = 0;
    /// PageRows streams at `offset`, sorted by last activity, newest first (the Streams pane's default).
    virtual void streamsPage(qint64 offset) = 0;

    /// For "sqlite" (address: a file) or "postgres" (address: a conninfo).
    static std::unique_ptr<InspectorFloors> open(const QString& backend, const QString& address);
};

} // namespace flashback::bench
