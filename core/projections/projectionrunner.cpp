// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectionrunner.h"
#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "store/eventstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

Q_LOGGING_CATEGORY(lcProjections, "flashback.projections")

bool isTransient(const Error& error)
{
    return error.kind == ErrorKind::StoreBusy || error.kind == ErrorKind::StoreUnavailable
        || error.kind == ErrorKind::ConcurrencyConflict;
}

} // namespace

ProjectionRunner::ProjectionRunner(EventStore& store, ProjectionList projections, ProjectionRunnerOptions options)
    : ProjectionRunner(store, std::move(projections), std::move(options), DomainCatalog::builtin())
{ }

ProjectionRunner::ProjectionRunner(
    EventStore& store, ProjectionList projections, ProjectionRunnerOptions options, const DomainCatalog& catalog)
    : m_store(store)
    , m_projections(std::move(projections))
    , m_options(std::move(options))
    , m_catalog(catalog)
{
    m_projections.removeAll(nullptr);
    if (m_options.workerId.isEmpty())
        m_options.workerId = defaultWorkerId();
    m_options.batchSize = std::max<qint64>(1, m_options.batchSize);
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
}

ProjectionRunner::~ProjectionRunner()
{
    releaseLeases();
}

QString ProjectionRunner::defaultWorkerId()
{
    return QSysInfo::machineHostName() + u':' + QString::number(QCoreApplication::applicationPid()) + u':'
        + QString::number(QRandomGenerator::global()->generate(), 16);
}

std::chrono::milliseconds ProjectionRunner::backoffDelay(
    int retry, std::chrono::milliseconds base, std::chrono::milliseconds max, double random01)
{
    // Full jitter (a random wait up to the exponential bound) spreads retries of many workers apart.
    const double bound
        = std::min(double(max.count()), double(base.count()) * std::ldexp(1.0, std::clamp(retry, 1, 62) - 1));
    const double unit = std::clamp(random01, 0.0, 1.0);
    return std::chrono::milliseconds(qint64(std::floor(bound * unit)));
}

void ProjectionRunner::pause(std::chrono::milliseconds delay)
{
    if (m_options.sleep) {
        m_options.sleep(delay);
        return;
    }
    // In slices, so follow()'s stop flag ends a long backoff promptly.
    QElapsedTimer timer;
    timer.start();
    while (!stopRequested() && timer.elapsed() < delay.count())
        QThread::msleep(ulong(std::min<qint64>(50, delay.count() - timer.elapsed())));
}

Result<QList<ProjectionLag>> ProjectionRunner::lag(Timestamp now)
{
    return computeLag(m_store, m_projections, now, m_options.stalledAfter);
}

void ProjectionRunner::releaseLeases()
{
    for (const QString& name : std::as_const(m_leased)) {
        if (auto status = m_store.readModels().releaseLease(name, m_options.workerId); !status)
            qCWarning(lcProjections) << "releasing the lease on" << name << "failed:" << status.error().toString();
    }
    m_leased.clear();
    m_leaseRenewed.clear();
}

Result<RunReport> ProjectionRunner::catchUp()
{
    return runRound(true);
}

Status ProjectionRunner::keepIdleLease(const QString& name)
{
    // Only a follower keeps what it is not working on; a one-off run lets go at its end anyway. Renewed at a
    // third of the lease, so a lease never lapses while its holder lives and an idle worker writes rarely.
    if (!m_stop)
        return {};
    const auto renewed = m_leaseRenewed.constFind(name);
    if (m_leased.contains(name) && renewed != m_leaseRenewed.cend() && renewed->isValid()
        && renewed->elapsed() < m_options.leaseDuration.count() / 3)
        return {};
    auto leased = m_store.readModels().acquireLease(name, m_options.workerId, m_options.leaseDuration);
    if (!leased)
        return leased.error();
    if (*leased) {
        m_leased.insert(name);
        m_leaseRenewed[name].start();
    }
    return {};
}

