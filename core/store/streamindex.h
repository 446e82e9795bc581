// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace flashback {

/// One stream's events without their payloads or metadata, in columns: what a timeline needs to place every
/// event (about 18 bytes an event, so a 1,000,000-event stream costs ~18 MB). Payloads are read by revision
/// range when a view needs them (EventStore::readStream).
///
/// Entry i is revision firstRevision + i: revisions have no gaps. occurredAt is the time the event says it
/// happened, so it need not grow with the revision (events can be backdated); occurredAtSorted() tells.
struct StreamIndex {
    QString streamId;
    QString aggregateType;
    qint64 firstRevision = 1;
    std::vector<qint64> positions; ///< Global positions, strictly increasing.
    std::vector<qint64> occurredAt; ///< Microseconds since the Unix epoch, UTC.
    std::vector<quint16> typeIds; ///< Index into typeNames.
    QStringList typeNames; ///< Event type names in order of first appearance in this index.

    qsizetype size() const { return qsizetype(positions.size()); }
    bool isEmpty() const { return positions.empty(); }
    qint64 revisionAt(qsizetype i) const { return firstRevision + i; }
    qint64 lastRevision() const { return firstRevision + size() - 1; }
    const QString& typeNameAt(qsizetype i) const { return typeNames.at(typeIds[size_t(i)]); }

    /// The id of `type`, added to typeNames when new.
    quint16 typeId(const QString& type);
    /// Appends one event (the next revision).
    void append(qint64 position, qint64 occurredAtMicros, const QString& type);
    /// Appends `more`, which must start at lastRevision() + 1 of the same stream; its type ids are mapped to ours.
    void append(const StreamIndex& more);
    bool occurredAtSorted() const;
    /// Bytes held by the columns, for memory reports.
    qint64 bytes() const;
};

} // namespace flashback
