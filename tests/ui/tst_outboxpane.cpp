// SPDX-License-Identifier: GPL-3.0-or-later
// The Outbox pane in the real window, offscreen, against a real demo store on SQLite and on PostgreSQL
// (FLASHBACK_TEST_BACKEND): counts by status as the store has them, the status and topic filters, a row parked
// as failed by a real dispatcher with its error, discard and retry reaching the store, a row changed behind the
// pane's back shown on the next reload, and a read-only session that can look but not change.

#include "demowindowtest.h"
#include "eventscript.h"
#include "models/outboxmodel.h"
#include "outbox/outboxdispatcher.h"
#include "panes/outboxpane.h"
#include "store/eventstore.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace flashback;

class OutboxPaneTest : public test::DemoWindowTest {
    Q_OBJECT

    /// One row nobody delivers (topic "sms_reminder"), parked as failed by a dispatcher that claims every topic.
    static std::optional<qint64> parkFailedRow(EventStore& store)
    {
        const QString stream = u"reminder-%1"_s.arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
        UnitOfWork work;
        work.appends.append({stream, u"Reminder"_s, ExpectedRevision::noStream(),
            {test::makeEvent(u"REMINDER_SET"_s, {{u"to"_s, u"+15550100"_s}})}, std::nullopt});
        work.outbox.append({u"sms_reminder:"_s + stream, u"sms_reminder"_s, stream, QUuid::createUuid(),
            QByteArrayLiteral("{\"to\":\"+15550100\"}")});
        if (!store.commit(work).ok())
            return std::nullopt;
        OutboxDispatcherOptions options;
        options.workerId = u"test-dispatcher"_s;
        OutboxDispatcher dispatcher(store, options);
        if (!dispatcher.dispatchUntilIdle().ok())
            return std::nullopt;
        OutboxQuery failed;
        failed.status = OutboxStatus::Failed;
        auto rows = store.outbox().listOutbox(failed);
        if (!rows)
            return std::nullopt;
        for (const OutboxEntry& row : *rows) {
            if (row.message.streamId == stream)
                return row.id;
        }
        return std::nullopt;
    }

    OutboxPane* paneOf(MainWindow& window)
    {
        window.actions()->outbox->trigger();
        return window.outboxPane();
    }

    static bool reloadUntil(OutboxPane* pane, const std::function<bool()>& done)
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

