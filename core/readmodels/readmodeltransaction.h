// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodeltable.h"
#include "util/result.h"

#include <optional>

namespace flashback {

/// One batch of a projection: read-model writes and the checkpoint advance commit together or not at all, so
/// every event takes effect exactly once. Destroying it without commit() rolls everything back.
class ReadModelTransaction {
public:
    virtual ~ReadModelTransaction() = default;

    /// The checkpoint of the generation being written, as this transaction found it: the batch handles the
    /// events after it. (Where the backend serialises batches, a second runner waits and then starts from the
    /// position the first one committed.)
    virtual qint64 startPosition() const = 0;

    virtual Result<std::optional<ReadModelRow>> get(const QString& table, const ReadModelRow& key) = 0;
    /// Inserts or replaces the row with the same primary key.
    virtual Status put(const QString& table, const ReadModelRow& row) = 0;
    virtual Status remove(const QString& table, const ReadModelRow& key) = 0;

    /// Commits the writes and moves the checkpoint of the generation this transaction writes to `position`.
    /// Fails with ConcurrencyConflict, writing nothing, when the checkpoint is no longer at the position it had
    /// when the transaction began (another worker got there first).
    virtual Status commit(qint64 position, qint64 eventsHandled) = 0;
    /// Commits the writes without touching any checkpoint (for sinks such as the mailbox).
    virtual Status commitWithoutCheckpoint() = 0;
};

} // namespace flashback
