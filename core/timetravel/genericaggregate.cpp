// SPDX-License-Identifier: GPL-3.0-or-later
#include "genericaggregate.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

void mergeInto(QJsonObject& target, const QJsonObject& source)
{
    for (auto it = source.begin(); it != source.end(); ++it) {
        if (it.value().isObject() && target.value(it.key()).isObject()) {
            QJsonObject nested = target.value(it.key()).toObject();
            mergeInto(nested, it.value().toObject());
            target.insert(it.key(), nested);
        } else {
            target.insert(it.key(), it.value());
        }
    }
}

} // namespace

GenericAggregate::GenericAggregate(QString type)
    : m_type(std::move(type))
{ }

Result<QList<ProposedEvent>> GenericAggregate::decide(const Command& command, DecisionContext& context) const
{
    Q_UNUSED(context);
    return Error::invalidArgument(
        u"Flashback knows no rules for %1 streams, so it cannot run %2 on them."_s.arg(m_type, command.name));
}

void GenericAggregate::apply(const DecodedEvent& event)
{
    mergeInto(m_state, event.data);
    m_state.insert(u"_lastEvent"_s,
        QJsonObject {{u"type"_s, event.type}, {u"revision"_s, event.revision > 0 ? event.revision : revision() + 1},
            {u"occurred_at"_s, event.occurredAt.toIso()}});
    if (event.type.endsWith(u"DELETED"_s)) {
        m_state.insert(u"_deleted"_s, true);
        m_state.insert(u"_deletedAt"_s, event.occurredAt.toIso());
    }
}

} // namespace flashback