    static OutboxStatus statusOf(OutboxPane* pane, qint64 id)
    {
        const OutboxEntry* entry = pane->model()->entry(pane->model()->rowOf(id));
        return entry ? entry->status : OutboxStatus::Pending;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeDemoStore()); }

    void countsAndFiltersShowWhatTheStoreHolds()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        OutboxPane* pane = paneOf(w->window);
        QAbstractItemModelTester model(pane->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester shown(pane->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto counts = store->outbox().outboxCounts().value();
        QVERIFY(counts.value(OutboxStatus::Completed) > 0); // the demo's welcome mails were delivered
        QVERIFY(reloadUntil(pane, [&] { return pane->statusCounts() == counts; }));
        QVERIFY2(pane->counts()->text().contains(
                     u"%1 completed"_s.arg(QLocale().toString(counts.value(OutboxStatus::Completed)))),
            qPrintable(pane->counts()->text()));
        QCOMPARE(pane->model()->rowCount(),
            int(std::min<qint64>(OutboxPane::PageSize,
                counts.value(OutboxStatus::Completed) + counts.value(OutboxStatus::Pending)
                    + counts.value(OutboxStatus::Failed) + counts.value(OutboxStatus::Processing)
                    + counts.value(OutboxStatus::Discarded))));

        pane->setStatusFilter(OutboxStatus::Failed);
        QVERIFY(reloadUntil(pane, [&] {
            return pane->model()->rowCount() == counts.value(OutboxStatus::Failed)
                && std::all_of(pane->model()->rows().cbegin(), pane->model()->rows().cend(),
                    [](const OutboxEntry& row) { return row.status == OutboxStatus::Failed; });
        }));
        pane->setStatusFilter(std::nullopt);
        QVERIFY(reloadUntil(pane, [&] { return pane->model()->rowCount() > 0; }));
        pane->topicFilter()->setText(u"welcome"_s);
        QVERIFY(pane->table()->model()->rowCount() > 0);
        pane->topicFilter()->setText(u"no such topic"_s);
        QCOMPARE(pane->table()->model()->rowCount(), 0);
    }

    void aFailedRowIsDiscardedAndRetriedFromThePane()
    {
        auto store = observer();
        QVERIFY(store);
        const auto id = parkFailedRow(*store);
        QVERIFY(id);
        auto w = openWindow({}, false);
        QVERIFY(w);
        OutboxPane* pane = paneOf(w->window);
        pane->setStatusFilter(OutboxStatus::Failed);
        QVERIFY(reloadUntil(pane, [&] { return pane->model()->rowOf(*id) >= 0; }));
        QVERIFY(pane->counts()->text().contains(u"failed"_s));
        const int row = pane->model()->rowOf(*id);
        QVERIFY2(pane->model()->index(row, OutboxModel::ErrorColumn).data().toString().contains(u"sms_reminder"_s),
            qPrintable(pane->model()->index(row, OutboxModel::ErrorColumn).data().toString()));
        pane->setStatusFilter(std::nullopt);
        QVERIFY(reloadUntil(pane, [&] { return pane->model()->rowOf(*id) >= 0; }));
        pane->selectRow(*id);
        QCOMPARE(pane->selectedId(), id);
        QVERIFY(pane->retryButton()->isEnabled());
        QVERIFY(pane->discardButton()->isEnabled());
        QVERIFY2(pane->details()->text().contains(u"Last error"_s), qPrintable(pane->details()->text()));

        QSignalSpy changed(pane, &OutboxPane::changed);
        pane->discard(*id);
        QVERIFY(changed.wait(Deadline));
        QCOMPARE(changed.constLast().at(1).toString(), QString());
        QCOMPARE(store->outbox().outboxEntry(*id).value()->status, OutboxStatus::Discarded);
        QVERIFY(reloadUntil(pane, [&] { return statusOf(pane, *id) == OutboxStatus::Discarded; }));
        QCOMPARE(pane->selectedId(), id); // the selection survives the reload
        QVERIFY(pane->retryButton()->isEnabled());
        QVERIFY(!pane->discardButton()->isEnabled());

        pane->retry(*id);
        QVERIFY(changed.wait(Deadline));
        const OutboxEntry retried = store->outbox().outboxEntry(*id).value().value();
        QCOMPARE(retried.status, OutboxStatus::Pending);
        QCOMPARE(retried.attempts, 0);
        QVERIFY(reloadUntil(pane, [&] { return statusOf(pane, *id) == OutboxStatus::Pending; }));

        // Changed behind the pane's back (a dispatcher elsewhere parks it again): the next reload shows it.
        OutboxDispatcherOptions options;
        options.workerId = u"other-dispatcher"_s;
        options.maxAttempts = 1;
        QVERIFY(OutboxDispatcher(*store, options).dispatchUntilIdle().ok());
        QCOMPARE(store->outbox().outboxEntry(*id).value()->status, OutboxStatus::Failed);
        QVERIFY(reloadUntil(pane, [&] { return statusOf(pane, *id) == OutboxStatus::Failed; }));

        // Discarding a row that is no longer failed is refused by the store, and said.
        QVERIFY(store->outbox().retryOutbox(*id).value());
        pane->discard(*id);
        QVERIFY(changed.wait(Deadline));
        QVERIFY2(changed.constLast().at(1).toString().contains(u"pending"_s),
            qPrintable(changed.constLast().at(1).toString()));
        QCOMPARE(store->outbox().outboxEntry(*id).value()->status, OutboxStatus::Pending);
    }

    void aReadOnlySessionLooksButDoesNotChange()
    {
        auto store = observer();
        QVERIFY(store);
        const auto id = parkFailedRow(*store);
        QVERIFY(id);
        auto w = openWindow({}, true);
        QVERIFY(w);
        OutboxPane* pane = paneOf(w->window);
        QVERIFY(reloadUntil(pane, [&] { return pane->model()->rowOf(*id) >= 0; }));
        pane->selectRow(*id);
        QVERIFY(!pane->retryButton()->isEnabled());
        QVERIFY(!pane->discardButton()->isEnabled());
        QSignalSpy changed(pane, &OutboxPane::changed);
        pane->retry(*id);
        QCOMPARE(changed.size(), 1);
        QVERIFY(changed.constFirst().at(1).toString().contains(u"read-only"_s));
        QCOMPARE(store->outbox().outboxEntry(*id).value()->status, OutboxStatus::Failed);
    }
};

QTEST_MAIN(OutboxPaneTest)
#include "tst_outboxpane.moc"
