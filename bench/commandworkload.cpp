// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandworkload.h"
#include "benchsupport.h"
#include "commands/commandhandler.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "domain/user/usercommands.h"
#include "events/eventmetadata.h"
#include "util/uuid.h"

#include <QJsonDocument>

#include <random>

using namespace Qt::StringLiterals;

namespace flashback::bench {

std::vector<Step> makeSteps(int count, int users, quint64 seed, int offset)
{
    std::mt19937_64 random(seed);
    IdGenerator ids(seed + 1);
    static const QStringList agents {
        u"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0"_s,
        u"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"_s,
        u"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"_s,
    };
    std::vector<Step> steps;
    steps.reserve(size_t(count));
    const Timestamp now = Timestamp::now();
    for (int i = 0; i < count; ++i) {
        Step step;
        step.login = random() % 2 == 0;
        step.user = int(random() % quint64(users));
        step.commandId = uuidText(ids.newV7(now));
        if (step.login) {
            step.fields = {{u"ip"_s, u"203.0.113.%1"_s.arg(random() % 256)},
                {u"user_agent"_s, agents.at(int(random() % quint64(agents.size())))}};
            step.type = "USER_LOGGED_IN";
        } else {
            // A new last name every time: an unchanged name is refused (NothingToChange).
            step.fields = {{u"first_name"_s, u"Ada"_s}, {u"last_name"_s, u"Lovelace-%1"_s.arg(offset + i)}};
            step.type = "USER_NAME_CHANGED";
        }
        step.eventId = ids.newV7(now).toRfc4122();
        step.data = QJsonDocument(step.fields).toJson(QJsonDocument::Compact);
        EventMetadata metadata;
        metadata.actor = u"admin@example.com"_s;
        metadata.commandId = step.commandId;
        metadata.correlationId = step.commandId;
        metadata.causationId = step.commandId;
        step.metadata = metadata.toJsonBytes();
        steps.push_back(std::move(step));
    }
    return steps;
}

Command toCommand(const Step& step, const QString& streamId)
{
    Command command;
    command.name = step.login ? QString(UserCommands::RecordLogin) : QString(UserCommands::ChangeName);
    command.streamId = streamId;
    command.fields = step.fields;
    command.metadata.actor = u"admin@example.com"_s;
    command.metadata.commandId = step.commandId;
    return command;
}

QStringList createUsers(EventStore& store, int users)
{
    PasswordHasher hasher(1000);
    CommandHandler handler(store, DomainCatalog::builtin(), hasher);
    QStringList streamIds;
    for (int i = 0; i < users; ++i) {
        Command create;
        create.name = UserCommands::CreateUser;
        create.fields = {{u"username"_s, u"user%1"_s.arg(i)}, {u"email"_s, u"user%1@example.com"_s.arg(i)},
            {u"first_name"_s, u"Ada"_s}, {u"last_name"_s, u"Lovelace"_s},
            {u"password"_s, u"correct horse battery staple"_s}};
        create.metadata.actor = u"admin@example.com"_s;
        auto created = handler.execute(create);
        if (!created)
            fail(created.error().toString());
        streamIds.append(created->streamId);
    }
    return streamIds;
}

} // namespace flashback::bench
