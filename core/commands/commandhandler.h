// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "command.h"
#include "commandresult.h"
#include "dryrun.h"
#include "util/result.h"
#include "util/timestamp.h"
#include "util/uuid.h"

#include <functional>

namespace flashback {

class DomainCatalog;
class EventStore;
class PasswordHasher;

/// Runs commands: validate against the CommandSpec, load the aggregate, decide, and commit events, reservations
/// and the idempotency record as one unit of work.
///
/// - A command id seen before returns the first result and appends nothing (a reused id with different
///   arguments is an InvalidArgument error).
/// - Without an explicit expected revision, a concurrency conflict re-reads and re-decides (bounded).
/// - A reservation held by another stream becomes the aggregate's domain error (e.g. EmailTaken).
/// - dryRun() decides the same way and writes nothing: no event, outbox row, reservation or command record.
class CommandHandler {
public:
    using Clock = std::function<Timestamp()>;

    CommandHandler(EventStore& store, const DomainCatalog& catalog, PasswordHasher& hasher);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setIdGenerator(IdGenerator* ids) { m_ids = ids; }
    void setMaxConflictRetries(int retries) { m_maxConflictRetries = retries; }

    Result<CommandResult> execute(Command command);
    /// What execute() would do now, with the same checks and errors (domain errors, a reservation another stream
    /// holds, an expected revision the stream is not at), committing nothing.
    Result<DryRun> dryRun(Command command);

private:
    struct Planned;
    struct Decided;
    /// Checks and completes the command (spec, stream id, command id, correlation); `previous` is set when its
    /// command id was seen before with the same arguments.
    Result<Planned> plan(Command command);
    /// Loads the aggregate as it is now and decides the command, with the aggregate type's policies applied.
    Result<Decided> decideNow(const Planned& planned);
    Result<CommandResult> previousResult(const Command& command, const QByteArray& fingerprint);

    EventStore& m_store;
    const DomainCatalog& m_catalog;
    PasswordHasher& m_hasher;
    Clock m_clock = &Timestamp::now;
    IdGenerator m_ownIds;
    IdGenerator* m_ids = &m_ownIds;
    int m_maxConflictRetries = 5;
};

} // namespace flashback