Result<RunReport> ProjectionRunner::runRound(bool releaseAtEnd)
{
    RunReport run;
    for (const auto& projection : std::as_const(m_projections)) {
        ProjectionRunReport report;
        report.name = projection->name();
        if (auto status = runProjection(*projection, report); !status) {
            releaseLeases(); // let another worker take over at once
            return status.error();
        }
        if (m_options.onProjectionRun)
            m_options.onProjectionRun(report);
        run.projections.append(report);
        if (stopRequested())
            break;
    }
    if (releaseAtEnd)
        releaseLeases();
    return run;
}

Result<ProjectionRunReport> ProjectionRunner::rebuild(const QString& name)
{
    const auto projection = findProjection(m_projections, name);
    if (!projection)
        return Error::notFound(u"ProjectionNotFound"_s, u"This runner has no projection called %1."_s.arg(name));
    if (auto status
        = m_store.readModels().controlProjection(name, ProjectionControl::startRebuild(), projection->schema());
        !status)
        return status.error();
    ProjectionRunReport report;
    report.name = name;
    auto status = runProjection(*projection, report);
    releaseLeases();
    if (!status)
        return status.error();
    return report;
}

Status ProjectionRunner::follow(std::atomic<bool>& stop, std::chrono::milliseconds pollWait)
{
    m_stop = &stop;
    const auto done = [this] {
        releaseLeases();
        m_stop = nullptr;
    };
    // The subscription is only a wake-up: the batches read the log themselves, from their checkpoints. It is
    // created after the first successful round, so a store that is down at the start is waited for too.
    std::unique_ptr<EventSubscription> wake;
    int failures = 0;
    while (!stop.load()) {
        // The head, then a round that takes in at least everything up to it: both fail alike when the store goes
        // away for a while (a server restart, a dropped connection), and both are retried with backoff until it
        // is back. The checkpoints say where each projection was, so nothing is lost or applied twice. The head
        // is read before the round, not after: a commit landing during the round must still wake the next one
        // rather than be skipped as seen and wait for pollWait.
        auto now = m_store.headPosition();
        if (now) {
            if (auto round = runRound(false); !round)
                now = round.error();
        }
        if (!now) {
            if (!isTransient(now.error())) {
                done();
                return now.error();
            }
            ++failures;
            qCWarning(lcProjections).noquote()
                << u"projection round failed (attempt %1), retrying:"_s.arg(failures) << now.error().toString();
            pause(backoffDelay(failures, m_options.baseBackoff, m_options.maxBackoff,
                m_options.random ? m_options.random() : QRandomGenerator::global()->generateDouble()));
            continue;
        }
        if (failures > 0)
            qCInfo(lcProjections) << "store reachable again after" << failures << "failed rounds";
        failures = 0;
        if (stop.load())
            break;
        // Skip the commits this round already took in, then wait for the next one. Far behind (a long round),
        // a fresh subscription is cheaper than reading the skipped events.
        if (!wake || *now - wake->position() > 4 * m_options.batchSize)
            wake = m_store.subscribe(*now);
        while (wake->position() < *now && !stop.load()) {
            // Never past the head the round took in: a commit after it, skipped here, would not wake the wait
            // below (its notification consumed with it) and would sit there for pollWait.
            const qint64 behind = std::min<qint64>(m_options.batchSize, *now - wake->position());
            auto skipped = wake->next(int(behind), std::chrono::milliseconds(0));
            if (!skipped || skipped->isEmpty())
                break;
        }
        if (auto woken = wake->next(1, pollWait); !woken) {
            qCWarning(lcProjections) << "waiting for commits failed:" << woken.error().toString();
            pause(pollWait);
            wake = m_store.subscribe(*now);
        }
    }
    done();
    return {};
}

