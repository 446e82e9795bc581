// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectionhost.h"

#include "outbox/outboxworker.h"
#include "projections/builtinprojections.h"
#include "projections/projectionrunner.h"
#include "store/eventstore.h"
#include "storesession.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QSignalBlocker>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
Q_LOGGING_CATEGORY(lcHost, "flashback.ui.projections")
} // namespace

ProjectionHost::ProjectionHost(QObject* parent)
    : QObject(parent)
    , m_workerId(u"flashback-window:"_s + ProjectionRunner::defaultWorkerId())
{ }

ProjectionHost::~ProjectionHost()
{
    // Nobody is told: the window is going away, and its panes may already be gone.
    const QSignalBlocker quiet(this);
    stop();
}

void ProjectionHost::attach(StoreSession* session)
{
    m_session = session;
    connect(session, &StoreSession::opened, this, &ProjectionHost::update);
    connect(session, &StoreSession::stateChanged, this, [this](ConnectionState state) {
        if (state == ConnectionState::Closed || state == ConnectionState::Failed || state == ConnectionState::Opening)
            stop();
    });
    update();
}

void ProjectionHost::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    update();
}

QString ProjectionHost::whyNotRunning() const
{
    if (!m_session || !m_session->isOpen() || isRunning())
        return {};
    const OpenedStore& store = m_session->store();
    if (store.backend != u"SQLite"_s)
        return u"The window does not run the projections of a %1 store: its workers do (flashback-cli project "
               u"--follow)."_s.arg(store.backend);
    if (store.readOnly)
        return u"This session is read-only, so the window does not run the projections."_s;
    if (!m_enabled)
        return u"The window does not run the projections (Operate \u2192 Run Projections in the Window)."_s;
    return {};
}

void ProjectionHost::update()
{
    const bool run = m_enabled && m_session && m_session->isOpen() && m_session->store().backend == u"SQLite"_s
        && !m_session->store().readOnly && m_session->factory();
    if (!run) {
        stop();
        return;
    }
    if (!isRunning())
        start(m_session->factory());
}

void ProjectionHost::start(StoreFactory factory)
{
    stop();
    m_stop = false;
    const quint64 run = ++m_run;
    const ProjectionList all = builtinProjections();
    m_projections = std::thread(
        [this, factory, run, chosen = projectionsWhere(all, false)] { runProjections(factory, run, chosen); });
    m_background = std::thread(
        [this, factory, run, chosen = projectionsWhere(all, true)] { runProjections(factory, run, chosen); });
    m_outbox = std::thread([this, factory] { runOutbox(factory); });
    Q_EMIT runningChanged(true);
}

void ProjectionHost::stop()
{
    if (!m_projections.joinable() && !m_background.joinable() && !m_outbox.joinable())
        return;
    m_stop = true;
    for (std::thread* thread : {&m_projections, &m_background, &m_outbox}) {
        if (thread->joinable())
            thread->join();
    }
    // What the threads posted before they ended is still queued: a new run number makes it stale.
    ++m_run;
    m_heldElsewhere.clear();
    m_problem.clear();
    Q_EMIT runningChanged(false);
}

void ProjectionHost::waitStoppable(int milliseconds)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_stop && timer.elapsed() < milliseconds)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min<qint64>(50, milliseconds - timer.elapsed())));
}

void ProjectionHost::report(quint64 run, const QString& problem)
{
    QMetaObject::invokeMethod(
        this,
        [this, run, problem] {
            if (run != m_run || m_problem == problem)
                return;
            m_problem = problem;
            Q_EMIT problemChanged(problem);
        },
        Qt::QueuedConnection);
}

void ProjectionHost::runProjections(StoreFactory factory, quint64 run, const ProjectionList& projections)
{
    if (projections.isEmpty())
        return;
    int failures = 0;
    // This thread's projections, kept across reconnections, so one no longer held elsewhere is reported as such.
    auto held = std::make_shared<QHash<QString, QString>>();
    while (!m_stop) {
        auto store = factory();
        if (!store) {
            report(run, store.error().message);
            waitStoppable(int(std::min<qint64>(15000, 250LL << std::min(++failures, 6))));
            continue;
        }
        ProjectionRunnerOptions options;
        options.workerId = m_workerId;
        // Only changes are sent to the GUI thread: the runner reports every projection every round.
        options.onProjectionRun = [this, held, run](const ProjectionRunReport& report) {
            const QString holder = report.outcome == ProjectionOutcome::LeaseHeldElsewhere ? report.error : QString();
            if (held->value(report.name) == holder)
                return;
            if (holder.isEmpty())
                held->remove(report.name);
            else
                held->insert(report.name, holder);
            // Only this projection's change: the other thread reports its own.
            QMetaObject::invokeMethod(
                this,
                [this, run, name = report.name, holder] {
                    if (run != m_run)
                        return;
                    if (holder.isEmpty())
                        m_heldElsewhere.remove(name);
                    else
                        m_heldElsewhere.insert(name, holder);
                    Q_EMIT heldElsewhereChanged();
                },
                Qt::QueuedConnection);
        };
        ProjectionRunner runner(**store, projections, options);
        report(run, {});
        failures = 0;
        const Status followed = runner.follow(m_stop);
        if (followed || m_stop)
            return;
        // follow() rides out busy and unavailable stores itself; anything else is said, then tried again later.
        qCWarning(lcHost).noquote() << "the window's projections stopped:" << followed.error().toString();
        report(run, followed.error().message);
        waitStoppable(int(std::min<qint64>(15000, 250LL << std::min(++failures, 6))));
    }
}

void ProjectionHost::runOutbox(StoreFactory factory)
{
    std::unique_ptr<EventStore> store;
    std::unique_ptr<OutboxWorker> outbox;
    while (!m_stop) {
        if (!store) {
            if (auto opened = factory()) {
                store = std::move(*opened);
                // Only the topics the window handles: rows meant for a team's own dispatchers are theirs.
                outbox = std::make_unique<OutboxWorker>(*store, m_workerId, true);
            }
        }
        // Round by round, so that stop() (which the GUI thread waits for) never waits for a long queue.
        while (outbox && !m_stop) {
            auto round = outbox->dispatchOnce();
            if (!round) {
                qCInfo(lcHost).noquote() << "outbox delivery failed, trying again:" << round.error().toString();
                if (round.error().kind == ErrorKind::StoreUnavailable) {
                    outbox.reset(); // a new connection next round
                    store.reset();
                }
                break;
            }
            if (round->claimed == 0)
                break;
        }
        waitStoppable(1000);
    }
}

} // namespace flashback
