// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "outboxdispatcher.h"
#include "welcomemailsender.h"

namespace flashback {

class EventStore;

/// The built-in outbox deliveries on one store connection: a dispatcher with the welcome mail sender registered,
/// as `flashback-cli project` and the window run them. Lives in the thread of `store`.
class OutboxWorker {
public:
    /// `onlyRegisteredTopics`: claim only the topics handled here (the window, a guest beside a team's own
    /// dispatchers), or every topic and park those nobody handles, so they are seen (`flashback-cli project`).
    OutboxWorker(EventStore& store, const QString& workerId, bool onlyRegisteredTopics = false);

    /// Every row due now delivered, rescheduled or parked (OutboxDispatcher::dispatchUntilIdle).
    Result<DispatchReport> drain() { return m_dispatcher.dispatchUntilIdle(); }
    /// One round (OutboxDispatcher::dispatchOnce), for a caller that must be able to stop between rounds.
    Result<DispatchReport> dispatchOnce() { return m_dispatcher.dispatchOnce(); }

private:
    WelcomeMailSender m_sender;
    OutboxDispatcher m_dispatcher;
};

} // namespace flashback