Status ProjectionRunner::runProjection(Projection& projection, ProjectionRunReport& report)
{
    const QString name = projection.name();
    auto& models = m_store.readModels();
    auto head = m_store.headPosition();
    if (!head)
        return head.error();
    // The head seen at the start is the target, so a run ends even while writers keep writing.
    const qint64 target = *head;
    bool liveExhausted = false;
    bool rebuildExhausted = false;
    for (;;) {
        if (stopRequested()) {
            report.outcome = ProjectionOutcome::Stopped;
            break;
        }
        auto checkpoint = models.checkpoint(name);
        if (!checkpoint)
            return checkpoint.error();
        report.position = checkpoint->position;
        if (checkpoint->paused) {
            report.outcome = ProjectionOutcome::Paused;
            break;
        }
        if (checkpoint->failedPosition) {
            report.outcome = ProjectionOutcome::Failed;
            report.failedPosition = checkpoint->failedPosition;
            report.error = checkpoint->lastError;
            break;
        }
        qint64 generation = checkpoint->generation;
        bool rebuild = false;
        if (liveExhausted || checkpoint->position >= target) {
            if (!checkpoint->rebuildGeneration) {
                report.outcome = ProjectionOutcome::CaughtUp;
                if (auto kept = keepIdleLease(name); !kept)
                    return kept;
                break;
            }
            if (rebuildExhausted || checkpoint->rebuildPosition >= target) {
                // The shadow copy has caught up: swap it in. Events after it are the live copy's from now on.
                if (auto status
                    = models.controlProjection(name, ProjectionControl::finishRebuild(), projection.schema());
                    !status) {
                    auto again = models.checkpoint(name);
                    if (!again)
                        return again.error();
                    if (again->rebuildGeneration)
                        return status;
                    // Someone else swapped it in meanwhile.
                }
                report.rebuildFinished = true;
                liveExhausted = false;
                rebuildExhausted = false;
                qCInfo(lcProjections) << "rebuilt" << name;
                continue;
            }
            generation = *checkpoint->rebuildGeneration;
            rebuild = true;
        }
        auto leased = models.acquireLease(name, m_options.workerId, m_options.leaseDuration);
        if (!leased)
            return leased.error();
        if (!*leased) {
            auto holder = models.checkpoint(name);
            report.outcome = ProjectionOutcome::LeaseHeldElsewhere;
            report.error = holder ? holder->leaseHolder : QString();
            break;
        }
        m_leased.insert(name);
        m_leaseRenewed[name].start();
        const bool mayRest = m_stop && projection.background() && m_options.backgroundRest > 0;
        qint64 headBefore = 0;
        if (mayRest) {
            auto now = m_store.headPosition();
            if (!now)
                return now.error();
            headBefore = *now;
        }
        QElapsedTimer batchTimer;
        batchTimer.start();
        auto step = runBatch(projection, generation, rebuild, report);
        if (!step)
            return step.error();
        if (mayRest && *step == Step::Advanced) {
            if (auto rested = restIfOutrun(headBefore, batchTimer.elapsed()); !rested)
                return rested;
        }
        if (*step == Step::Empty) {
            // Nothing visible after the checkpoint although the head is further: treat it as reached.
            (rebuild ? rebuildExhausted : liveExhausted) = true;
        } else if (*step == Step::Failed) {
            report.outcome = ProjectionOutcome::Failed;
            auto after = models.checkpoint(name);
            if (after)
                report.position = after->position;
            break;
        } else if (*step == Step::Stopped) {
            report.outcome = ProjectionOutcome::Stopped;
            break;
        }
        // Advanced or Conflict (another worker moved the checkpoint): look again.
    }
    return recordThroughput(name, true);
}

Status ProjectionRunner::restIfOutrun(qint64 headBefore, qint64 batchMillis)
{
    auto headAfter = m_store.headPosition();
    if (!headAfter)
        return headAfter.error();
    // Writers that kept up with a whole batch while it ran are busy; fewer mean the machine has room.
    if (*headAfter - headBefore < m_options.batchSize)
        return {};
    const auto rest = std::chrono::milliseconds(qint64(std::ceil(double(batchMillis) * m_options.backgroundRest)));
    pause(std::min<std::chrono::milliseconds>(
        std::max<std::chrono::milliseconds>(rest, std::chrono::milliseconds(1)), std::chrono::seconds(2)));
    return {};
}

