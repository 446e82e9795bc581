// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectionspane.h"

#include "models/projectionhost.h"
#include "models/projectionlagmodel.h"
#include "models/storesession.h"
#include "models/timeformat.h"
#include "projections/builtinprojections.h"
#include "settings.h"
#include "util/humanduration.h"
#include "widgets/lagchart.h"
#include "widgets/lagseverityproxy.h"
#include "widgets/recordtableview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

ProjectionsPane::ProjectionsPane(StoreSession* session, ProjectionHost* host, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_host(host)
    , m_settings(settings)
    , m_model(new ProjectionLagModel(this))
    , m_colours(new LagSeverityProxy(this))
    , m_table(new RecordTableView(this))
    , m_chart(new LagChart(this))
    , m_unit(new QComboBox(this))
    , m_pause(new QPushButton(u"&Pause"_s, this))
    , m_resume(new QPushButton(u"&Resume"_s, this))
    , m_rebuild(new QPushButton(u"Re&build\u2026"_s, this))
    , m_cancelRebuild(new QPushButton(u"Cancel Rebuild"_s, this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_progressRow(new QWidget(this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    m_colours->setSourceModel(m_model);
    m_table->setModel(m_colours);
    m_table->setAccessibleName(u"Projections"_s);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ProjectionLagModel::ErrorColumn, QHeaderView::Stretch);
    m_unit->addItem(u"Events"_s, int(LagChart::Unit::Events));
    m_unit->addItem(u"Time"_s, int(LagChart::Unit::Time));
    m_unit->setAccessibleName(u"Chart unit"_s);
    m_pause->setToolTip(u"Stop the selected projection before its next batch; events wait until it is resumed"_s);
    m_resume->setToolTip(u"Let the selected projection go on (a failed one retries its failing event)"_s);
    m_rebuild->setToolTip(u"Build the selected projection again from the first event, beside the current copy"_s);
    m_cancelRebuild->setToolTip(u"Abandon the rebuild: the new copy is dropped, the current one stays"_s);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(true);
    m_progress->setAccessibleName(u"Rebuild progress"_s);
    m_progressLabel->setAccessibleName(u"Rebuild"_s);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(u"Projections status"_s);
    m_status->setTextFormat(Qt::RichText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_model->setUtc(settings->utc());
    if (host)
        m_model->setOwnWorker(host->workerId());

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_pause);
    controls->addWidget(m_resume);
    controls->addWidget(m_rebuild);
    controls->addStretch(1);

    auto* progressRow = new QHBoxLayout(m_progressRow);
    progressRow->setContentsMargins(0, 0, 0, 0);
    progressRow->addWidget(m_progressLabel, 2);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelRebuild);
    m_progressRow->hide();

    // Side by side: the pane usually shares the bottom of the window, wide and low.
    auto* chartColumn = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartColumn);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    auto* unitRow = new QHBoxLayout;
    unitRow->addWidget(new QLabel(u"Lag in"_s, chartColumn));
    unitRow->addWidget(m_unit);
    unitRow->addStretch(1);
    chartLayout->addLayout(unitRow);
    chartLayout->addWidget(m_chart, 1);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(chartColumn);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_progressRow);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &ProjectionsPane::sampleNow);
    connect(m_pause, &QPushButton::clicked, this, &ProjectionsPane::pauseSelected);
    connect(m_resume, &QPushButton::clicked, this, &ProjectionsPane::resumeSelected);
    connect(m_rebuild, &QPushButton::clicked, this, &ProjectionsPane::rebuildSelected);
    connect(m_cancelRebuild, &QPushButton::clicked, this, &ProjectionsPane::cancelRebuild);
    connect(m_unit, &QComboBox::currentIndexChanged, this, [this] {
        m_chart->setUnit(LagChart::Unit(m_unit->currentData().toInt()));
        m_chart->showHistory(m_history);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ProjectionsPane::updateButtons);
    connect(session, &StoreSession::opened, this, &ProjectionsPane::storeChanged);
    connect(session, &StoreSession::stateChanged, this, [this](ConnectionState state) {
        if (state == ConnectionState::Closed || state == ConnectionState::Failed)
            storeChanged();
        else
            updateButtons();
    });
    connect(settings, &Settings::utcChanged, m_model, &ProjectionLagModel::setUtc);
    connect(settings, &Settings::utcChanged, this, &ProjectionsPane::showStatus);
    if (host) {
        connect(host, &ProjectionHost::runningChanged, this, &ProjectionsPane::showStatus);
        connect(host, &ProjectionHost::heldElsewhereChanged, this, &ProjectionsPane::showStatus);
        connect(host, &ProjectionHost::problemChanged, this, &ProjectionsPane::showStatus);
    }
    storeChanged();
}

