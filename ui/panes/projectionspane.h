// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/laghistory.h"
#include "models/requesthandle.h"
#include "readmodels/readmodelstore.h"

#include <QPointer>
#include <QWidget>

#include <chrono>
#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace flashback {

class LagChart;
class LagSeverityProxy;
class ProjectionHost;
class ProjectionLagModel;
class Settings;
class StoreSession;

/// Whether the projections keep up (ARCHITECTURE.md section 5, "Lag"): a row per projection the store knows —
/// state, checkpoint, head, lag in events and in time, throughput, trend, the worker holding its lease, the last
/// error — coloured by thresholds, and the lag of the last minutes on a chart, sampled every second on the
/// worker. A checkpoint that stops moving while events wait shows as stalled. Pause, Resume and Rebuild act on
/// the selected projection (not in a read-only session: the pane says why). A rebuild says what it will do and
/// asks first, then shows its progress, rate and time left from the samples, whoever runs it, with Cancel.
class ProjectionsPane : public QWidget {
    Q_OBJECT
public:
    ProjectionsPane(StoreSession* session, ProjectionHost* host, Settings* settings, QWidget* parent = nullptr);

    ProjectionLagModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    LagChart* chart() const { return m_chart; }
    const LagHistory& history() const { return m_history; }
    QComboBox* unitChoice() const { return m_unit; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* rebuildButton() const { return m_rebuild; }
    QPushButton* cancelRebuildButton() const { return m_cancelRebuild; }
    QProgressBar* rebuildProgress() const { return m_progress; }
    QLabel* rebuildLabel() const { return m_progressLabel; }
    QLabel* status() const { return m_status; }

    /// How often the lag is sampled while a store is open (default: every second).
    void setSampleInterval(std::chrono::milliseconds interval);
    /// How long events may wait on an unmoving checkpoint before the projection shows as stalled (default 10 s).
    void setStalledAfter(std::chrono::milliseconds after);
    /// Samples at once (unless a sample is already on its way).
    void sampleNow();

    /// The projection of the selected row (empty when none).
    QString selectedProjection() const;
    void selectProjection(const QString& name);
    void pauseSelected();
    void resumeSelected();
    /// What rebuilding `name` will do, in the words the confirmation uses.
    QString rebuildPlan(const QString& name) const;
    /// Asks (rebuildPlan) and rebuilds the selected projection.
    void rebuildSelected();
    /// Starts rebuilding `name` without asking (after the confirmation; tests).
    void startRebuild(const QString& name);
    /// Abandons the rebuild shown in the progress row: the current copy stays.
    void cancelRebuild();

Q_SIGNALS:
    /// A sample arrived and every part of the pane shows it.
    void sampled();
    /// A pause or resume was done (`error` empty) or refused.
    void controlled(const QString& projection, const QString& error);

private:
    void storeChanged();
    void receive(Timestamp at, const Result<QList<ProjectionLag>>& lags);
    /// Sends `control`; `done` says what it did from the checkpoint it left (for the line below the chart).
    /// `rebuildAction`: a start or cancel of the rebuild the progress row follows (only those move its phase).
    void control(const QString& name, const ProjectionControl& control,
        std::function<QString(const ProjectionCheckpoint&)> done, bool rebuildAction = false);
    void updateButtons();
    void updateProgress();
    void showStatus();

    QPointer<StoreSession> m_session;
    QPointer<ProjectionHost> m_host;
    QPointer<Settings> m_settings;
    LagHistory m_history;
    ProjectionLagModel* m_model;
    LagSeverityProxy* m_colours;
    QTableView* m_table;
    LagChart* m_chart;
    QComboBox* m_unit;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_rebuild;
    QPushButton* m_cancelRebuild;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QWidget* m_progressRow;
    QLabel* m_status;
    QTimer* m_timer;
    RequestHandle m_sample;
    bool m_sampling = false;
    RequestHandle m_control;
    std::chrono::milliseconds m_stalledAfter {10000};
    QString m_sampleError;
    QString m_controlNote;
    bool m_controlFailed = false;
    /// The rebuild the progress row follows: asked for, started (the store has it), or being cancelled.
    enum class RebuildPhase { None, Requested, Started, Cancelling };
    QString m_rebuilding;
    RebuildPhase m_phase = RebuildPhase::None;
    qint64 m_generationBefore = 0; ///< The copy readers saw when the rebuild started.
};

} // namespace flashback