ProjectionRunner::Applied ProjectionRunner::apply(Projection& projection, const QList<RecordedEvent>& events,
    qsizetype from, qsizetype to, ReadModelTransaction& writer)
{
    Applied applied;
    for (qsizetype i = from; i < to; ++i) {
        const RecordedEvent& event = events.at(i);
        if (!projection.handles(event))
            continue;
        const DecodedEvent decoded = DecodedEvent::decode(event, m_catalog.upcasters());
        if (auto status = projection.handle(event, decoded, writer); !status) {
            applied.failedIndex = i;
            applied.error = status.error();
            return applied;
        }
        ++applied.handled;
    }
    return applied;
}

Result<ProjectionRunner::Step> ProjectionRunner::runBatch(
    Projection& projection, qint64 generation, bool rebuild, ProjectionRunReport& report)
{
    QElapsedTimer timer;
    timer.start();
    auto tx = m_store.readModels().beginReadModelTransaction(projection.schema(), generation);
    if (!tx)
        return tx.error().kind == ErrorKind::ConcurrencyConflict ? Result<Step>(Step::Conflict) : tx.error();
    const qint64 start = (*tx)->startPosition();
    ReadAllOptions read;
    read.cursor = start;
    read.limit = m_options.batchSize;
    auto events = m_store.readAll(read);
    if (!events)
        return events.error();
    if (events->isEmpty())
        return Step::Empty; // the transaction rolls back: nothing to write
    const Applied applied = apply(projection, *events, 0, events->size(), **tx);
    if (applied.failedIndex < 0) {
        const qint64 end = events->constLast().position;
        if (auto status = (*tx)->commit(end, applied.handled); !status)
            return status.error().kind == ErrorKind::ConcurrencyConflict ? Result<Step>(Step::Conflict)
                                                                         : status.error();
        if (auto status = committed(projection, generation, rebuild, start, end, events->size(), applied.handled,
                timer.nsecsElapsed() / 1000, report);
            !status)
            return status.error();
        return Step::Advanced;
    }
    tx->reset(); // roll back everything the batch wrote
    return recover(projection, generation, rebuild, start, *events, applied, report);
}

