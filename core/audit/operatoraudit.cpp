// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatoraudit.h"

#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "store/eventstore.h"
#include "util/actor.h"
#include "util/jsonmasking.h"

#include <QJsonArray>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace flashback {

OperatorContext OperatorContext::here(const QString& tool, const QString& actor)
{
    return {actor.isEmpty() ? defaultActor() : actor, QSysInfo::machineHostName(), tool};
}

OperatorAudit::OperatorAudit(EventStore& store, OperatorContext context, const DomainCatalog& catalog)
    : m_store(store)
    , m_context(std::move(context))
    , m_catalog(catalog)
{ }

QString OperatorAudit::actionName(ProjectionControl::Action action)
{
    switch (action) {
    case ProjectionControl::Action::Pause:
        return OperatorAction::PauseProjection;
    case ProjectionControl::Action::Resume:
        return OperatorAction::ResumeProjection;
    case ProjectionControl::Action::StartRebuild:
        return OperatorAction::RebuildProjection;
    case ProjectionControl::Action::CancelRebuild:
        return OperatorAction::CancelRebuild;
    case ProjectionControl::Action::MarkFailed:
    case ProjectionControl::Action::FinishRebuild:
    case ProjectionControl::Action::Reset:
        break;
    }
    return {};
}

OperatorAction OperatorAudit::make(const QString& action, const QString& target, QJsonObject detail) const
{
    OperatorAction row;
    row.actor = m_context.actor;
    row.host = m_context.host;
    row.tool = m_context.tool;
    row.action = action;
    row.target = target;
    row.detail = std::move(detail);
    return row;
}

void OperatorAudit::finish(OperatorAction action, const std::optional<Error>& error, const QString& okMessage)
{
    if (!error) {
        action.result = OperatorAction::Ok;
        action.message = okMessage;
    } else {
        const ErrorCategory category = error->category();
        // Refused: the rules, the store's state or the input said no, and nothing broke. Failed: an error.
        const bool refused = category == ErrorCategory::DomainRule || category == ErrorCategory::Conflict
            || category == ErrorCategory::NotFound || category == ErrorCategory::Usage
            || error->kind == ErrorKind::StoreReadOnly;
        action.result = refused ? OperatorAction::Refused : OperatorAction::Failed;
        action.message = error->code.isEmpty() ? error->message : u"%1 [%2]"_s.arg(error->message, error->code);
    }
    m_auditError.reset();
    // A read-only session changes nothing and can record nothing; an action the store itself could not take
    // (busy, unreachable) changed nothing either, and its row would meet the same wall: the error says it all.
    if (m_store.isReadOnly())
        return;
    auto recorded = m_store.operatorAudit().recordOperatorAction(action);
    if (!recorded && !(error && error->category() == ErrorCategory::Store))
        m_auditError = recorded.error();
}

Status OperatorAudit::record(OperatorAction action)
{
    m_auditError.reset();
    if (m_store.isReadOnly())
        return {}; // nothing can have changed, and nothing can be written
    OperatorAction row = make(action.action, action.target, action.detail);
    row.at = action.at;
    row.result = action.result;
    row.message = action.message;
    auto recorded = m_store.operatorAudit().recordOperatorAction(row);
    if (!recorded) {
        m_auditError = recorded.error();
        return recorded.error();
    }
    return {};
}

QJsonObject OperatorAudit::shownFields(const Command& command) const
{
    QJsonObject fields = command.fields;
    if (const CommandSpec* spec = m_catalog.command(command.name)) {
        for (const FieldSpec& field : spec->fields) {
            if (field.isSecret() && fields.contains(field.name))
                fields.insert(field.name, QString::fromUtf16(MaskPlaceholder));
        }
    }
    return fields;
}

Result<CommandResult> OperatorAudit::execute(CommandHandler& handler, const Command& command)
{
    const CommandSpec* spec = m_catalog.command(command.name);
    const QString aggregate = spec ? spec->aggregateType : QString();
    QJsonObject detail {{u"command"_s, command.name}, {u"fields"_s, shownFields(command)}};
    if (!command.metadata.reason.isEmpty())
        detail.insert(u"reason"_s, command.metadata.reason);
    if (!command.metadata.commandId.isEmpty())
        detail.insert(u"command_id"_s, command.metadata.commandId);
    OperatorAction action = make(OperatorAction::Command, u"%1/%2"_s.arg(aggregate, command.streamId), detail);
    if (!command.metadata.actor.isEmpty())
        action.actor = command.metadata.actor; // the command's own actor is who did it
    auto result = handler.execute(command);
    if (!result) {
        finish(action, result.error(), {});
        return result;
    }
    action.target = u"%1/%2"_s.arg(result->aggregateType, result->streamId);
    QJsonArray types;
    for (const RecordedEvent& event : result->events)
        types.append(event.type);
    action.detail.insert(u"events"_s, types);
    action.detail.insert(u"revision"_s, result->revision);
    const QString message = result->duplicate
        ? u"Already done earlier (command %1): nothing appended."_s.arg(result->commandId)
        : u"Appended %1 event(s); the stream is at revision %2."_s.arg(
            QString::number(result->events.size()), QString::number(result->revision));
    finish(action, std::nullopt, message);
    return result;
}

Status OperatorAudit::controlProjection(
    const QString& name, const ProjectionControl& control, const ReadModelSchema& schema)
{
    const QString actionName = OperatorAudit::actionName(control.action);
    auto status = m_store.readModels().controlProjection(name, control, schema);
    if (actionName.isEmpty())
        return status;
    QString message;
    switch (control.action) {
    case ProjectionControl::Action::Pause:
        message = u"Paused: runners leave it where it is until it is resumed."_s;
        break;
    case ProjectionControl::Action::Resume:
        message = u"Resumed."_s;
        break;
    case ProjectionControl::Action::StartRebuild:
        message = u"Rebuild started: a new copy is built beside the current one and swapped in when caught up."_s;
        break;
    case ProjectionControl::Action::CancelRebuild:
        message = u"Rebuild cancelled: readers keep the current copy."_s;
        break;
    default:
        break;
    }
    finish(make(actionName, name, {}), status ? std::nullopt : std::optional<Error>(status.error()), message);
    return status;
}

namespace {

QString outboxTarget(qint64 id)
{
    return u"outbox/"_s + QString::number(id);
}

} // namespace

Result<bool> OperatorAudit::changeOutbox(qint64 id, const QString& actionName,
    const std::function<Result<bool>(OutboxStore&)>& change, const QString& refusal, const QString& done)
{
    auto changed = change(m_store.outbox());
    const OperatorAction action = make(actionName, outboxTarget(id), {});
    if (!changed)
        finish(action, changed.error(), {});
    else if (!*changed) // the row was not in a state that allows it
        finish(action, Error::invalidArgument(refusal), {});
    else
        finish(action, std::nullopt, done);
    return changed;
}

Result<bool> OperatorAudit::retryOutbox(qint64 id)
{
    return changeOutbox(
        id, OperatorAction::RetryOutbox, [id](OutboxStore& outbox) { return outbox.retryOutbox(id); },
        u"Only a failed or discarded row can be retried."_s, u"Pending again, due now, its attempts reset."_s);
}

Result<bool> OperatorAudit::discardOutbox(qint64 id)
{
    return changeOutbox(
        id, OperatorAction::DiscardOutbox, [id](OutboxStore& outbox) { return outbox.discardOutbox(id); },
        u"Only a failed row can be discarded."_s, u"Discarded: kept for the record, never delivered."_s);
}

} // namespace flashback
