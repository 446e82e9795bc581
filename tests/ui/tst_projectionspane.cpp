// SPDX-License-Identifier: GPL-3.0-or-later
// The Projections pane in the real window, offscreen, against a real demo store on SQLite and on PostgreSQL
// (FLASHBACK_TEST_BACKEND): a row per projection with its state — caught up, stalled (the demo leaves `users`
// behind and nothing runs it), failed (a projection made to fail by a real runner), paused — pause and resume
// from the pane reaching the store, the lag chart drawing each projection, and a read-only session that
// cannot pause.

#include "demowindowtest.h"
#include "eventscript.h"
#include "models/projectionhost.h"
#include "models/projectionlagmodel.h"
#include "panes/projectionspane.h"
#include "projections/projectionrunner.h"
#include "projectiontestkit.h"
#include "store/storeopener.h"
#include "widgets/lagchart.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QUuid>
#include <QValueAxis>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace std::chrono_literals;

class ProjectionsPaneTest : public test::DemoWindowTest {
    Q_OBJECT

    /// `count` events of a type no projection minds, in a stream of their own.
    static bool appendFiller(EventStore& store, int count)
    {
        QList<NewEvent> filler;
        for (int i = 0; i < count; ++i)
            filler.append(test::makeEvent(u"THING_HAPPENED"_s, {{u"n"_s, i}}));
        return store
            .append(u"filler-%1"_s.arg(QUuid::createUuid().toString(QUuid::WithoutBraces)), u"Thing"_s,
                ExpectedRevision::any(), filler)
            .ok();
    }

    ProjectionsPane* paneOf(MainWindow& window)
    {
        window.actions()->projections->trigger();
        ProjectionsPane* pane = window.projectionsPane();
        pane->setStalledAfter(0ms); // waiting events on an unmoving checkpoint: stalled at once
        return pane;
    }

    /// Samples until `done` holds for the pane (each sample is a real round trip to the worker).
    static bool sampleUntil(ProjectionsPane* pane, const std::function<bool()>& done)
    {
        return QTest::qWaitFor(
            [&] {
                if (done())
                    return true;
                pane->sampleNow();
                return false;
            },
            Deadline);
    }

    static const ProjectionLag* rowOf(ProjectionsPane* pane, const QString& name)
    {
        return pane->model()->lag(pane->model()->rowOf(name));
    }

