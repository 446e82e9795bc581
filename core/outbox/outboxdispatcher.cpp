// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxdispatcher.h"
#include "outboxstore.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSysInfo>

#include <algorithm>
#include <exception>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
Q_LOGGING_CATEGORY(lcOutbox, "flashback.outbox")
} // namespace

DispatchReport& DispatchReport::operator+=(const DispatchReport& other)
{
    claimed += other.claimed;
    delivered += other.delivered;
    retried += other.retried;
    parked += other.parked;
    lostLease += other.lostLease;
    return *this;
}

OutboxDispatcher::OutboxDispatcher(EventStore& store, OutboxDispatcherOptions options)
    : m_store(store)
    , m_options(std::move(options))
{
    if (m_options.workerId.isEmpty())
        m_options.workerId = defaultWorkerId();
    m_options.batchSize = std::max(1, m_options.batchSize);
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
    if (!m_options.clock)
        m_options.clock = &Timestamp::now;
    if (!m_options.random)
        m_options.random = [] { return QRandomGenerator::global()->generateDouble(); };
}

void OutboxDispatcher::registerHandler(const QString& topic, OutboxHandler handler)
{
    m_handlers.insert(topic, std::move(handler));
}

QStringList OutboxDispatcher::topics() const
{
    QStringList names = m_handlers.keys();
    names.sort();
    return names;
}

Timestamp OutboxDispatcher::now() const
{
    return m_options.clock();
}

Result<DispatchReport> OutboxDispatcher::dispatchOnce()
{
    DispatchReport report;
    // With no registered topic an empty topic list would mean "every topic": claim nothing instead.
    if (m_options.onlyRegisteredTopics && m_handlers.isEmpty())
        return report;
    OutboxStore& outbox = m_store.outbox();
    const OutboxClaim claim {m_options.workerId, m_options.onlyRegisteredTopics ? topics() : QStringList {},
        m_options.batchSize, m_options.lease, now()};
    auto claimed = outbox.claimOutbox(claim);
    if (!claimed)
        return claimed.error();
    const QList<OutboxEntry> entries = std::move(claimed).value();
    report.claimed = int(entries.size());

    for (const OutboxEntry& entry : entries) {
        // A slow batch can outlive the lease of its later rows; another worker may be delivering them already.
        if (!(now() < entry.claimedUntil)) {
            ++report.lostLease;
            continue;
        }
        const bool handled = m_handlers.contains(entry.message.topic);
        const QString error = handled
            ? deliver(entry)
            : u"No handler is registered for the outbox topic \"%1\" on worker %2; the row was parked."_s.arg(
                entry.message.topic, m_options.workerId);
        if (error.isEmpty()) {
            auto completed = outbox.completeOutbox(entry.id, m_options.workerId);
            if (!completed)
                return completed.error();
            ++(*completed ? report.delivered : report.lostLease);
            continue;
        }

        // A missing handler is a deployment problem that retrying will not fix: park the row at once, visibly.
        std::optional<Timestamp> retryAt;
        if (handled && entry.attempts < m_options.maxAttempts)
            retryAt = now().addMicros(backoff(entry.attempts).count());
        auto failed = outbox.failOutbox(entry.id, m_options.workerId, error, retryAt);
        if (!failed)
            return failed.error();
        if (!*failed) {
            ++report.lostLease;
        } else if (retryAt) {
            ++report.retried;
            qCInfo(lcOutbox, "outbox row %lld (%s) failed attempt %d, retrying at %s: %s", entry.id,
                qUtf8Printable(entry.message.topic), entry.attempts, qUtf8Printable(retryAt->toIso()),
                qUtf8Printable(error));
        } else {
            ++report.parked;
            qCWarning(lcOutbox, "outbox row %lld (%s) parked as failed at attempt %d: %s", entry.id,
                qUtf8Printable(entry.message.topic), entry.attempts, qUtf8Printable(error));
        }
    }
    return report;
}

Result<DispatchReport> OutboxDispatcher::dispatchUntilIdle()
{
    DispatchReport total;
    // Terminates: a round that claims rows moves each one to completed, to a later attempt time (bounded by
    // maxAttempts) or to failed. Rows whose lease ran out before they were handled (a lease shorter than a
    // delivery) would be claimed again and again, so a round that only lost leases ends the loop too.
    for (;;) {
        auto round = dispatchOnce();
        if (!round)
            return round.error();
        total += *round;
        if (round->claimed == round->lostLease)
            return total;
    }
}

QString OutboxDispatcher::deliver(const OutboxEntry& entry) const
{
    const OutboxHandler& handler = *m_handlers.constFind(entry.message.topic);
    // A throwing handler must not leave the row processing until its lease runs out, nor unwind through core.
    try {
        const Status status = handler(entry);
        return status ? QString() : status.error().toString();
    } catch (const std::exception& exception) {
        return u"The handler threw an exception: "_s + QString::fromUtf8(exception.what());
    } catch (...) {
        return u"The handler threw an unknown exception."_s;
    }
}

std::chrono::microseconds OutboxDispatcher::backoffCap(int attempts) const
{
    const auto base = std::chrono::duration_cast<std::chrono::microseconds>(m_options.baseBackoff);
    const auto ceiling = std::chrono::duration_cast<std::chrono::microseconds>(m_options.maxBackoff);
    auto cap = base;
    // Doubling stops at the ceiling, so large attempt counts cannot overflow.
    for (int i = 1; i < attempts && cap < ceiling; ++i)
        cap *= 2;
    return std::min(cap, ceiling);
}

std::chrono::microseconds OutboxDispatcher::backoff(int attempts) const
{
    const double fraction = std::clamp(m_options.random(), 0.0, 1.0);
    return std::chrono::microseconds(qint64(fraction * double(backoffCap(attempts).count())));
}

QString OutboxDispatcher::defaultWorkerId()
{
    QString host = QSysInfo::machineHostName();
    if (host.isEmpty())
        host = u"localhost"_s;
    return host + u':' + QString::number(QCoreApplication::applicationPid()) + u':'
        + QString::number(QRandomGenerator::global()->generate(), 16).rightJustified(8, u'0');
}

} // namespace flashback
