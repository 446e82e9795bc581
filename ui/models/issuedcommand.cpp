// SPDX-License-Identifier: GPL-3.0-or-later
#include "issuedcommand.h"

#include "util/shellquote.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flashback {

QString outcomeName(IssuedCommand::Outcome outcome)
{
    switch (outcome) {
    case IssuedCommand::Outcome::DryRun:
        return u"dry run"_s;
    case IssuedCommand::Outcome::Executed:
        return u"executed"_s;
    case IssuedCommand::Outcome::Failed:
        return u"failed"_s;
    }
    return {};
}

QJsonObject IssuedCommand::toJson() const
{
    QJsonObject json {
        {u"at"_s, at.toUTC().toString(Qt::ISODateWithMs)},
        {u"command"_s, command},
        {u"stream_id"_s, streamId},
        {u"fields"_s, fields},
        {u"secret_fields"_s, QJsonArray::fromStringList(secretFields)},
        {u"actor"_s, actor},
        {u"reason"_s, reason},
        {u"outcome"_s, outcomeName(outcome)},
        {u"dry_run"_s, dryRun},
        {u"result_stream"_s, resultStream},
        {u"revision"_s, revision},
    };
    if (!name.isEmpty())
        json.insert(u"name"_s, name);
    if (!errorCode.isEmpty()) {
        json.insert(u"error_code"_s, errorCode);
        json.insert(u"error_message"_s, errorMessage);
    }
    return json;
}

std::optional<IssuedCommand> IssuedCommand::fromJson(const QJsonObject& json)
{
    IssuedCommand issued;
    issued.command = json.value(u"command"_s).toString();
    if (issued.command.isEmpty())
        return std::nullopt;
    issued.at = QDateTime::fromString(json.value(u"at"_s).toString(), Qt::ISODateWithMs);
    issued.name = json.value(u"name"_s).toString();
    issued.streamId = json.value(u"stream_id"_s).toString();
    issued.fields = json.value(u"fields"_s).toObject();
    for (const QJsonValue& field : json.value(u"secret_fields"_s).toArray())
        issued.secretFields.append(field.toString());
    issued.actor = json.value(u"actor"_s).toString();
    issued.reason = json.value(u"reason"_s).toString();
    const QString outcome = json.value(u"outcome"_s).toString();
    issued.outcome = outcome == outcomeName(Outcome::Executed) ? Outcome::Executed
        : outcome == outcomeName(Outcome::Failed)              ? Outcome::Failed
                                                               : Outcome::DryRun;
    issued.dryRun = json.value(u"dry_run"_s).toBool(issued.outcome == Outcome::DryRun);
    issued.resultStream = json.value(u"result_stream"_s).toString();
    issued.revision = json.value(u"revision"_s).toInteger();
    issued.errorCode = json.value(u"error_code"_s).toString();
    issued.errorMessage = json.value(u"error_message"_s).toString();
    return issued;
}

QString IssuedCommand::cliLine(const QString& address) const
{
    QStringList words {u"flashback-cli"_s, u"--store"_s, shellQuote(address), u"command"_s, shellQuote(command)};
    if (!streamId.isEmpty())
        words << u"--stream"_s << shellQuote(streamId);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const QJsonValue value = it.value();
        const QString text = value.isBool() ? (value.toBool() ? u"true"_s : u"false"_s)
            : value.isDouble()              ? QString::number(value.toInteger())
                                            : value.toString();
        words << u"--set"_s << shellQuote(it.key() + u'=' + text);
    }
    for (const QString& secret : secretFields)
        words << u"--set"_s << shellQuote(secret + u"=-");
    if (!actor.isEmpty())
        words << u"--actor"_s << shellQuote(actor);
    if (!reason.isEmpty())
        words << u"--reason"_s << shellQuote(reason);
    if (dryRun)
        words << u"--dry-run"_s;
    return words.join(u' ');
}

} // namespace flashback
