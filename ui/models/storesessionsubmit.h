// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// StoreSession::submit, shared by the files that define StoreSession's requests (storesession.cpp and
// storesessionoperations.cpp). Not for other code: requests go through StoreSession's public functions.

#include "store/eventstore.h"
#include "storesession.h"

#include <QMetaObject>

namespace flashback {

template <typename T>
RequestHandle StoreSession::submit(QObject* receiver,
    std::function<Result<T>(EventStore&, const std::atomic<bool>&)> work, std::function<void(Result<T>)> answer)
{
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = m_generation;
    const QPointer<QObject> target(receiver);
    StoreWorker* worker = m_worker;
    auto deliver = [this, cancelled, generation, target, answer](const Result<T>& result) {
        // On the GUI thread: everything read here belongs to it.
        if (cancelled->load() || generation != m_generation || !target)
            return;
        answer(result);
    };
    auto job = [this, worker, work, cancelled, deliver](EventStore* store) {
        Result<T> result = store
            ? work(*store, *cancelled)
            : Result<T>(Error::make(ErrorKind::StoreUnavailable, QStringLiteral("The store is not connected.")));
        if (!result && store && result.error().kind == ErrorKind::StoreUnavailable)
            worker->reportUnavailable(result.error());
        if (cancelled->load())
            return;
        // Delivered through the session, which outlives every job (its destructor ends the thread).
        QMetaObject::invokeMethod(
            this, [deliver, result] { deliver(result); }, Qt::QueuedConnection);
    };
    QMetaObject::invokeMethod(
        worker, [worker, job, cancelled] { worker->run(job, cancelled); }, Qt::QueuedConnection);
    return RequestHandle(cancelled);
}

} // namespace flashback
