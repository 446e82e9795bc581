// SPDX-License-Identifier: GPL-3.0-or-later
#include "userdomain.h"
#include "domain/domaincatalog.h"
#include "outbox/welcomemailsender.h"
#include "useraggregate.h"
#include "usercommands.h"
#include "userevents.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

// The reference system's USER_CREATED had no role: every account it created was an ordinary user.
QJsonObject upcastUserCreatedV1(const QJsonObject& data)
{
    QJsonObject upcast = data;
    if (!upcast.value("role"_L1).isString())
        upcast.insert(u"role"_s, u"user"_s);
    return upcast;
}

} // namespace

void registerUserDomain(DomainCatalog& catalog)
{
    AggregateDefinition definition;
    definition.type = UserAggregateType;
    definition.create = [] { return std::make_unique<UserAggregate>(); };
    definition.commands = userCommandSpecs();
    definition.uuidStreamIds = true;
    definition.maskedFields = QStringList {u"password_hash"_s};
    // Every new user is welcomed by mail, through the outbox, in the transaction that creates the user.
    definition.sideEffects = [](const QString& streamId, const QList<NewEvent>& events) {
        QList<OutboxMessage> effects;
        for (const NewEvent& event : events) {
            if (event.type == UserEvents::UserCreated)
                effects.append(WelcomeMailSender::welcomeMailFor(streamId, event));
        }
        return effects;
    };
    catalog.add(std::move(definition));

    catalog.upcasters().add(UserEvents::UserCreated, 1, upcastUserCreatedV1);
    static_assert(UserEvents::UserCreatedSchemaVersion == 2, "add the upcaster for the new USER_CREATED version");
}

} // namespace flashback