    static QString stateOf(ProjectionsPane* pane, const QString& name)
    {
        const ProjectionLag* lag = rowOf(pane, name);
        return lag ? projectionStateName(lag->state) : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeDemoStore()); }

    void everyProjectionHasARowWithItsState()
    {
        auto w = openWindow({}, false);
        QVERIFY(w);
        ProjectionsPane* pane = paneOf(w->window);
        QAbstractItemModelTester model(pane->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester coloured(
            pane->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(sampleUntil(pane, [&] { return stateOf(pane, u"users"_s) == u"stalled"_s; }));
        // The demo leaves Sara's rename unseen by `users`, and nothing runs it: stalled, never healthy.
        const ProjectionLag* users = rowOf(pane, u"users"_s);
        QVERIFY(users->lagEvents >= 1);
        QVERIFY(users->checkpointPosition < m_demo.renamePosition);
        const int row = pane->model()->rowOf(u"users"_s);
        QCOMPARE(
            pane->model()->index(row, 0).data(ProjectionLagModel::SeverityRole).toInt(), int(LagSeverity::Critical));
        QVERIFY(pane->table()->model()->index(row, ProjectionLagModel::StateColumn).data(Qt::BackgroundRole).isValid());
        QCOMPARE(stateOf(pane, u"audit_log"_s), u"caught up"_s);
        QCOMPARE(stateOf(pane, u"search_index"_s), u"caught up"_s);
        QCOMPARE(pane->model()->rowOf(u"mailbox"_s), -1); // the outbox's sink has a checkpoint row, but follows nothing
        QCOMPARE(rowOf(pane, u"audit_log"_s)->headPosition, users->headPosition);
        QVERIFY2(pane->status()->text().contains(u"projections, head"_s), qPrintable(pane->status()->text()));
    }

    void aProjectionMadeToFailShowsItsErrorUntilResumed()
    {
        auto store = observer();
        QVERIFY(store);
        const qint64 head = store->headPosition().value();
        auto flaky = std::make_shared<test::FlakyProjection>(head, 1000);
        ProjectionRunnerOptions options;
        options.maxAttempts = 2;
        options.sleep = [](std::chrono::milliseconds) {};
        options.workerId = u"test-runner"_s;
        ProjectionRunner runner(*store, {flaky}, options);
        QVERIFY(runner.catchUp().ok());
        QVERIFY(store->readModels().checkpoint(u"flaky"_s)->failedPosition.has_value());

        auto w = openWindow({}, false);
        QVERIFY(w);
        ProjectionsPane* pane = paneOf(w->window);
        QVERIFY(sampleUntil(pane, [&] { return stateOf(pane, u"flaky"_s) == u"failed"_s; }));
        const int row = pane->model()->rowOf(u"flaky"_s);
        const QString error = pane->model()->index(row, ProjectionLagModel::ErrorColumn).data().toString();
        QVERIFY2(error.contains(u"flaky failure at %1"_s.arg(head)), qPrintable(error));
        QCOMPARE(
            pane->model()->index(row, 0).data(ProjectionLagModel::SeverityRole).toInt(), int(LagSeverity::Critical));

        pane->selectProjection(u"flaky"_s);
        QCOMPARE(pane->selectedProjection(), u"flaky"_s);
        QVERIFY(pane->resumeButton()->isEnabled());
        QSignalSpy controlled(pane, &ProjectionsPane::controlled);
        pane->resumeButton()->click();
        QVERIFY(controlled.wait(Deadline));
        QCOMPARE(controlled.constFirst().at(1).toString(), QString());
        QVERIFY(!store->readModels().checkpoint(u"flaky"_s)->failedPosition.has_value());
        // Resumed, but no runner takes it on: the event still waits, so it is stalled, not caught up.
        QVERIFY(sampleUntil(pane, [&] { return stateOf(pane, u"flaky"_s) == u"stalled"_s; }));
    }

    void pauseAndResumeFromThePaneReachTheStore()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        ProjectionsPane* pane = paneOf(w->window);
        QVERIFY(sampleUntil(pane, [&] { return rowOf(pane, u"audit_log"_s) != nullptr; }));
        pane->selectProjection(u"audit_log"_s);
        QVERIFY(pane->pauseButton()->isEnabled());
        QVERIFY(!pane->resumeButton()->isEnabled());
        QSignalSpy controlled(pane, &ProjectionsPane::controlled);
        pane->pauseButton()->click();
        QVERIFY(controlled.wait(Deadline));
        QVERIFY(store->readModels().checkpoint(u"audit_log"_s)->paused);
        QVERIFY(sampleUntil(pane, [&] { return stateOf(pane, u"audit_log"_s) == u"paused"_s; }));
        QCOMPARE(pane->selectedProjection(), u"audit_log"_s); // the selection survives every sample
        QVERIFY(!pane->pauseButton()->isEnabled());
        QVERIFY(pane->resumeButton()->isEnabled());
        const int row = pane->model()->rowOf(u"audit_log"_s);
        QCOMPARE(pane->model()->index(row, 0).data(ProjectionLagModel::SeverityRole).toInt(), int(LagSeverity::Idle));
        QVERIFY(pane->status()->text().contains(u"Paused audit_log"_s));

        // Events arrive while it is paused: they wait, and the lag says how many.
        QVERIFY(appendFiller(*store, 3));
        QVERIFY(sampleUntil(pane, [&] { return rowOf(pane, u"audit_log"_s)->lagEvents >= 3; }));
        QCOMPARE(stateOf(pane, u"audit_log"_s), u"paused"_s);

        pane->resumeButton()->click();
        QVERIFY(controlled.wait(Deadline));
        QVERIFY(!store->readModels().checkpoint(u"audit_log"_s)->paused);
        QVERIFY(sampleUntil(pane, [&] { return stateOf(pane, u"audit_log"_s) == u"stalled"_s; }));
        // A runner catches it up; the pane sees it caught up.
        ProjectionRunner runner(*store, {builtinProjection(u"audit_log"_s)});
        QVERIFY(runner.catchUp().ok());
        QVERIFY(sampleUntil(pane, [&] { return stateOf(pane, u"audit_log"_s) == u"caught up"_s; }));
    }

    void theChartDrawsTheLagOfEveryProjection()
    {
        auto w = openWindow({}, false);
        QVERIFY(w);
        ProjectionsPane* pane = paneOf(w->window);
        QSignalSpy sampled(pane, &ProjectionsPane::sampled);
        QVERIFY(sampleUntil(pane, [&] { return pane->history().samples(u"users"_s).size() >= 3; }));
        LagChart* chart = pane->chart();
        for (const QString& name : pane->history().names()) {
            QVERIFY2(chart->line(name), qPrintable(name));
            QCOMPARE(qsizetype(chart->line(name)->count()), qsizetype(pane->history().samples(name).size()));
        }
        const QPointF latest = chart->line(u"users"_s)->points().constLast();
        QCOMPARE(latest.x(), 0.0); // the latest sample is "now"
        QCOMPARE(qint64(latest.y()), rowOf(pane, u"users"_s)->lagEvents);
        QVERIFY(chart->valueAxis()->max() >= latest.y());
        // Minutes back from the latest sample, spanning the few seconds sampled so far.
        QCOMPARE(chart->timeAxis()->min(), -1.0);

        pane->unitChoice()->setCurrentIndex(pane->unitChoice()->findData(int(LagChart::Unit::Time)));
        QCOMPARE(chart->unit(), LagChart::Unit::Time);
        // In seconds while the demo's rename is fresh, in minutes once a slow run has let it wait past two.
        const double perUnit = chart->secondsPerUnit();
        const QString unitName = perUnit == 1.0 ? u"seconds"_s
            : perUnit == 60.0                   ? u"minutes"_s
            : perUnit == 3600.0                 ? u"hours"_s
                                                : u"days"_s;
        QCOMPARE(chart->valueAxis()->titleText(), unitName + u" behind"_s);
        const double seconds = chart->line(u"users"_s)->points().constLast().y() * perUnit;
        QVERIFY(qAbs(seconds * 1e6 - double(rowOf(pane, u"users"_s)->lagTime.count())) < 2.0 * perUnit);
        QVERIFY(seconds > 0);
        QVERIFY(chart->rebuildLines(u"users"_s).isEmpty()); // nothing is rebuilt
    }

    void aRebuildSaysWhatItDoesAsksAndCanBeCancelled()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        ProjectionsPane* pane = paneOf(w->window);
        QVERIFY(sampleUntil(pane, [&] { return rowOf(pane, u"audit_log"_s) != nullptr; }));
        const qint64 head = rowOf(pane, u"audit_log"_s)->headPosition;
        const QString plan = pane->rebuildPlan(u"audit_log"_s);
        QVERIFY2(plan.contains(u"Replays %1 events into audit_log; the current copy stays readable"_s.arg(
                     QLocale().toString(head))),
            qPrintable(plan));
        QVERIFY2(plan.contains(u"No worker runs audit_log now"_s), qPrintable(plan)); // the window runs none here
        pane->selectProjection(u"audit_log"_s);
        QVERIFY(pane->rebuildButton()->isEnabled());

        // Paused, the rebuild waits: the row shows it, and Cancel drops the new copy.
        QVERIFY(store->readModels().controlProjection(u"audit_log"_s, ProjectionControl::pause(), {}).ok());
        const qint64 generation = store->readModels().checkpoint(u"audit_log"_s)->generation;
        QSignalSpy controlled(pane, &ProjectionsPane::controlled);
        pane->startRebuild(u"audit_log"_s);
        QVERIFY(controlled.wait(Deadline));
        QCOMPARE(controlled.constLast().at(1).toString(), QString());
        QVERIFY(store->readModels().checkpoint(u"audit_log"_s)->rebuildGeneration.has_value());
        QVERIFY(sampleUntil(pane, [&] { return rowOf(pane, u"audit_log"_s)->rebuildPosition.has_value(); }));
        QVERIFY(pane->rebuildProgress()->isVisible());
        QVERIFY2(pane->rebuildLabel()->text().startsWith(u"Rebuilding audit_log: at position 0 of"_s),
            qPrintable(pane->rebuildLabel()->text()));
        // The chart follows the new copy with a dashed line of its own: the whole store behind, while the live
        // line of the copy readers see stays where it was.
        const QList<QLineSeries*> rebuilds = pane->chart()->rebuildLines(u"audit_log"_s);
        QCOMPARE(rebuilds.size(), 1);
        QCOMPARE(rebuilds[0]->points().constLast().y(), double(rowOf(pane, u"audit_log"_s)->headPosition));
        QCOMPARE(rebuilds[0]->pen().style(), Qt::DashLine);
        QCOMPARE(rebuilds[0]->color(), pane->chart()->line(u"audit_log"_s)->color());
        QCOMPARE(pane->chart()->line(u"audit_log"_s)->points().constLast().y(),
            double(rowOf(pane, u"audit_log"_s)->lagEvents));
        QVERIFY(pane->chart()->valueAxis()->max() >= double(rowOf(pane, u"audit_log"_s)->headPosition));
        QVERIFY(!pane->rebuildButton()->isEnabled());
        QVERIFY(pane->cancelRebuildButton()->isEnabled());
        pane->cancelRebuildButton()->click();
        QVERIFY(controlled.wait(Deadline));
        QVERIFY(!store->readModels().checkpoint(u"audit_log"_s)->rebuildGeneration.has_value());
        QVERIFY(sampleUntil(pane, [&] { return !pane->rebuildProgress()->isVisible(); }));
        QVERIFY2(pane->status()->text().contains(u"Cancelled the rebuild of audit_log"_s),
            qPrintable(pane->status()->text()));
        QCOMPARE(store->readModels().checkpoint(u"audit_log"_s)->generation, generation);

        // Resumed and rebuilt by a runner of another process: the pane follows it to the swap.
        QVERIFY(store->readModels().controlProjection(u"audit_log"_s, ProjectionControl::resume(), {}).ok());
        pane->startRebuild(u"audit_log"_s);
        QVERIFY(controlled.wait(Deadline));
        ProjectionRunner runner(*store, {builtinProjection(u"audit_log"_s)});
        QVERIFY(runner.catchUp().ok());
        QVERIFY(sampleUntil(pane, [&] { return pane->status()->text().contains(u"Rebuilt audit_log"_s); }));
        QVERIFY(!pane->rebuildProgress()->isVisible());
        QVERIFY(store->readModels().checkpoint(u"audit_log"_s)->generation > generation);
        QCOMPARE(stateOf(pane, u"audit_log"_s), u"caught up"_s);

        // Cancelled elsewhere (the CLI, another window): the pane does not call that "rebuilt".
        QVERIFY(store->readModels().controlProjection(u"audit_log"_s, ProjectionControl::pause(), {}).ok());
        pane->startRebuild(u"audit_log"_s);
        QVERIFY(controlled.wait(Deadline));
        QVERIFY(sampleUntil(pane, [&] { return pane->rebuildProgress()->isVisible(); }));
        QVERIFY(store->readModels()
                    .controlProjection(
                        u"audit_log"_s, ProjectionControl::cancelRebuild(), builtinProjection(u"audit_log"_s)->schema())
                    .ok());
        QVERIFY(sampleUntil(pane, [&] { return !pane->rebuildProgress()->isVisible(); }));
        QVERIFY2(pane->status()->text().contains(u"The rebuild of audit_log was cancelled elsewhere"_s),
            qPrintable(pane->status()->text()));
        QVERIFY(store->readModels().controlProjection(u"audit_log"_s, ProjectionControl::resume(), {}).ok());
    }

    void aReadOnlySessionCannotPause()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, true);
        QVERIFY(w);
        ProjectionsPane* pane = paneOf(w->window);
        QVERIFY(sampleUntil(pane, [&] { return rowOf(pane, u"search_index"_s) != nullptr; }));
        pane->selectProjection(u"search_index"_s);
        QVERIFY(!pane->pauseButton()->isEnabled());
        QVERIFY(!pane->resumeButton()->isEnabled());
        QVERIFY(pane->status()->text().contains(u"Read-only session"_s));
        QSignalSpy controlled(pane, &ProjectionsPane::controlled);
        pane->pauseSelected();
        QCOMPARE(controlled.size(), 1);
        QVERIFY(controlled.constFirst().at(1).toString().contains(u"read-only"_s));
        QVERIFY(!store->readModels().checkpoint(u"search_index"_s)->paused);
    }

    // Last: the window's runner catches `users` up, which the tests above rely on being behind.
    void theWindowRunsTheProjectionsOfASqliteStoreAndLeavesLeasedOnesAlone()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        ProjectionsPane* pane = paneOf(w->window);
        ProjectionHost* host = w->window.projectionHost();
        QVERIFY(!host->isRunning()); // the tests' windows start with it off
        if (onPostgres()) {
            w->window.actions()->runProjections->setChecked(true);
            QVERIFY(!host->isRunning());
            QVERIFY2(host->whyNotRunning().contains(u"project --follow"_s), qPrintable(host->whyNotRunning()));
            QVERIFY(sampleUntil(pane, [&] { return pane->status()->text().contains(u"its workers do"_s); }));
            return;
        }
        // Another process holds search_index: the window must not compete for it.
        QVERIFY(*store->readModels().acquireLease(u"search_index"_s, u"cli-worker@server"_s, 120s));
        w->window.actions()->runProjections->setChecked(true);
        QVERIFY(host->isRunning());
        QVERIFY(w->settings.runProjections());
        QVERIFY(sampleUntil(pane, [&] { return stateOf(pane, u"users"_s) == u"caught up"_s; }));
        QVERIFY(QTest::qWaitFor([&] { return host->heldElsewhere().contains(u"search_index"_s); }, Deadline));
        QCOMPARE(host->heldElsewhere().value(u"search_index"_s), u"cli-worker@server"_s);
        QVERIFY(sampleUntil(
            pane, [&] { return pane->status()->text().contains(u"search_index is run by cli-worker@server"_s); }));
        const int users = pane->model()->rowOf(u"users"_s);
        QVERIFY(QTest::qWaitFor(
            [&] {
                pane->sampleNow();
                return pane->model()
                    ->index(users, ProjectionLagModel::LeaseColumn)
                    .data()
                    .toString()
                    .startsWith(u"this window"_s);
            },
            Deadline));

        // New events: the window's runner takes them into users; search_index waits for its own worker.
        QVERIFY(appendFiller(*store, 1));
        const qint64 head = store->headPosition().value();
        QVERIFY(QTest::qWaitFor(
            [&] { return store->readModels().checkpoint(u"audit_log"_s)->position == head; }, Deadline));
        QVERIFY(store->readModels().checkpoint(u"search_index"_s)->position < head);

        // Let go elsewhere: the window's runner of background projections, on a thread of its own, takes it on.
        QVERIFY(store->readModels().releaseLease(u"search_index"_s, u"cli-worker@server"_s).ok());
        QVERIFY(QTest::qWaitFor(
            [&] { return store->readModels().checkpoint(u"search_index"_s)->position == head; }, Deadline));
        QVERIFY(QTest::qWaitFor([&] { return !host->heldElsewhere().contains(u"search_index"_s); }, Deadline));
        QCOMPARE(store->readModels().checkpoint(u"search_index"_s)->leaseHolder, host->workerId());

        // Switched off, it stops and lets go of its leases.
        w->window.actions()->runProjections->setChecked(false);
        QVERIFY(!host->isRunning());
        QVERIFY(!w->settings.runProjections());
        QVERIFY(store->readModels().checkpoint(u"users"_s)->leaseHolder != host->workerId()
            || store->readModels().checkpoint(u"users"_s)->leaseUntil < Timestamp::now());
    }
};

QTEST_MAIN(ProjectionsPaneTest)
#include "tst_projectionspane.moc"
