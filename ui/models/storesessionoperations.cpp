// SPDX-License-Identifier: GPL-3.0-or-later
#include "storesession.h"
#include "storesessionsubmit.h"

#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "projections/builtinprojections.h"
#include "projections/knownprojections.h"
#include "util/logging.h"

using namespace Qt::StringLiterals;

// StoreSession's requests for operating the store: commands, projections and the outbox.

namespace flashback {

namespace {

/// The window has no console for it: a row the operator audit could not write goes to the log.
void logMissingAudit(const OperatorAudit& audit)
{
    if (const auto& error = audit.auditError())
        qCWarning(lcStore) << "done, but not recorded in the operator audit:" << error->toString();
}

/// Runs `use` with a CommandHandler over the built-in domains (password hashing as FLASHBACK_PASSWORD_ITERATIONS
/// says, as in the CLI).
template <typename T>
Result<T> withCommandHandler(EventStore& store, const std::function<Result<T>(CommandHandler&)>& use)
{
    auto iterations = PasswordHasher::iterationsFromEnvironment();
    if (!iterations)
        return iterations.error();
    PasswordHasher hasher(*iterations);
    CommandHandler handler(store, DomainCatalog::builtin(), hasher);
    return use(handler);
}

} // namespace

RequestHandle StoreSession::dryRunCommand(
    QObject* receiver, const Command& command, std::function<void(Result<DryRun>)> answer)
{
    return submit<DryRun>(
        receiver,
        [command](EventStore& store, const std::atomic<bool>&) {
            return withCommandHandler<DryRun>(store, [&](CommandHandler& handler) { return handler.dryRun(command); });
        },
        std::move(answer));
}

OperatorContext StoreSession::operatorContext() const
{
    return OperatorContext::here(u"flashback %1 (window)"_s.arg(QStringLiteral(FLASHBACK_VERSION)),
        m_operatorActor ? m_operatorActor() : QString());
}

RequestHandle StoreSession::executeCommand(
    QObject* receiver, const Command& command, std::function<void(Result<CommandResult>)> answer)
{
    return submit<CommandResult>(
        receiver,
        [command, context = operatorContext()](EventStore& store, const std::atomic<bool>&) {
            return withCommandHandler<CommandResult>(store, [&](CommandHandler& handler) {
                OperatorAudit audit(store, context, DomainCatalog::builtin());
                auto result = audit.execute(handler, command);
                logMissingAudit(audit);
                return result;
            });
        },
        std::move(answer));
}

RequestHandle StoreSession::projectionLag(
    QObject* receiver, std::chrono::milliseconds stalledAfter, std::function<void(Result<QList<ProjectionLag>>)> answer)
{
    return submit<QList<ProjectionLag>>(
        receiver,
        [stalledAfter](EventStore& store, const std::atomic<bool>&) {
            return lagOfKnownProjections(store, Timestamp::now(), stalledAfter);
        },
        std::move(answer));
}

RequestHandle StoreSession::controlProjection(QObject* receiver, const QString& name, const ProjectionControl& control,
    std::function<void(Result<ProjectionCheckpoint>)> answer)
{
    return submit<ProjectionCheckpoint>(
        receiver,
        [name, control, context = operatorContext()](
            EventStore& store, const std::atomic<bool>&) -> Result<ProjectionCheckpoint> {
            const auto builtin = builtinProjection(name);
            const ReadModelSchema schema = builtin ? builtin->schema() : ReadModelSchema {};
            OperatorAudit audit(store, context, DomainCatalog::builtin());
            auto status = audit.controlProjection(name, control, schema);
            logMissingAudit(audit);
            if (!status)
                return status.error();
            return store.readModels().checkpoint(name);
        },
        std::move(answer));
}

RequestHandle StoreSession::projectionCheckpoint(
    QObject* receiver, const QString& name, std::function<void(Result<ProjectionCheckpoint>)> answer)
{
    return submit<ProjectionCheckpoint>(
        receiver, [name](EventStore& store, const std::atomic<bool>&) { return store.readModels().checkpoint(name); },
        std::move(answer));
}

namespace {

/// The built-in projection called `name`, or an error saying the window cannot build it.
Result<std::shared_ptr<Projection>> buildableProjection(const QString& name)
{
    if (auto projection = builtinProjection(name))
        return projection;
    return Error::invalidArgument(
        u"Flashback can compare only its own read models (users, audit_log, search_index), not %1."_s.arg(name));
}

} // namespace

RequestHandle StoreSession::compareWithReadModel(QObject* receiver, const QString& projection, const QString& streamId,
    std::function<void(Result<StreamReadModelComparison>)> answer)
{
    return submit<StreamReadModelComparison>(
        receiver,
        [projection, streamId](
            EventStore& store, const std::atomic<bool>& cancelled) -> Result<StreamReadModelComparison> {
            auto built = buildableProjection(projection);
            if (!built)
                return built.error();
            StreamComparisonOptions options;
            options.cancel = &cancelled;
            return compareStreamWithReadModel(store, *built, streamId, DomainCatalog::builtin(), options);
        },
        std::move(answer));
}

RequestHandle StoreSession::checkReadModel(QObject* receiver, const QString& projection,
    std::shared_ptr<ReadModelCheckTicker> ticker, std::function<void(Result<ReadModelCheck>)> answer)
{
    return submit<ReadModelCheck>(
        receiver,
        [projection, ticker](EventStore& store, const std::atomic<bool>& cancelled) -> Result<ReadModelCheck> {
            auto built = buildableProjection(projection);
            if (!built)
                return built.error();
            ReadModelCheckOptions options;
            options.cancel = &cancelled;
            if (ticker) {
                options.onProgress = [ticker](const ReadModelCheckProgress& progress) {
                    ticker->phase = int(progress.phase);
                    ticker->total = progress.total;
                    ticker->done = progress.done;
                };
            }
            return flashback::checkReadModel(store, *built, DomainCatalog::builtin(), options);
        },
        std::move(answer));
}

RequestHandle StoreSession::operatorActions(
    QObject* receiver, const OperatorAuditQuery& query, std::function<void(Result<QList<OperatorAction>>)> answer)
{
    return submit<QList<OperatorAction>>(
        receiver,
        [query](
            EventStore& store, const std::atomic<bool>&) { return store.operatorAudit().listOperatorActions(query); },
        std::move(answer));
}

RequestHandle StoreSession::outbox(
    QObject* receiver, const OutboxQuery& query, std::function<void(Result<OutboxPage>)> answer)
{
    return submit<OutboxPage>(
        receiver,
        [query](EventStore& store, const std::atomic<bool>&) -> Result<OutboxPage> {
            OutboxPage page;
            auto counts = store.outbox().outboxCounts();
            if (!counts)
                return counts.error();
            page.counts = *counts;
            auto rows = store.outbox().listOutbox(query);
            if (!rows)
                return rows.error();
            page.rows = *rows;
            return page;
        },
        std::move(answer));
}

namespace {

/// Runs one change on an outbox row and reads the row back, so the pane shows what the store now holds.
Result<std::optional<OutboxEntry>> changeOutboxRow(
    EventStore& store, qint64 id, const std::function<Result<bool>()>& change)
{
    auto changed = change();
    if (!changed)
        return changed.error();
    auto row = store.outbox().outboxEntry(id);
    if (!row)
        return row.error();
    if (!*changed) {
        const QString status = *row ? outboxStatusName((*row)->status) : u"gone"_s;
        return Error::invalidArgument(
            u"Outbox row %1 is %2 now, so it was left as it is."_s.arg(QString::number(id), status));
    }
    return row;
}

} // namespace

RequestHandle StoreSession::retryOutboxRow(
    QObject* receiver, qint64 id, std::function<void(Result<std::optional<OutboxEntry>>)> answer)
{
    return submit<std::optional<OutboxEntry>>(
        receiver,
        [id, context = operatorContext()](EventStore& store, const std::atomic<bool>&) {
            OperatorAudit audit(store, context, DomainCatalog::builtin());
            auto row = changeOutboxRow(store, id, [&] { return audit.retryOutbox(id); });
            logMissingAudit(audit);
            return row;
        },
        std::move(answer));
}

RequestHandle StoreSession::discardOutboxRow(
    QObject* receiver, qint64 id, std::function<void(Result<std::optional<OutboxEntry>>)> answer)
{
    return submit<std::optional<OutboxEntry>>(
        receiver,
        [id, context = operatorContext()](EventStore& store, const std::atomic<bool>&) {
            OperatorAudit audit(store, context, DomainCatalog::builtin());
            auto row = changeOutboxRow(store, id, [&] { return audit.discardOutbox(id); });
            logMissingAudit(audit);
            return row;
        },
        std::move(answer));
}

} // namespace flashback
