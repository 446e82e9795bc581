#pragma once

#include "outboxdispatcher.h"
#include "welcomemailsender.h"

namespace flashback {

class EventStore;

/// The built-in outbox deliveries on one store connection: a dispatcher with the welcome mail sender registered,
/// as `flashback-cli project` and the window run them. Lives in the thread of `store`.
class OutboxWorker {
public:
    OutboxWorker(EventStore& store, const QString& workerId);

    /// Every row due now delivered, rescheduled or parked (OutboxDispatcher::dispatchUntilIdle).
    Result<DispatchReport> drain() { return m_dispatcher.dispatchUntilIdle(); }

private:
    WelcomeMailSender m_sender;
    OutboxDispatcher m_dispatcher;
};

} // namespace flashback
