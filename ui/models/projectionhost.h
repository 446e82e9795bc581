// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projections/builtinprojections.h"
#include "storeworker.h"

#include <QPointer>

#include <QHash>
#include <QObject>
#include <QString>

#include <atomic>
#include <thread>

namespace flashback {

/// Runs the built-in projections and the outbox deliveries for the window's store in the background, as
/// `flashback-cli project --follow` would: three threads with connections of their own (the GUI thread and the
/// session's worker never wait for them), one for the projections readers rely on (`users`, `audit_log`), one
/// for the background ones (`search_index`, which lets busy writers go first and must not hold the others up),
/// one for the outbox. The runner takes a lease per projection, so when another process
/// holds one (a `project --follow` elsewhere) this host leaves that projection alone and says who has it; a
/// rebuild asked for anywhere (ProjectionControl::startRebuild) is carried on by whichever runner holds the lease.
class StoreSession;

class ProjectionHost : public QObject {
    Q_OBJECT
public:
    explicit ProjectionHost(QObject* parent = nullptr);
    ~ProjectionHost() override;

    /// Follows `session`: runs while it has a writable SQLite store open and the host is enabled. A team's
    /// PostgreSQL store has its workers (`flashback-cli project --follow` on a server); the window only watches.
    void attach(StoreSession* session);
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    /// Why the host does not run for the open store, in a sentence (empty while it runs or when no store is open).
    QString whyNotRunning() const;

    /// Starts running against the store `factory` opens (called on the host's threads); stops what ran before.
    void start(StoreFactory factory);
    /// Stops the threads and waits for them: the current batch commits or rolls back, the leases are released.
    void stop();
    bool isRunning() const { return m_projections.joinable(); }
    /// The name this window's runner holds leases under ("flashback-window:host:pid:random").
    const QString& workerId() const { return m_workerId; }
    /// The projections another worker holds the lease of, with the holder, as last seen by the runner.
    const QHash<QString, QString>& heldElsewhere() const { return m_heldElsewhere; }
    /// Why the host is not running although it was started (the store refused, a non-transient error); empty
    /// while it runs.
    const QString& problem() const { return m_problem; }

Q_SIGNALS:
    void runningChanged(bool running);
    void heldElsewhereChanged();
    void problemChanged(const QString& problem);

private:
    void update();
    void runProjections(StoreFactory factory, quint64 run, const ProjectionList& projections);
    void runOutbox(StoreFactory factory);
    void waitStoppable(int milliseconds);
    void report(quint64 run, const QString& problem);

    QPointer<StoreSession> m_session;
    bool m_enabled = true;
    QString m_workerId;
    std::thread m_projections;
    std::thread m_background;
    std::thread m_outbox;
    std::atomic<bool> m_stop {false};
    QHash<QString, QString> m_heldElsewhere; ///< GUI thread only.
    QString m_problem; ///< GUI thread only.
    /// Which start() the threads' messages belong to; GUI thread only. stop() moves it on, so what a stopped
    /// run posted is dropped.
    quint64 m_run = 0;
};

} // namespace flashback
