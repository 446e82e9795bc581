// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outboxdispatcher.h"
#include "outboxmessage.h"
#include "util/result.h"

#include <QLatin1StringView>
#include <QString>

#include <functional>

namespace flashback {

class EventStore;
struct NewEvent;

/// Delivers "welcome_email" outbox rows into the local mail sink, the mailbox read model's "sent_emails" table
/// (mailboxReadModel()). A mail is stored under the row's idempotency key and a key already there is left alone,
/// so a redelivery (at least once) never makes a second mail.
///
/// Payload: {"to", "name", "username", "user_id"}, as made by welcomeMailFor().
class WelcomeMailSender {
public:
    static constexpr QLatin1StringView Topic {"welcome_email"};

    /// Writes into `store`'s read models; `clock` gives the delivery time (empty: Timestamp::now).
    explicit WelcomeMailSender(EventStore& store, std::function<Timestamp()> clock = {});

    /// Stores the mail unless one with the entry's idempotency key exists. InvalidArgument for a payload
    /// without a recipient; store errors as they come.
    Status deliver(const OutboxEntry& entry);
    /// deliver() as a dispatcher handler; this sender must outlive the dispatcher's use of it.
    OutboxHandler handler();

    /// The outbox row a USER_CREATED event of stream `streamId` calls for: key "welcome_email:<event id>",
    /// payload from the event's data (to = email, name = first and last name, username, user_id = the stream).
    /// Pure: the command path calls it while building its unit of work.
    static OutboxMessage welcomeMailFor(const QString& streamId, const NewEvent& userCreated);

    static QString subjectFor(const QString& name);
    static QString bodyFor(const QString& name, const QString& username);

private:
    EventStore& m_store;
    std::function<Timestamp()> m_clock;
};

} // namespace flashback
