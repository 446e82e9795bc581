// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandhandler.h"
#include "aggregateloader.h"
#include "decision.h"
#include "domain/domaincatalog.h"
#include "store/eventstore.h"
#include "util/logging.h"

#include <QCryptographicHash>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// Identifies what a command asked for, without its secrets, so a reused command id with other arguments is
/// told apart from a retry.
QByteArray fingerprintOf(const CommandSpec& spec, const QString& requestedStreamId, const QJsonObject& fields)
{
    QJsonObject shown;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const FieldSpec* field = spec.field(it.key());
        if (field && !field->isSecret())
            shown.insert(it.key(), it.value());
    }
    const QJsonObject canonical {{u"command"_s, spec.name}, {u"stream_id"_s, requestedStreamId}, {u"fields"_s, shown}};
    return QCryptographicHash::hash(
        QJsonDocument(canonical).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
}

Result<QString> canonicalStreamId(const AggregateDefinition& definition, const QString& streamId)
{
    if (!definition.uuidStreamIds)
        return streamId.trimmed();
    const auto uuid = parseUuid(streamId);
    if (!uuid)
        return Error::invalidArgument(
            u"'%1' is not a valid %2 id: %2 ids are UUIDs such as 1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b."_s.arg(
                streamId, definition.type),
            {}, {{u"stream_id"_s, streamId}});
    return uuidText(*uuid);
}

} // namespace

CommandHandler::CommandHandler(EventStore& store, const DomainCatalog& catalog, PasswordHasher& hasher)
    : m_store(store)
    , m_catalog(catalog)
    , m_hasher(hasher)
{ }

struct CommandHandler::Planned {
    Command command;
    const CommandSpec* spec = nullptr;
    const AggregateDefinition* definition = nullptr;
    QByteArray fingerprint;
    std::optional<CommandResult> previous;
};

struct CommandHandler::Decided {
    std::unique_ptr<Aggregate> aggregate; ///< Folded on through the decision's events.
    QJsonObject stateBefore;
    qint64 loadedRevision = 0;
    Decision decision;
};

Result<CommandHandler::Planned> CommandHandler::plan(Command command)
{
    auto prepared = prepareCommand(m_catalog, std::move(command));
    if (!prepared)
        return prepared.error();
    Planned planned;
    planned.spec = prepared->spec;
    planned.definition = prepared->definition;
    command = std::move(prepared->command);

    if (command.streamId.isEmpty()) {
        if (!planned.spec->createsStream)
            return Error::invalidArgument(u"%1 needs the id of the %2 it applies to (--stream ID)."_s.arg(
                planned.spec->name, planned.spec->aggregateType));
    } else {
        auto canonical = canonicalStreamId(*planned.definition, command.streamId);
        if (!canonical)
            return canonical.error();
        command.streamId = *canonical;
    }

    planned.fingerprint = fingerprintOf(*planned.spec, command.streamId, command.fields);
    if (command.metadata.commandId.isEmpty()) {
        command.metadata.commandId = uuidText(m_ids->newV7(m_clock()));
    } else if (auto previous = previousResult(command, planned.fingerprint); previous.ok()) {
        planned.previous = std::move(previous).value();
    } else if (previous.error().kind != ErrorKind::NotFound) {
        return previous.error();
    }
    if (command.streamId.isEmpty())
        command.streamId = uuidText(m_ids->newV4());
    if (command.metadata.correlationId.isEmpty())
        command.metadata.correlationId = command.metadata.commandId;
    if (command.metadata.causationId.isEmpty())
        command.metadata.causationId = command.metadata.commandId;
    planned.command = std::move(command);
    return planned;
}

Result<CommandHandler::Decided> CommandHandler::decideNow(const Planned& planned)
{
    const Command& command = planned.command;
    auto loaded = loadAggregate(m_store, m_catalog, planned.definition->type, command.streamId);
    if (!loaded)
        return loaded.error();
    Decided decided;
    decided.aggregate = std::move(loaded->aggregate);
    decided.loadedRevision = decided.aggregate->revision();
    if (command.expectedRevision && !command.expectedRevision->accepts(decided.loadedRevision)) {
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"Stream %1 is at revision %2, but the command expected %3."_s.arg(
                command.streamId, QString::number(decided.loadedRevision), command.expectedRevision->describe()),
            {},
            {{u"stream_id"_s, command.streamId}, {u"expected"_s, command.expectedRevision->describe()},
                {u"actual_revision"_s, decided.loadedRevision}});
    }
    decided.stateBefore = decided.aggregate->state();
    DecisionContext context {m_clock(), &m_hasher};
    auto decision = decide(*decided.aggregate, command, context, *m_ids, m_catalog.upcasters());
    if (!decision)
        return decision.error();
    decided.decision = std::move(decision).value();
    decided.decision.append.command = CommandRecord {command.metadata.commandId, command.name, planned.fingerprint};
    applyPolicies(decided.decision, *decided.aggregate, *planned.definition, context.now);
    return decided;
}

