// SPDX-License-Identifier: GPL-3.0-or-later
// The Read Model pane in the real window, offscreen, against a real demo store on SQLite and on PostgreSQL
// (FLASHBACK_TEST_BACKEND): the demo's renamed user shows the users row one event behind (lag, not drift) until
// the projection catches up; pausing users and changing a name shows the lag appear and go; a row altered behind
// the projection's back shows as drift and the whole-read-model check counts it with an example; the check can be
// cancelled; a read-only session compares too.

#include "demowindowtest.h"
#include "eventscript.h"
#include "models/driftexamplesmodel.h"
#include "models/readmodelcomparisonmodel.h"
#include "models/selection.h"
#include "panes/readmodelpane.h"
#include "projections/builtinprojections.h"
#include "projections/projectionrunner.h"
#include "projections/readmodelschemas.h"
#include "readmodels/readmodeltransaction.h"
#include "store/eventstore.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace flashback;

class ReadModelPaneTest : public test::DemoWindowTest {
    Q_OBJECT

    ReadModelPane* paneOn(MainWindow& window, const QString& stream)
    {
        window.actions()->readModel->trigger();
        window.selection()->openStreams({stream});
        ReadModelPane* pane = window.readModelPane();
        pane->setPollInterval(50);
        return pane;
    }

    static ReadModelComparisonModel::Status rowStatus(ReadModelPane* pane)
    {
        return ReadModelComparisonModel::Status(
            pane->model()->index(0, 0).data(ReadModelComparisonModel::StatusRole).toInt());
    }

    static bool showsRow(ReadModelPane* pane, const QString& stream, ReadModelComparisonModel::Status status)
    {
        return pane->model()->comparison().streamId == stream && pane->model()->rowCount() == 1
            && rowStatus(pane) == status;
    }

    static Status catchUpUsers(EventStore& store)
    {
        ProjectionRunnerOptions options;
        options.workerId = u"pane-test"_s;
        auto run = ProjectionRunner(store, {builtinProjection(u"users"_s)}, options).catchUp();
        if (!run)
            return run.error();
        return {};
    }

    /// Puts `row` (or, with `remove`, nothing) into users under `key` without moving the checkpoint.
    static bool writeBehindTheProjectionsBack(EventStore& store, const ReadModelRow& row)
    {
        const qint64 generation = store.readModels().checkpoint(u"users"_s).value().generation;
        auto tx = store.readModels().beginReadModelTransaction(usersReadModel(), generation);
        return tx && (*tx)->put(u"users"_s, row).ok() && (*tx)->commitWithoutCheckpoint().ok();
    }