Result<ProjectionRunner::Step> ProjectionRunner::recover(Projection& projection, qint64 generation, bool rebuild,
    qint64 start, const QList<RecordedEvent>& events, Applied failure, ProjectionRunReport& report)
{
    auto& models = m_store.readModels();
    // First keep the work before the failing event, in a fresh batch. A handler that fails earlier this time
    // moves the failing event earlier; the loop ends because the prefix shrinks.
    while (failure.failedIndex > 0) {
        QElapsedTimer timer;
        timer.start();
        auto tx = models.beginReadModelTransaction(projection.schema(), generation);
        if (!tx)
            return tx.error().kind == ErrorKind::ConcurrencyConflict ? Result<Step>(Step::Conflict) : tx.error();
        if ((*tx)->startPosition() != start)
            return Step::Conflict;
        const Applied prefix = apply(projection, events, 0, failure.failedIndex, **tx);
        if (prefix.failedIndex >= 0) {
            failure = prefix;
            continue;
        }
        const qint64 end = events.at(failure.failedIndex - 1).position;
        if (auto status = (*tx)->commit(end, prefix.handled); !status)
            return status.error().kind == ErrorKind::ConcurrencyConflict ? Result<Step>(Step::Conflict)
                                                                         : status.error();
        if (auto status = committed(projection, generation, rebuild, start, end, failure.failedIndex, prefix.handled,
                timer.nsecsElapsed() / 1000, report);
            !status)
            return status.error();
        start = end;
        break;
    }

    // Then the failing event alone, with backoff, until it succeeds or the attempts run out.
    const RecordedEvent& failing = events.at(failure.failedIndex);
    Error lastError = failure.error.value_or(Error::internal(u"The projection failed without an error."_s));
    qCWarning(lcProjections).noquote() << u"%1 failed at position %2: %3"_s.arg(
        projection.name(), QString::number(failing.position), lastError.toString());
    for (int attempt = 2; attempt <= m_options.maxAttempts; ++attempt) {
        ++report.retries;
        pause(backoffDelay(attempt - 1, m_options.baseBackoff, m_options.maxBackoff,
            m_options.random ? m_options.random() : QRandomGenerator::global()->generateDouble()));
        if (stopRequested())
            return Step::Stopped; // not marked failed: the next run tries again
        // The backoff may outlast the lease: renew it, and give up the event to its new holder otherwise.
        auto leased = models.acquireLease(projection.name(), m_options.workerId, m_options.leaseDuration);
        if (!leased)
            return leased.error();
        if (!*leased)
            return Step::Conflict;
        QElapsedTimer timer;
        timer.start();
        auto tx = models.beginReadModelTransaction(projection.schema(), generation);
        if (!tx)
            return tx.error().kind == ErrorKind::ConcurrencyConflict ? Result<Step>(Step::Conflict) : tx.error();
        if ((*tx)->startPosition() != start)
            return Step::Conflict;
        const Applied single = apply(projection, events, failure.failedIndex, failure.failedIndex + 1, **tx);
        if (single.failedIndex < 0) {
            if (auto status = (*tx)->commit(failing.position, single.handled); !status)
                return status.error().kind == ErrorKind::ConcurrencyConflict ? Result<Step>(Step::Conflict)
                                                                             : status.error();
            qCInfo(lcProjections).noquote() << u"%1 recovered at position %2 after %3 attempts"_s.arg(
                projection.name(), QString::number(failing.position), QString::number(attempt));
            if (auto status = committed(projection, generation, rebuild, start, failing.position, 1, single.handled,
                    timer.nsecsElapsed() / 1000, report);
                !status)
                return status.error();
            return Step::Advanced;
        }
        lastError = single.error.value_or(lastError);
    }

    // Out of attempts: stop right before the event, never past it, and say why.
    auto checkpoint = models.checkpoint(projection.name());
    if (!checkpoint)
        return checkpoint.error();
    if ((rebuild ? checkpoint->rebuildPosition : checkpoint->position) != start)
        return Step::Conflict;
    const QString message = lastError.toString();
    if (auto status = models.controlProjection(
            projection.name(), ProjectionControl::markFailed(failing.position, message), projection.schema());
        !status)
        return status.error();
    qCWarning(lcProjections).noquote() << u"%1 marked failed at position %2 after %3 attempts: %4"_s.arg(
        projection.name(), QString::number(failing.position), QString::number(m_options.maxAttempts), message);
    report.failedPosition = failing.position;
    report.error = message;
    return Step::Failed;
}

Status ProjectionRunner::committed(Projection& projection, qint64 generation, bool rebuild, qint64 from, qint64 to,
    qint64 scanned, qint64 handled, qint64 elapsedMicros, ProjectionRunReport& report)
{
    ++report.batches;
    report.eventsScanned += scanned;
    report.eventsHandled += handled;
    if (!rebuild)
        report.position = to;
    m_throughput[projection.name()].add(scanned, elapsedMicros);
    if (m_options.onBatch)
        m_options.onBatch(BatchReport {projection.name(), generation, rebuild, from, to, scanned, handled});
    return recordThroughput(projection.name(), false);
}

Status ProjectionRunner::recordThroughput(const QString& name, bool force)
{
    auto it = m_throughput.find(name);
    if (it == m_throughput.end() || !it->due(force))
        return {};
    return m_store.readModels().recordThroughput(name, it->take());
}

} // namespace flashback
