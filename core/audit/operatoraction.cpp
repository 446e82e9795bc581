// SPDX-License-Identifier: GPL-3.0-or-later
#include "operatoraction.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback {

QStringList OperatorAction::actionNames()
{
    return {Command, PauseProjection, ResumeProjection, RebuildProjection, CancelRebuild, RetryOutbox, DiscardOutbox};
}

QString OperatorAction::detailText() const
{
    QJsonObject shown = detail;
    QString text;
    if (shown.contains(u"command"_s)) {
        text = shown.take(u"command"_s).toString() + u' '
            + QString::fromUtf8(QJsonDocument(shown.take(u"fields"_s).toObject()).toJson(QJsonDocument::Compact));
        if (shown.contains(u"reason"_s))
            text += u" reason: "_s + shown.take(u"reason"_s).toString();
        for (const auto& key : {u"events"_s, u"revision"_s, u"command_id"_s})
            shown.remove(key);
    }
    if (!shown.isEmpty())
        text += (text.isEmpty() ? QString() : u" "_s)
            + QString::fromUtf8(QJsonDocument(shown).toJson(QJsonDocument::Compact));
    return text;
}

Status OperatorAction::checkRecordable() const
{
    if (!actionNames().contains(action))
        return Error::invalidArgument(
            u"'%1' is not an operator action (%2)."_s.arg(action, actionNames().join(u", "_s)));
    if (result != Ok && result != Refused && result != Failed)
        return Error::invalidArgument(u"An operator action's result is ok, refused or failed, not '%1'."_s.arg(result));
    return {};
}

QJsonObject OperatorAction::toJson() const
{
    return {{u"id"_s, id}, {u"at"_s, at.toIso()}, {u"actor"_s, actor}, {u"host"_s, host}, {u"tool"_s, tool},
        {u"action"_s, action}, {u"target"_s, target}, {u"detail"_s, detail}, {u"result"_s, result},
        {u"message"_s, message}};
}

} // namespace flashback
