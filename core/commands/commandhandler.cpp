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

Result<CommandResult> CommandHandler::execute(Command command)
{
    auto prepared = prepareCommand(m_catalog, std::move(command));
    if (!prepared)
        return prepared.error();
    command = std::move(prepared->command);
    const CommandSpec* spec = prepared->spec;
    const AggregateDefinition* definition = prepared->definition;

    const QString requestedStreamId = command.streamId;
    if (command.streamId.isEmpty()) {
        if (!spec->createsStream)
            return Error::invalidArgument(
                u"%1 needs the id of the %2 it applies to (--stream ID)."_s.arg(spec->name, spec->aggregateType));
    } else {
        auto canonical = canonicalStreamId(*definition, command.streamId);
        if (!canonical)
            return canonical.error();
        command.streamId = *canonical;
    }

    const QByteArray fingerprint = fingerprintOf(*spec, command.streamId, command.fields);
    if (command.metadata.commandId.isEmpty()) {
        command.metadata.commandId = uuidText(m_ids->newV7(m_clock()));
    } else if (auto previous = previousResult(command, fingerprint);
               previous.ok() || previous.error().kind != ErrorKind::NotFound) {
        return previous;
    }
    if (command.streamId.isEmpty())
        command.streamId = uuidText(m_ids->newV4());
    if (command.metadata.correlationId.isEmpty())
        command.metadata.correlationId = command.metadata.commandId;
    if (command.metadata.causationId.isEmpty())
        command.metadata.causationId = command.metadata.commandId;

    const UpcasterChain& upcasters = m_catalog.upcasters();
    for (int attempt = 0;; ++attempt) {
        auto loaded = loadAggregate(m_store, m_catalog, definition->type, command.streamId);
        if (!loaded)
            return loaded.error();
        std::unique_ptr<Aggregate> aggregate = std::move(loaded->aggregate);

        if (command.expectedRevision && !command.expectedRevision->accepts(aggregate->revision())) {
            return Error::make(ErrorKind::ConcurrencyConflict,
                u"Stream %1 is at revision %2, but the command expected %3."_s.arg(
                    command.streamId, QString::number(aggregate->revision()), command.expectedRevision->describe()),
                {},
                {{u"stream_id"_s, command.streamId}, {u"expected"_s, command.expectedRevision->describe()},
                    {u"actual_revision"_s, aggregate->revision()}});
        }

        DecisionContext context {m_clock(), &m_hasher};
        auto decision = decide(*aggregate, command, context, *m_ids, upcasters);
        if (!decision)
            return decision.error();
        decision->append.command = CommandRecord {command.metadata.commandId, command.name, fingerprint};
        const qint64 loadedRevision = aggregate->revision();
        applyPolicies(*decision, *aggregate, *definition, context.now);
        UnitOfWork work;
        work.appends.append(decision->append);
        work.reservations = decision->reservations;
        work.outbox = decision->outbox;
        if (decision->snapshot)
            work.snapshots.append(*decision->snapshot);

        auto committed = m_store.commit(work);
        if (committed) {
            CommandResult result {command.metadata.commandId, command.name, command.streamId, definition->type,
                committed->events.isEmpty() ? loadedRevision : committed->events.constLast().revision,
                committed->events, false};
            qCDebug(lcCommands) << "executed" << command.name << "on" << command.streamId << "->" << result.revision;
            return result;
        }
        const Error& error = committed.error();
        switch (error.kind) {
        case ErrorKind::ConcurrencyConflict:
            if (!command.expectedRevision && attempt < m_maxConflictRetries) {
                qCDebug(lcCommands) << "conflict on" << command.streamId << "- deciding again";
                continue;
            }
            return error;
        case ErrorKind::ReservationConflict: {
            const auto domainError = aggregate->reservationConflict(
                error.context.value(u"scope"_s).toString(), error.context.value(u"key"_s).toString());
            return domainError ? *domainError : error;
        }
        case ErrorKind::DuplicateCommand:
            return previousResult(command, fingerprint);
        default:
            return error;
        }
    }
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
