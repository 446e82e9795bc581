#include "outboxworker.h"

namespace flashback {

namespace {

OutboxDispatcherOptions optionsFor(const QString& workerId)
{
    OutboxDispatcherOptions options;
    options.workerId = workerId;
    return options;
}

} // namespace

OutboxWorker::OutboxWorker(EventStore& store, const QString& workerId)
    : m_sender(store)
    , m_dispatcher(store, optionsFor(workerId))
{
    m_dispatcher.registerHandler(QString(WelcomeMailSender::Topic), m_sender.handler());
}

} // namespace flashback
