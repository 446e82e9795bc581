#include "storesession.h"
#include "storesessionsubmit.h"

#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "projections/builtinprojections.h"
#include "projections/knownprojections.h"

using namespace Qt::StringLiterals;

// StoreSession's requests for operating the store: commands, projections and the outbox.

namespace flashback {

namespace {

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

RequestHandle StoreSession::executeCommand(
    QObject* receiver, const Command& command, std::function<void(Result<CommandResult>)> answer)
{
    return submit<CommandResult>(
        receiver,
        [command](EventStore& store, const std::atomic<bool>&) {
            return withCommandHandler<CommandResult>(
                store, [&](CommandHandler& handler) { return handler.execute(command); });
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
        [name, control](EventStore& store, const std::atomic<bool>&) -> Result<ProjectionCheckpoint> {
            const auto builtin = builtinProjection(name);
            const ReadModelSchema schema = builtin ? builtin->schema() : ReadModelSchema {};
            if (auto status = store.readModels().controlProjection(name, control, schema); !status)
                return status.error();
            return store.readModels().checkpoint(name);
        },
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
    EventStore& store, qint64 id, const std::function<Result<bool>(OutboxStore&)>& change)
{
    auto changed = change(store.outbox());
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
        [id](EventStore& store, const std::atomic<bool>&) {
            return changeOutboxRow(store, id, [id](OutboxStore& outbox) { return outbox.retryOutbox(id); });
        },
        std::move(answer));
}

RequestHandle StoreSession::discardOutboxRow(
    QObject* receiver, qint64 id, std::function<void(Result<std::optional<OutboxEntry>>)> answer)
{
    return submit<std::optional<OutboxEntry>>(
        receiver,
        [id](EventStore& store, const std::atomic<bool>&) {
            return changeOutboxRow(store, id, [id](OutboxStore& outbox) { return outbox.discardOutbox(id); });
        },
        std::move(answer));
}

} // namespace flashback
