// SPDX-License-Identifier: GPL-3.0-or-later
// The Projections pane's models without a store: the lag history (window, trend, observed rate) and the table
// (states, severity by thresholds, rows updated in place, a rebuild's progress), under QAbstractItemModelTester.

#include "models/laghistory.h"
#include "models/projectionlagmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace std::chrono_literals;

namespace {

const Timestamp T0 = Timestamp::parse(u"2026-12-03T10:00:00Z").value();

ProjectionLag lagOf(
    const QString& name, qint64 checkpoint, qint64 head, ProjectionState state = ProjectionState::Running)
{
    ProjectionLag lag;
    lag.name = name;
    lag.state = state;
    lag.checkpointPosition = checkpoint;
    lag.headPosition = head;
    lag.lagEvents = head - checkpoint;
    lag.lagTime = lag.lagEvents > 0 ? 3s : 0s;
    return lag;
}

} // namespace

class LagModelsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theHistoryKeepsOnlyItsWindow()
    {
        LagHistory history(60s);
        for (int second = 0; second <= 120; ++second)
            history.add(T0.addSecs(second), {lagOf(u"users"_s, second, 200)});
        const auto& samples = history.samples(u"users"_s);
        QCOMPARE(qsizetype(samples.size()), 61); // seconds 60..120
        QCOMPARE(samples.front().at, T0.addSecs(60));
        QCOMPARE(samples.back().lagEvents, 80);
        QCOMPARE(history.latest(), T0.addSecs(120));
        QCOMPARE(history.names(), QStringList {u"users"_s});
        QVERIFY(history.samples(u"nobody"_s).empty());
        // A late answer to an earlier sample does not move time backwards.
        history.add(T0.addSecs(100), {lagOf(u"users"_s, 0, 200)});
        QCOMPARE(qsizetype(history.samples(u"users"_s).size()), 61);
    }

    void eachRebuildIsItsOwnRunAndTheRateComesFromTheCurrentOne()
    {
        LagHistory history;
        const auto rebuildingAt = [](qint64 position) {
            ProjectionLag lag = lagOf(u"users"_s, 1000, 1000, ProjectionState::Rebuilding);
            lag.rebuildPosition = position;
            lag.rebuildLagTime = 60s;
            return lag;
        };
        // A rebuild over seconds 0-3, none at 4-5, one cancelled at 6-7 and started again at 8-10.
        const QList<qint64> positions {0, 100, 200, 300, -1, -1, 0, 50, 0, 400, 800};
        for (qsizetype second = 0; second < positions.size(); ++second) {
            history.add(T0.addSecs(second),
                {positions[second] < 0 ? lagOf(u"users"_s, 1000, 1000, ProjectionState::CaughtUp)
                                       : rebuildingAt(positions[second])});
        }
        const QList<RebuildRun> runs = history.rebuildRuns(u"users"_s);
        QCOMPARE(runs.size(), 3);
        QCOMPARE(runs[0].first, 0);
        QCOMPARE(runs[0].count, 4);
        QCOMPARE(runs[1].first, 6);
        QCOMPARE(runs[1].count, 2);
        QCOMPARE(runs[2].first, 8);
        QCOMPARE(runs[2].count, 3);
        const LagSample& latest = history.samples(u"users"_s).back();
        QCOMPARE(latest.rebuildLagEvents(), 200);
        QCOMPARE(latest.rebuildLagTime, std::chrono::microseconds(60s));
        QCOMPARE(history.samples(u"users"_s)[4].rebuildLagEvents(), 0); // no rebuild: no distance
        // 800 events in the 2 s of the current rebuild; the earlier ones, whose positions went back, do not count.
        QCOMPARE(history.rebuildRate(u"users"_s), std::optional<double>(400.0));
        history.add(T0.addSecs(11), {lagOf(u"users"_s, 1000, 1000, ProjectionState::CaughtUp)});
        QCOMPARE(history.rebuildRate(u"users"_s), std::nullopt); // swapped in: no rebuild runs now
        QCOMPARE(history.rebuildRuns(u"users"_s).size(), 3);
        QVERIFY(history.rebuildRuns(u"nobody"_s).isEmpty());
    }

    void theTrendAndTheRateComeFromTheSamplesTenSecondsApart()
    {
        LagHistory history;
        QCOMPARE(history.trend(u"users"_s), LagTrend::Unknown);
        history.add(T0, {lagOf(u"users"_s, 100, 200), lagOf(u"audit_log"_s, 0, 200), lagOf(u"idle"_s, 200, 200)});
        QCOMPARE(history.trend(u"users"_s), LagTrend::Unknown); // one sample says nothing yet
        QCOMPARE(history.observedRate(u"users"_s), std::nullopt);
        history.add(
            T0.addSecs(5), {lagOf(u"users"_s, 150, 400), lagOf(u"audit_log"_s, 150, 200), lagOf(u"idle"_s, 400, 400)});
        history.add(
            T0.addSecs(10), {lagOf(u"users"_s, 200, 600), lagOf(u"audit_log"_s, 190, 200), lagOf(u"idle"_s, 600, 600)});
        QCOMPARE(history.trend(u"users"_s), LagTrend::Rising); // 100 -> 400 behind
        QCOMPARE(history.trend(u"audit_log"_s), LagTrend::Falling); // 200 -> 10
        QCOMPARE(history.trend(u"idle"_s), LagTrend::Steady); // 0 -> 0
        QCOMPARE(history.observedRate(u"users"_s).value(), 10.0); // 100 positions in 10 s
        QCOMPARE(history.observedRate(u"idle"_s).value(), 40.0);
        // A big backlog that wobbles by a few batches is steady, not rising.
        history.add(T0.addSecs(20), {lagOf(u"users"_s, 200, 620)});
        QCOMPARE(history.trend(u"users"_s), LagTrend::Steady);
        // The span counts back from the latest sample: 10 s before 20 s is the sample at 10 s.
        QCOMPARE(history.observedRate(u"users"_s).value(), 0.0);
    }

    void rowsShowEveryColumnAndAreUpdatedInPlace()
    {
        ProjectionLagModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setUtc(true);
        LagHistory history;
        ProjectionLag users = lagOf(u"users"_s, 15000, 16000);
        users.leaseHolder = u"laptop:4242:ab12"_s;
        users.leaseSince = T0;
        users.leaseUntil = T0.addSecs(15);
        ProjectionLag audit = lagOf(u"audit_log"_s, 16000, 16000, ProjectionState::CaughtUp);
        history.add(T0, {users, audit});
        model.setLags({users, audit}, history);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ProjectionLagModel::ColumnCount));
        const auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(0, ProjectionLagModel::NameColumn), u"users"_s);
        QCOMPARE(text(0, ProjectionLagModel::StateColumn), u"running"_s);
        QCOMPARE(
            model.index(0, ProjectionLagModel::LagEventsColumn).data(ProjectionLagModel::SortRole).toLongLong(), 1000);
        QCOMPARE(text(0, ProjectionLagModel::LagTimeColumn), u"3 s"_s);
        QCOMPARE(text(1, ProjectionLagModel::LagTimeColumn), u"\u2014"_s);
        QVERIFY(
            text(0, ProjectionLagModel::LeaseColumn).startsWith(u"laptop:4242:ab12 since 2026-12-03 10:00:00.000Z"_s));
        QCOMPARE(text(1, ProjectionLagModel::LeaseColumn), u"none"_s);
        QCOMPARE(text(1, ProjectionLagModel::StateColumn), u"caught up"_s);
        QCOMPARE(text(0, ProjectionLagModel::TrendColumn), QString());

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        ProjectionLag failed = lagOf(u"audit_log"_s, 16000, 16100, ProjectionState::Failed);
        failed.failedPosition = 16001;
        failed.lastError = u"handler refused"_s;
        ProjectionLag later = lagOf(u"users"_s, 15500, 16100);
        history.add(T0.addSecs(10), {later, failed});
        model.setLags({later, failed}, history);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(text(0, ProjectionLagModel::ThroughputColumn), u"50 ev/s"_s);
        QCOMPARE(text(0, ProjectionLagModel::TrendColumn), u"\u25BC falling"_s);
        QCOMPARE(text(1, ProjectionLagModel::ErrorColumn),
            u"at position %1: handler refused"_s.arg(QLocale().toString(16001)));

        // A projection that appears gets a row at the end; one that is gone loses its row.
        ProjectionLag search = lagOf(u"search_index"_s, 0, 16100, ProjectionState::Stalled);
        history.add(T0.addSecs(11), {failed, search});
        model.setLags({failed, search}, history);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowOf(u"users"_s), -1);
        QCOMPARE(model.rowOf(u"search_index"_s), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void severityFollowsTheStateAndTheThresholds()
    {
        ProjectionLagModel model;
        model.setThresholds({100, 10s});
        const auto severity = [&](const ProjectionLag& lag) { return model.severity(lag); };
        QCOMPARE(severity(lagOf(u"a"_s, 10, 10, ProjectionState::CaughtUp)), LagSeverity::Healthy);
        QCOMPARE(severity(lagOf(u"a"_s, 50, 100)), LagSeverity::Healthy); // 50 behind, 3 s: under both
        QCOMPARE(severity(lagOf(u"a"_s, 0, 100)), LagSeverity::Warning); // 100 behind
        ProjectionLag old = lagOf(u"a"_s, 99, 100);
        old.lagTime = 12s;
        QCOMPARE(severity(old), LagSeverity::Warning); // one event, but waiting 12 s
        QCOMPARE(severity(lagOf(u"a"_s, 99, 100, ProjectionState::Stalled)), LagSeverity::Critical);
        QCOMPARE(severity(lagOf(u"a"_s, 99, 100, ProjectionState::Failed)), LagSeverity::Critical);
        QCOMPARE(severity(lagOf(u"a"_s, 0, 100, ProjectionState::Paused)), LagSeverity::Idle);

        LagHistory history;
        ProjectionLag rebuilding = lagOf(u"users"_s, 16000, 16000, ProjectionState::Rebuilding);
        rebuilding.rebuildPosition = 4000;
        history.add(T0, {rebuilding});
        model.setLags({rebuilding}, history);
        QCOMPARE(model.index(0, ProjectionLagModel::StateColumn).data().toString(), u"rebuilding (25 %)"_s);
        QCOMPARE(model.index(0, ProjectionLagModel::NameColumn).data(ProjectionLagModel::SeverityRole).toInt(),
            int(LagSeverity::Healthy));
    }
};

QTEST_GUILESS_MAIN(LagModelsTest)
#include "tst_lagmodels.moc"
