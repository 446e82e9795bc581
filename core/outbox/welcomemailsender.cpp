// SPDX-License-Identifier: GPL-3.0-or-later
#include "welcomemailsender.h"
#include "events/newevent.h"
#include "projections/readmodelschemas.h"
#include "store/eventstore.h"
#include "util/uuid.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
const QString SentEmails = u"sent_emails"_s;
const QString KeyColumn = u"idempotency_key"_s;
} // namespace

WelcomeMailSender::WelcomeMailSender(EventStore& store, std::function<Timestamp()> clock)
    : m_store(store)
    , m_clock(clock ? std::move(clock) : std::function<Timestamp()>(&Timestamp::now))
{ }

Status WelcomeMailSender::deliver(const OutboxEntry& entry)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(entry.message.payload, &parseError);
    const QJsonObject payload = document.object();
    const QString to = payload.value(u"to"_s).toString().trimmed();
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || to.isEmpty())
        return Error::invalidArgument(u"The welcome mail of outbox row %1 has no recipient address."_s.arg(entry.id),
            QString::fromUtf8(entry.message.payload));
    const QString username = payload.value(u"username"_s).toString();
    QString name = payload.value(u"name"_s).toString().trimmed();
    if (name.isEmpty())
        name = username;

    // Generation 1 always: the mailbox is a sink, never rebuilt, so it has no other generation.
    const ReadModelSchema schema = mailboxReadModel();
    auto transaction = m_store.readModels().beginReadModelTransaction(schema, 1);
    if (!transaction)
        return transaction.error();
    ReadModelTransaction& tx = **transaction;
    const QString key = entry.message.idempotencyKey;
    auto existing = tx.get(SentEmails, {{KeyColumn, key}});
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return {}; // Delivered before (a redelivery after a lost lease): the first mail stands, unchanged.

    const ReadModelRow mail {{KeyColumn, key}, {u"to_address"_s, to}, {u"subject"_s, subjectFor(name)},
        {u"body"_s, bodyFor(name, username)}, {u"user_id"_s, payload.value(u"user_id"_s).toString()},
        {u"event_id"_s, entry.message.eventId.isNull() ? QString() : uuidText(entry.message.eventId)},
        {u"sent_at"_s, m_clock().toIso()}};
    if (auto status = tx.put(SentEmails, mail); !status)
        return status;
    return tx.commitWithoutCheckpoint();
}

OutboxHandler WelcomeMailSender::handler()
{
    return [this](const OutboxEntry& entry) { return deliver(entry); };
}

OutboxMessage WelcomeMailSender::welcomeMailFor(const QString& streamId, const NewEvent& userCreated)
{
    const QJsonObject data = QJsonDocument::fromJson(userCreated.data).object();
    const QString name
        = QString(data.value(u"first_name"_s).toString() + u' ' + data.value(u"last_name"_s).toString()).trimmed();
    const QJsonObject payload {{u"to"_s, data.value(u"email"_s).toString()}, {u"name"_s, name},
        {u"username"_s, data.value(u"username"_s).toString()}, {u"user_id"_s, streamId}};
    return {QString(Topic) + u':' + uuidText(userCreated.eventId), QString(Topic), streamId, userCreated.eventId,
        QJsonDocument(payload).toJson(QJsonDocument::Compact)};
}

QString WelcomeMailSender::subjectFor(const QString& name)
{
    return u"Welcome to Flashback, %1!"_s.arg(name);
}

QString WelcomeMailSender::bodyFor(const QString& name, const QString& username)
{
    return u"Hello %1,\n\n"
           u"your Flashback account \"%2\" is ready. Sign in with your username and the password you chose.\n\n"
           u"The Flashback team\n"_s.arg(name, username);
}

} // namespace flashback