void ProjectionsPane::setSampleInterval(std::chrono::milliseconds interval)
{
    m_timer->setInterval(int(interval.count()));
}

void ProjectionsPane::setStalledAfter(std::chrono::milliseconds after)
{
    m_stalledAfter = after;
}

void ProjectionsPane::storeChanged()
{
    m_sample.cancel();
    m_control.cancel();
    m_sampling = false;
    m_history.clear();
    m_model->clear();
    m_chart->clear();
    m_sampleError.clear();
    m_controlNote.clear();
    m_controlFailed = false;
    m_rebuilding.clear();
    m_phase = RebuildPhase::None;
    m_progressRow->hide();
    if (m_session && m_session->isOpen()) {
        m_timer->start();
        sampleNow();
    } else {
        m_timer->stop();
    }
    updateButtons();
    showStatus();
}

void ProjectionsPane::sampleNow()
{
    if (m_sampling || !m_session || !m_session->isOpen())
        return;
    m_sampling = true;
    const Timestamp at = Timestamp::now();
    m_sample = m_session->projectionLag(
        this, m_stalledAfter, [this, at](const Result<QList<ProjectionLag>>& lags) { receive(at, lags); });
}

void ProjectionsPane::receive(Timestamp at, const Result<QList<ProjectionLag>>& lags)
{
    m_sampling = false;
    if (!lags) {
        // Keep the last sample on screen; the line below says it is not current.
        m_sampleError = lags.error().message;
        showStatus();
        return;
    }
    m_sampleError.clear();
    const QString selected = selectedProjection();
    // When the worker measured it, not when it was asked: a sample that waited behind a long read would
    // otherwise stretch every rate taken from it.
    m_history.add(lags->isEmpty() ? at : lags->constFirst().measuredAt, *lags);
    m_model->setLags(*lags, m_history);
    m_chart->showHistory(m_history);
    if (selected.isEmpty() && m_model->rowCount() > 0 && !m_table->selectionModel()->hasSelection())
        selectProjection(m_model->lags().constFirst().name);
    updateProgress();
    updateButtons();
    showStatus();
    Q_EMIT sampled();
}

QString ProjectionsPane::selectedProjection() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.constFirst().data(ProjectionLagModel::NameRole).toString();
}

void ProjectionsPane::selectProjection(const QString& name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        return;
    m_table->selectRow(row);
}

void ProjectionsPane::pauseSelected()
{
    const QString name = selectedProjection();
    if (!name.isEmpty())
        control(name, ProjectionControl::pause(), [name](const ProjectionCheckpoint& checkpoint) {
            return u"Paused %1 at position %2."_s.arg(name, QLocale().toString(checkpoint.position));
        });
}

void ProjectionsPane::resumeSelected()
{
    const QString name = selectedProjection();
    if (!name.isEmpty())
        control(name, ProjectionControl::resume(), [name](const ProjectionCheckpoint& checkpoint) {
            return u"Resumed %1 at position %2."_s.arg(name, QLocale().toString(checkpoint.position));
        });
}

QString ProjectionsPane::rebuildPlan(const QString& name) const
{
    const ProjectionLag* lag = m_model->lag(m_model->rowOf(name));
    const qint64 head = lag ? lag->headPosition : (m_session ? m_session->headPosition() : 0);
    QString plan = u"Replays %1 events into %2; the current copy stays readable until the new one has caught "
                   u"up, then the new one takes its place."_s.arg(QLocale().toString(head), name);
    const QString holder = lag ? lag->leaseHolder : QString();
    if (m_host && m_host->isRunning() && (holder.isEmpty() || holder == m_host->workerId()))
        plan += u" This window runs it."_s;
    else if (!holder.isEmpty())
        plan += u" %1, which holds its lease, runs it."_s.arg(holder);
    else
        plan += u" No worker runs %1 now: the rebuild waits for one (flashback-cli project --follow)."_s.arg(name);
    return plan;
}