Result<CommandResult> CommandHandler::execute(Command command)
{
    auto planned = plan(std::move(command));
    if (!planned)
        return planned.error();
    if (planned->previous)
        return *planned->previous;
    const Command& cmd = planned->command;
    const AggregateDefinition* definition = planned->definition;
    for (int attempt = 0;; ++attempt) {
        auto decided = decideNow(*planned);
        if (!decided)
            return decided.error();
        const Decision& decision = decided->decision;
        UnitOfWork work;
        work.appends.append(decision.append);
        work.reservations = decision.reservations;
        work.outbox = decision.outbox;
        if (decision.snapshot)
            work.snapshots.append(*decision.snapshot);

        auto committed = m_store.commit(work);
        if (committed) {
            CommandResult result {cmd.metadata.commandId, cmd.name, cmd.streamId, definition->type,
                committed->events.isEmpty() ? decided->loadedRevision : committed->events.constLast().revision,
                committed->events, false};
            qCDebug(lcCommands) << "executed" << cmd.name << "on" << cmd.streamId << "->" << result.revision;
            return result;
        }
        const Error& error = committed.error();
        switch (error.kind) {
        case ErrorKind::ConcurrencyConflict:
            if (!cmd.expectedRevision && attempt < m_maxConflictRetries) {
                qCDebug(lcCommands) << "conflict on" << cmd.streamId << "- deciding again";
                continue;
            }
            return error;
        case ErrorKind::ReservationConflict: {
            const auto domainError = decided->aggregate->reservationConflict(
                error.context.value(u"scope"_s).toString(), error.context.value(u"key"_s).toString());
            return domainError ? *domainError : error;
        }
        case ErrorKind::DuplicateCommand:
            return previousResult(cmd, planned->fingerprint);
        default:
            return error;
        }
    }
}

Result<DryRun> CommandHandler::dryRun(Command command)
{
    auto planned = plan(std::move(command));
    if (!planned)
        return planned.error();
    const Command& cmd = planned->command;
    DryRun run;
    run.commandId = cmd.metadata.commandId;
    run.commandName = cmd.name;
    run.streamId = cmd.streamId;
    run.aggregateType = planned->definition->type;
    if (planned->previous) {
        run.duplicate = true;
        run.streamId = planned->previous->streamId;
        run.revisionBefore = run.revisionAfter = planned->previous->revision;
        run.earlierEvents = planned->previous->events;
        return run;
    }
    auto decided = decideNow(*planned);
    if (!decided)
        return decided.error();
    // The commit would check the claims in its transaction; here they are read, and one that another stream
    // holds is the aggregate's domain error, as execute() reports it.
    for (const ReservationChange& change : std::as_const(decided->decision.reservations)) {
        if (change.action != ReservationChange::Action::Claim)
            continue;
        auto owner = m_store.reservationOwner(change.scope, change.key);
        if (!owner)
            return owner.error();
        if (owner->has_value() && **owner != change.ownerStreamId) {
            if (auto domainError = decided->aggregate->reservationConflict(change.scope, change.key))
                return *domainError;
            return Error::make(ErrorKind::ReservationConflict,
                u"The value '%1' of %2 is already taken by stream %3."_s.arg(change.key, change.scope, **owner), {},
                {{u"scope"_s, change.scope}, {u"key"_s, change.key}, {u"owner"_s, **owner}});
        }
    }
    run.createsStream = decided->loadedRevision == 0;
    run.revisionBefore = decided->loadedRevision;
    run.revisionAfter = decided->aggregate->revision();
    run.events = decided->decision.append.events;
    run.stateBefore = decided->stateBefore;
    run.stateAfter = decided->aggregate->state();
    run.changes = diffJson(run.stateBefore, run.stateAfter);
    run.reservations = decided->decision.reservations;
    run.outbox = decided->decision.outbox;
    run.snapshotDue = decided->decision.snapshot.has_value();
    return run;
}

Result<CommandResult> CommandHandler::previousResult(const Command& command, const QByteArray& fingerprint)
{
    auto record = m_store.findCommand(command.metadata.commandId);
    if (!record)
        return record.error();
    if (!record->has_value())
        return Error::notFound(u"CommandNotFound"_s, u"No command with this id was recorded."_s);
    const CommandRecordInfo& info = **record;
    if (info.commandName != command.name || info.fingerprint != fingerprint) {
        Error error = Error::invalidArgument(
            u"Command id %1 was already used for a different command (%2 on %3); use a new command id."_s.arg(
                info.commandId, info.commandName, info.streamId),
            {}, {{u"command_id"_s, info.commandId}, {u"stream_id"_s, info.streamId}});
        error.code = u"CommandIdReused"_s;
        return error;
    }
    StreamReadOptions range;
    range.fromRevision = info.firstRevision;
    range.toRevision = info.lastRevision;
    auto events = m_store.readStream(info.streamId, range);
    if (!events)
        return events.error();
    const CommandSpec* recorded = m_catalog.command(info.commandName);
    return CommandResult {info.commandId, info.commandName, info.streamId,
        recorded ? recorded->aggregateType : QString(), info.lastRevision, *events, true};
}

} // namespace flashback
