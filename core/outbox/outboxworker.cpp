// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxworker.h"

namespace flashback {

namespace {

OutboxDispatcherOptions optionsFor(const QString& workerId, bool onlyRegisteredTopics)
{
    OutboxDispatcherOptions options;
    options.workerId = workerId;
    options.onlyRegisteredTopics = onlyRegisteredTopics;
    return options;
}

} // namespace

OutboxWorker::OutboxWorker(EventStore& store, const QString& workerId, bool onlyRegisteredTopics)
    : m_sender(store)
    , m_dispatcher(store, optionsFor(workerId, onlyRegisteredTopics))
{
    m_dispatcher.registerHandler(QString(WelcomeMailSender::Topic), m_sender.handler());
}

} // namespace flashback