void ProjectionsPane::rebuildSelected()
{
    const QString name = selectedProjection();
    if (name.isEmpty() || !builtinProjection(name))
        return;
    const auto answer = QMessageBox::question(this, u"Rebuild %1"_s.arg(name),
        u"Rebuild %1 from the first event?\n\n%2"_s.arg(name, rebuildPlan(name)),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        startRebuild(name);
}

void ProjectionsPane::startRebuild(const QString& name)
{
    if (!builtinProjection(name) || m_phase != RebuildPhase::None)
        return;
    m_rebuilding = name;
    m_phase = RebuildPhase::Requested;
    control(
        name, ProjectionControl::startRebuild(),
        [this, name](const ProjectionCheckpoint& checkpoint) {
            m_phase = RebuildPhase::Started;
            m_generationBefore = checkpoint.generation;
            return u"Rebuilding %1; readers see the current copy until the new one (dashed on the chart) takes its place."_s
                .arg(name);
        },
        true);
    updateProgress();
}

void ProjectionsPane::cancelRebuild()
{
    if (m_phase != RebuildPhase::Started)
        return;
    m_phase = RebuildPhase::Cancelling;
    const QString name = m_rebuilding;
    control(
        name, ProjectionControl::cancelRebuild(),
        [name](const ProjectionCheckpoint& checkpoint) {
            return u"Cancelled the rebuild of %1; the current copy stays, at position %2."_s.arg(
                name, QLocale().toString(checkpoint.position));
        },
        true);
    updateProgress();
}

void ProjectionsPane::updateProgress()
{
    const ProjectionLag* lag = m_model->lag(m_model->rowOf(m_rebuilding));
    if (m_phase == RebuildPhase::None || !lag) {
        m_progressRow->hide();
        return;
    }
    const QLocale locale;
    if (!lag->rebuildPosition && m_phase != RebuildPhase::Requested) {
        // A sample taken after the store had the rebuild no longer shows it: it was swapped in (a small
        // projection can finish between two samples) or cancelled.
        if (m_phase == RebuildPhase::Started) {
            // Swapped in only if readers see a newer copy; otherwise someone cancelled it (the CLI, a window).
            m_controlNote = lag->generation > m_generationBefore
                ? u"Rebuilt %1: the new copy is in use, at position %2."_s.arg(
                    m_rebuilding, locale.toString(lag->checkpointPosition))
                : u"The rebuild of %1 was cancelled elsewhere; readers keep the current copy."_s.arg(m_rebuilding);
            m_controlFailed = false;
        }
        m_rebuilding.clear();
        m_phase = RebuildPhase::None;
        m_progressRow->hide();
        return;
    }
    const qint64 position = lag->rebuildPosition.value_or(0);
    const qint64 head = std::max<qint64>(1, lag->headPosition);
    m_progress->setValue(int(std::min<qint64>(1000, position * 1000 / head)));
    m_progress->setFormat(u"%1 %"_s.arg(std::min<qint64>(100, position * 100 / head)));
    QString text
        = u"Rebuilding %1: at position %2 of %3"_s.arg(m_rebuilding, locale.toString(position), locale.toString(head));
    if (const auto rate = m_history.rebuildRate(m_rebuilding); rate && *rate > 0) {
        const auto left = std::chrono::microseconds(qint64(double(head - position) / *rate * 1e6));
        text += u", %1 events/s, about %2 left"_s.arg(locale.toString(qint64(*rate + 0.5)), humanDuration(left));
    } else if (lag->state == ProjectionState::Paused) {
        text += u" (paused)"_s;
    } else if (lag->leaseHolder.isEmpty()) {
        text += u", waiting for a worker"_s;
    }
    m_progressLabel->setText(text + u'.');
    m_cancelRebuild->setEnabled(m_phase == RebuildPhase::Started);
    m_progressRow->show();
}

void ProjectionsPane::control(const QString& name, const ProjectionControl& control,
    std::function<QString(const ProjectionCheckpoint&)> done, bool rebuildAction)
{
    if (!m_session || !m_session->isOpen())
        return;
    const auto refused = [this, name, rebuildAction](const QString& why) {
        m_controlNote = why;
        m_controlFailed = true;
        // Only a refused start or cancel moves the rebuild row back; a refused pause or resume just says so.
        if (rebuildAction && m_phase == RebuildPhase::Requested) {
            m_phase = RebuildPhase::None;
            m_rebuilding.clear();
        } else if (rebuildAction && m_phase == RebuildPhase::Cancelling) {
            m_phase = RebuildPhase::Started;
        }
        updateProgress();
        updateButtons();
        showStatus();
        Q_EMIT controlled(name, why);
    };
    if (m_session->store().readOnly) {
        refused(u"Not done: this session is read-only."_s);
        return;
    }
    m_control = m_session->controlProjection(this, name, control,
        [this, name, refused, done = std::move(done)](const Result<ProjectionCheckpoint>& checkpoint) {
            if (!checkpoint) {
                refused(u"%1 could not be changed: %2"_s.arg(name, checkpoint.error().message));
                return;
            }
            m_controlNote = done(*checkpoint);
            m_controlFailed = false;
            sampleNow();
            updateButtons();
            showStatus();
            Q_EMIT controlled(name, QString());
        });
}

void ProjectionsPane::updateButtons()
{
    const bool open = m_session && m_session->isOpen();
    const bool writable = open && !m_session->store().readOnly;
    const ProjectionLag* lag = m_model->lag(m_model->rowOf(selectedProjection()));
    const bool paused = lag && lag->state == ProjectionState::Paused;
    const bool failed = lag && lag->state == ProjectionState::Failed;
    m_pause->setEnabled(writable && lag && !paused);
    m_resume->setEnabled(writable && lag && (paused || failed));
    m_rebuild->setEnabled(
        writable && lag && builtinProjection(lag->name) && !lag->rebuildPosition && m_phase == RebuildPhase::None);
    const QString why = !open ? u"No store is open"_s
        : !writable ? u"This session is read-only: open the store again without \u201cRead-only session\u201d"_s
                    : QString();
    for (QPushButton* button : {m_pause, m_resume, m_rebuild})
        button->setStatusTip(why);
}

void ProjectionsPane::showStatus()
{
    QStringList parts;
    if (!m_session || !m_session->isOpen()) {
        m_status->setText(u"Open a store to see its projections."_s);
        return;
    }
    const bool utc = m_settings && m_settings->utc();
    if (const auto latest = m_history.latest()) {
        parts.append(
            u"%1 projections, head %2, sampled every %3 s, last at %4."_s.arg(m_model->rowCount())
                .arg(QLocale().toString(m_model->lags().isEmpty() ? 0 : m_model->lags().constFirst().headPosition))
                .arg(m_timer->interval() / 1000.0)
                .arg(formatTime(latest->micros(), utc)));
    } else {
        parts.append(u"Sampling…"_s);
    }
    if (!m_sampleError.isEmpty())
        parts.append(u"<b>Not current:</b> %1"_s.arg(m_sampleError.toHtmlEscaped()));
    if (m_session->store().readOnly)
        parts.append(u"Read-only session: pause, resume and rebuild are off."_s);
    if (m_host) {
        if (m_host->isRunning()) {
            parts.append(u"This window runs the projections and the outbox."_s);
            for (auto held = m_host->heldElsewhere().cbegin(); held != m_host->heldElsewhere().cend(); ++held)
                parts.append(u"%1 is run by %2, so the window leaves it alone."_s.arg(held.key(), held.value()));
            if (!m_host->problem().isEmpty())
                parts.append(u"<b>They stopped:</b> %1"_s.arg(m_host->problem().toHtmlEscaped()));
        } else if (const QString why = m_host->whyNotRunning(); !why.isEmpty()) {
            parts.append(why.toHtmlEscaped());
        }
    }
    if (!m_controlNote.isEmpty()) {
        parts.append(m_controlFailed ? u"<span style=\"color:#c62828\">%1</span>"_s.arg(m_controlNote.toHtmlEscaped())
                                     : m_controlNote.toHtmlEscaped());
    }
    m_status->setText(parts.join(u' '));
}

} // namespace flashback
