// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/command.h"
#include "commands/commandresult.h"
#include "operatoraction.h"
#include "readmodels/readmodelstore.h"
#include "util/result.h"

#include <functional>
#include <optional>

namespace flashback {

class CommandHandler;
class DomainCatalog;
class EventStore;
class OutboxStore;

/// Who does operator actions, and from where.
struct OperatorContext {
    QString actor;
    QString host;
    QString tool; ///< "flashback 0.1.0 (window)", "flashback-cli 0.1.0"
    /// `actor` (defaultActor() when empty) on this machine (QSysInfo::machineHostName()) with `tool`.
    static OperatorContext here(const QString& tool, const QString& actor = {});
};

/// Does operator actions on a store and records each in its operator audit (OperatorAuditLog) with its result,
/// whoever calls: the window and the CLI go through here, so both leave the same rows. The action's own result is
/// returned unchanged. The audit row is written after the action in a transaction of its own: when it cannot be
/// written, the action still stands, and auditError() says why it is missing (callers show or log it). Nothing is
/// recorded in a read-only session (nothing can change there), nor is a row missing worth a word when the action
/// itself failed on the store (busy, unreachable).
class OperatorAudit {
public:
    OperatorAudit(EventStore& store, OperatorContext context, const DomainCatalog& catalog);

    /// CommandHandler::execute, recorded as "command" on "<aggregate type>/<stream>" with the command, its fields
    /// (secret ones masked) and reason; refused when a rule or a conflict said no.
    Result<CommandResult> execute(CommandHandler& handler, const Command& command);
    /// ReadModelStore::controlProjection for Pause, Resume, StartRebuild and CancelRebuild (the others are the
    /// runner's and not recorded).
    Status controlProjection(const QString& name, const ProjectionControl& control, const ReadModelSchema& schema);
    /// OutboxStore::retryOutbox / discardOutbox; "refused" when the row was not in a state that allows it.
    Result<bool> retryOutbox(qint64 id);
    Result<bool> discardOutbox(qint64 id);
    /// Records an action done by the caller (the CLI's rebuild runs the runner itself); fills in who and where.
    Status record(OperatorAction action);

    /// Why the last action's audit row was not written, if it was not.
    const std::optional<Error>& auditError() const { return m_auditError; }
    const OperatorContext& context() const { return m_context; }

    /// The audit action name of a projection control, or empty for those not recorded.
    static QString actionName(ProjectionControl::Action action);

private:
    OperatorAction make(const QString& action, const QString& target, QJsonObject detail) const;
    /// Retry and discard: `change` on the outbox, recorded as refused (with `refusal`) when it changed nothing.
    Result<bool> changeOutbox(qint64 id, const QString& actionName,
        const std::function<Result<bool>(OutboxStore&)>& change, const QString& refusal, const QString& done);
    void finish(OperatorAction action, const std::optional<Error>& error, const QString& okMessage);
    /// The command's fields with secret ones (CommandSpec) masked.
    QJsonObject shownFields(const Command& command) const;

    EventStore& m_store;
    OperatorContext m_context;
    const DomainCatalog& m_catalog;
    std::optional<Error> m_auditError;
};

} // namespace flashback