    static std::optional<ReadModelRow> usersRow(EventStore& store, const QString& id)
    {
        const qint64 generation = store.readModels().checkpoint(u"users"_s).value().generation;
        auto tx = store.readModels().beginReadModelTransaction(usersReadModel(), generation);
        if (!tx)
            return std::nullopt;
        auto row = (*tx)->get(u"users"_s, {{u"user_id"_s, id}});
        return row ? *row : std::nullopt;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeDemoStore()); }

    // Runs first: the demo leaves users one event behind (Sara's rename), and this test lets it catch up.
    void theRenamedUserIsOneEventBehindUntilUsersCatchesUp()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        ReadModelPane* pane = paneOn(w->window, m_demo.renamedUserId);
        QAbstractItemModelTester model(pane->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester shown(pane->tree()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(pane->projection(), u"users"_s);
        QVERIFY(QTest::qWaitFor(
            [&] { return showsRow(pane, m_demo.renamedUserId, ReadModelComparisonModel::Status::Pending); }, Deadline));
        const StreamReadModelComparison& c = pane->model()->comparison();
        QCOMPARE(c.eventsBehind, 1);
        QCOMPARE(c.revisionAtCheckpoint + 1, c.streamRevision);
        QVERIFY2(pane->summary()->text().contains(u"1 event behind"_s), qPrintable(pane->summary()->text()));
        QVERIFY(pane->tree()->isExpanded(pane->tree()->model()->index(0, 0)));

        // The whole check: no drift, and the waiting rename is named as lag.
        QSignalSpy finished(pane, &ReadModelPane::checkFinished);
        pane->checkButton()->click();
        QVERIFY(!pane->checkButton()->isEnabled());
        QVERIFY(finished.wait(Deadline));
        QCOMPARE(finished.constFirst().at(0).toString(), QString());
        QVERIFY(pane->lastCheck());
        QCOMPARE(pane->lastCheck()->drifted(), 0);
        QCOMPARE(pane->lastCheck()->rowsCompared, m_demo.users);
        QVERIFY2(pane->checkResult()->text().contains(u"no drift"_s), qPrintable(pane->checkResult()->text()));
        QVERIFY2(pane->checkResult()->text().contains(u"lag, not drift"_s), qPrintable(pane->checkResult()->text()));
        QVERIFY(!pane->examplesTable()->isVisibleTo(pane));
        QVERIFY(pane->checkButton()->isEnabled());

        // Another process catches users up: the pane sees the checkpoint move and compares again.
        QVERIFY(catchUpUsers(*store).ok());
        QVERIFY(QTest::qWaitFor(
            [&] { return showsRow(pane, m_demo.renamedUserId, ReadModelComparisonModel::Status::Equal); }, Deadline));
        QVERIFY2(pane->summary()->text().contains(u"Up to date"_s), qPrintable(pane->summary()->text()));
    }

    void aPausedProjectionShowsTheNameChangeAsLagThenCatchesUp()
    {
        auto store = observer();
        QVERIFY(store);
        QVERIFY(catchUpUsers(*store).ok());
        auto w = openWindow({}, false);
        QVERIFY(w);
        ReadModelPane* pane = paneOn(w->window, m_demo.suspendedUserId);
        QVERIFY(QTest::qWaitFor(
            [&] { return showsRow(pane, m_demo.suspendedUserId, ReadModelComparisonModel::Status::Equal); }, Deadline));

        QVERIFY(store->readModels().controlProjection(u"users"_s, ProjectionControl::pause(), {}).ok());
        QVERIFY(store
                    ->append(m_demo.suspendedUserId, u"User"_s, ExpectedRevision::any(),
                        {test::makeEvent(
                            u"USER_NAME_CHANGED"_s, {{u"first_name"_s, u"Renamed"_s}, {u"last_name"_s, u"Later"_s}})})
                    .ok());
        QVERIFY(catchUpUsers(*store).ok()); // paused: does nothing
        QVERIFY(QTest::qWaitFor(
            [&] {
                return showsRow(pane, m_demo.suspendedUserId, ReadModelComparisonModel::Status::Pending)
                    && pane->model()->comparison().checkpoint.paused;
            },
            Deadline));
        QVERIFY2(pane->summary()->text().contains(u"paused"_s), qPrintable(pane->summary()->text()));
        const QModelIndex row = pane->model()->index(0, 0);
        bool firstNamePending = false;
        for (int i = 0; i < pane->model()->rowCount(row); ++i) {
            const QModelIndex field = pane->model()->index(i, 0, row);
            if (field.data().toString() == u"first_name"_s) {
                firstNamePending = field.data(ReadModelComparisonModel::StatusRole).toInt()
                    == int(ReadModelComparisonModel::Status::Pending);
                QCOMPARE(
                    field.siblingAtColumn(ReadModelComparisonModel::ReplayedColumn).data().toString(), u"Renamed"_s);
            }
        }
        QVERIFY(firstNamePending);

        QVERIFY(store->readModels().controlProjection(u"users"_s, ProjectionControl::resume(), {}).ok());
        QVERIFY(catchUpUsers(*store).ok());
        QVERIFY(QTest::qWaitFor(
            [&] { return showsRow(pane, m_demo.suspendedUserId, ReadModelComparisonModel::Status::Equal); }, Deadline));
    }

    void aRowAlteredBehindTheProjectionsBackIsDrift()
    {
        auto store = observer();
        QVERIFY(store);
        QVERIFY(catchUpUsers(*store).ok());
        const QString id = m_demo.deletedUserId;
        const auto original = usersRow(*store, id);
        QVERIFY(original);
        ReadModelRow altered = *original;
        altered.insert(u"deleted_by"_s, u"nobody@example.com"_s);
        QVERIFY(writeBehindTheProjectionsBack(*store, altered));

        auto w = openWindow({}, false);
        QVERIFY(w);
        ReadModelPane* pane = paneOn(w->window, id);
        QAbstractItemModelTester examples(
            pane->examplesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(QTest::qWaitFor([&] { return showsRow(pane, id, ReadModelComparisonModel::Status::Drift); }, Deadline));
        QVERIFY2(pane->summary()->text().contains(u"Drift"_s), qPrintable(pane->summary()->text()));
        QCOMPARE(pane->model()->comparison().rows[0].drift.size(), 1);
        QCOMPARE(pane->model()->comparison().rows[0].drift[0].column, u"deleted_by"_s);
        QCOMPARE(pane->model()->comparison().rows[0].drift[0].expected.toString(), u"admin@company.com"_s);

        QSignalSpy finished(pane, &ReadModelPane::checkFinished);
        pane->checkWholeReadModel();
        QVERIFY(finished.wait(Deadline));
        QCOMPARE(finished.constFirst().at(0).toString(), QString());
        QCOMPARE(pane->lastCheck()->different, 1);
        QCOMPARE(pane->lastCheck()->drifted(), 1);
        QVERIFY(pane->examplesTable()->isVisibleTo(pane));
        QCOMPARE(pane->examplesModel()->rowCount(), 1);
        QCOMPARE(pane->examplesModel()->index(0, DriftExamplesModel::RowColumn).data().toString(), u"user_id="_s + id);
        QVERIFY(pane->examplesModel()
                    ->index(0, DriftExamplesModel::DifferencesColumn)
                    .data()
                    .toString()
                    .contains(u"deleted_by: nobody@example.com, expected admin@company.com"_s));
        QVERIFY2(pane->checkResult()->text().contains(u"1 row drifted"_s), qPrintable(pane->checkResult()->text()));

        // Put right again (as a rebuild would) and compared again: equal.
        QVERIFY(writeBehindTheProjectionsBack(*store, *original));
        pane->compare();
        QVERIFY(QTest::qWaitFor([&] { return showsRow(pane, id, ReadModelComparisonModel::Status::Equal); }, Deadline));
    }

    void theCheckCanBeCancelledAndAReadOnlySessionCompares()
    {
        auto w = openWindow({}, true);
        QVERIFY(w);
        ReadModelPane* pane = paneOn(w->window, m_demo.longStreamUserId);
        QVERIFY(
            QTest::qWaitFor([&] { return pane->model()->comparison().streamId == m_demo.longStreamUserId; }, Deadline));
        QVERIFY(pane->model()->rowCount() == 1);

        QSignalSpy finished(pane, &ReadModelPane::checkFinished);
        pane->setProjection(u"audit_log"_s);
        pane->checkWholeReadModel();
        QVERIFY(pane->cancelCheckButton()->isVisibleTo(pane));
        pane->cancelCheckButton()->click();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.constFirst().at(0).toString(), u"Cancelled."_s);
        QVERIFY(pane->checkResult()->text().contains(u"cancelled"_s));
        QVERIFY(!pane->cancelCheckButton()->isVisibleTo(pane));
        QVERIFY(pane->checkButton()->isEnabled());
        QVERIFY(!pane->lastCheck());

        // audit_log has a row per event: the long stream's first rows are compared, the rest counted.
        QVERIFY(QTest::qWaitFor(
            [&] { return pane->model()->comparison().projection == u"audit_log"_s && pane->model()->rowCount() > 1; },
            Deadline));
        QVERIFY(pane->model()->comparison().rowsNotCompared > 0);
        QVERIFY2(pane->summary()->text().contains(u"not compared"_s), qPrintable(pane->summary()->text()));
    }
};

QTEST_MAIN(ReadModelPaneTest)
#include "tst_readmodelpane.moc"
