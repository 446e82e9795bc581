// SPDX-License-Identifier: GPL-3.0-or-later
// The operator audit from the window, offscreen, against a real demo store on SQLite and on PostgreSQL
// (FLASHBACK_TEST_BACKEND): every operator action the window sends (a command, a refused command, pause, resume,
// rebuild started and cancelled, an outbox retry refused for the row's state) leaves exactly one row naming the
// window's actor, host and tool; the Audit pane lists them newest first, filters them, shows rows another process
// adds, and pages older ones in.

#include "demowindowtest.h"
#include "models/operatorauditmodel.h"
#include "panes/auditpane.h"
#include "store/eventstore.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace Qt::StringLiterals;
using namespace flashback;

class AuditPaneTest : public test::DemoWindowTest {
    Q_OBJECT

    static QList<OperatorAction> auditOf(EventStore& store)
    {
        OperatorAuditQuery query;
        query.limit = 100000;
        return store.operatorAudit().listOperatorActions(query).value();
    }

    static bool reloadUntil(AuditPane* pane, const std::function<bool()>& done)
    {
        return QTest::qWaitFor(
            [&] {
                if (done())
                    return true;
                pane->reload();
                return false;
            },
            Deadline);
    }

    /// Sends one request through the window's session and waits for its answer; false when none came in time.
    template <typename T, typename Send> static bool answered(Send send)
    {
        bool done = false;
        QObject receiver;
        send(&receiver, [&](const Result<T>&) { done = true; });
        return QTest::qWaitFor([&] { return done; }, Deadline);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeDemoStore()); }

    void everyActionFromTheWindowLeavesOneRow()
    {
        auto store = observer();
        QVERIFY(store);
        const qsizetype before = auditOf(*store).size();
        auto w = openWindow({}, false);
        QVERIFY(w);
        w->settings.setCommandActor(u"window-tester@example.com"_s);
        StoreSession* session = w->window.session();

        Command rename;
        rename.name = u"ChangeName"_s;
        rename.streamId = m_demo.renamedUserId;
        rename.fields = {{u"first_name"_s, u"Sarah"_s}, {u"last_name"_s, u"Connor"_s}};
        rename.metadata.actor = u"window-tester@example.com"_s;
        rename.metadata.reason = u"put back"_s;
        QVERIFY((answered<CommandResult>([&](QObject* r, auto done) { session->executeCommand(r, rename, done); })));
        Command unknownUser = rename;
        unknownUser.streamId = u"no-such-user"_s;
        QVERIFY(
            (answered<CommandResult>([&](QObject* r, auto done) { session->executeCommand(r, unknownUser, done); })));
        for (const auto& control : {ProjectionControl::pause(), ProjectionControl::resume(),
                 ProjectionControl::startRebuild(), ProjectionControl::cancelRebuild()}) {
            QVERIFY((answered<ProjectionCheckpoint>(
                [&](QObject* r, auto done) { session->controlProjection(r, u"audit_log"_s, control, done); })));
        }
        const qint64 pendingRow = store->outbox().listOutbox({OutboxStatus::Completed, 1, {}}).value().constFirst().id;
        QVERIFY((answered<std::optional<OutboxEntry>>(
            [&](QObject* r, auto done) { session->retryOutboxRow(r, pendingRow, done); })));

        const auto rows = auditOf(*store);
        QCOMPARE(rows.size() - before, 7);
        QStringList done;
        for (qsizetype i = 6; i >= 0; --i)
            done.append(rows.at(i).action + u':' + rows.at(i).result);
        QCOMPARE(done,
            QStringList({u"command:ok"_s, u"command:refused"_s, u"projection.pause:ok"_s, u"projection.resume:ok"_s,
                u"projection.rebuild:ok"_s, u"projection.cancel_rebuild:ok"_s, u"outbox.retry:refused"_s}));
        for (qsizetype i = 0; i < 7; ++i) {
            QCOMPARE(rows.at(i).actor, u"window-tester@example.com"_s);
            QVERIFY2(rows.at(i).tool.endsWith(u"(window)"_s), qPrintable(rows.at(i).tool));
            QVERIFY(!rows.at(i).host.isEmpty());
        }
        QCOMPARE(rows.at(6).target, u"User/"_s + m_demo.renamedUserId);
        QCOMPARE(rows.at(6).detail.value(u"reason"_s).toString(), u"put back"_s);
        QCOMPARE(rows.at(4).target, u"audit_log"_s);
    }

    void thePaneListsFiltersAndPages()
    {
        auto store = observer();
        QVERIFY(store);
        // Rows of another process, some of them old, so that there is more than one page.
        for (int i = 0; i < int(AuditPane::PageSize) + 5; ++i) {
            OperatorAction row;
            row.at = Timestamp::now().addSecs(-30 * 86400 - i);
            row.actor = u"night-shift@example.com"_s;
            row.host = u"ops-box"_s;
            row.tool = u"flashback-cli test"_s;
            row.action = OperatorAction::PauseProjection;
            row.target = u"users"_s;
            row.result = i == 0 ? OperatorAction::Failed : OperatorAction::Ok;
            row.message = u"paused"_s;
            QVERIFY(store->operatorAudit().recordOperatorAction(row).ok());
        }
        const qsizetype total = auditOf(*store).size();

        auto w = openWindow({}, true); // reading the audit needs no write access
        QVERIFY(w);
        w->window.actions()->audit->trigger();
        AuditPane* pane = w->window.auditPane();
        QAbstractItemModelTester model(pane->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester shown(pane->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(reloadUntil(pane, [&] { return pane->model()->rowCount() == AuditPane::PageSize; }));
        QVERIFY(pane->olderButton()->isEnabled());
        QVERIFY2(pane->status()->text().contains(u"Load Older"_s), qPrintable(pane->status()->text()));
        // Newest first: the last row recorded by this test is at the top... unless the window's own came later.
        const auto& actions = pane->model()->actions();
        QVERIFY(std::is_sorted(actions.cbegin(), actions.cend(),
            [](const OperatorAction& a, const OperatorAction& b) { return a.id > b.id; }));
        pane->olderButton()->click();
        QVERIFY(QTest::qWaitFor([&] { return pane->model()->rowCount() == total; }, Deadline));

        // A row added elsewhere shows at the top on the next reload.
        OperatorAction late;
        late.actor = u"late@example.com"_s;
        late.host = u"ops-box"_s;
        late.tool = u"flashback-cli test"_s;
        late.action = OperatorAction::ResumeProjection;
        late.target = u"users"_s;
        late.result = OperatorAction::Ok;
        const auto recorded = store->operatorAudit().recordOperatorAction(late);
        QVERIFY2(recorded.ok(), recorded.ok() ? "" : qPrintable(recorded.error().toString()));
        QVERIFY(
            reloadUntil(pane, [&] { return pane->model()->actions().constFirst().actor == u"late@example.com"_s; }));
        QCOMPARE(pane->model()->rowCount(), total + 1);

        pane->resultFilter()->setCurrentIndex(pane->resultFilter()->findData(OperatorAction::Failed));
        QVERIFY(reloadUntil(pane, [&] {
            const auto& rows = pane->model()->actions();
            return !rows.isEmpty() && std::all_of(rows.cbegin(), rows.cend(), [](const OperatorAction& a) {
                return a.result == OperatorAction::Failed;
            });
        }));
        QCOMPARE(
            pane->model()->index(0, OperatorAuditModel::ActorColumn).data().toString(), u"night-shift@example.com"_s);
        pane->resultFilter()->setCurrentIndex(0);
        pane->actionFilter()->setCurrentIndex(pane->actionFilter()->findData(QString(OperatorAction::Command)));
        pane->timeFilter()->setCurrentIndex(pane->timeFilter()->findText(u"Last day"_s));
        QVERIFY(reloadUntil(pane, [&] {
            const auto& rows = pane->model()->actions();
            return rows.size() == 2 && rows.at(0).action == OperatorAction::Command;
        })); // the window's two commands of the test before; the old pauses are out of range
        pane->actionFilter()->setCurrentIndex(0);
        pane->timeFilter()->setCurrentIndex(0);
        pane->actorFilter()->setText(u"late@example.com"_s);
        Q_EMIT pane->actorFilter()->editingFinished();
        QVERIFY(reloadUntil(pane, [&] { return pane->model()->rowCount() == 1; }));
        QCOMPARE(pane->model()->index(0, OperatorAuditModel::ActionColumn).data().toString(), u"projection.resume"_s);
    }
};

QTEST_MAIN(AuditPaneTest)
#include "tst_auditpane.moc"
