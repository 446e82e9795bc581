// SPDX-License-Identifier: GPL-3.0-or-later
// The Outbox pane's table without a store: every column, and reloads that update rows in place, append the new
// and drop the gone, under QAbstractItemModelTester.

#include "models/outboxmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

OutboxEntry row(qint64 id, OutboxStatus status, int attempts = 0, const QString& error = {})
{
    OutboxEntry entry;
    entry.id = id;
    entry.message.topic = u"welcome_email"_s;
    entry.message.idempotencyKey = u"welcome_email:%1"_s.arg(id);
    entry.message.streamId = u"user-%1"_s.arg(id);
    entry.status = status;
    entry.attempts = attempts;
    entry.lastError = error;
    entry.createdAt = Timestamp::parse(u"2026-12-03T10:00:00Z").value();
    entry.nextAttemptAt = Timestamp::parse(u"2026-12-03T10:05:00Z").value();
    return entry;
}

} // namespace

class OutboxModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyColumnSaysWhatTheRowIs()
    {
        OutboxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setUtc(true);
        model.setRows(
            {row(1, OutboxStatus::Completed, 1), row(2, OutboxStatus::Pending, 2, u"SMTP said 451\n try later"_s),
                row(3, OutboxStatus::Failed, 5, u"mailbox full"_s)});
        QCOMPARE(model.rowCount(), 3);
        const auto text = [&](int r, int c) { return model.index(r, c).data().toString(); };
        QCOMPARE(text(0, OutboxModel::IdColumn), u"1"_s);
        QCOMPARE(text(0, OutboxModel::StatusColumn), u"completed"_s);
        QCOMPARE(text(0, OutboxModel::NextAttemptColumn), QString()); // nothing to wait for
        QCOMPARE(text(1, OutboxModel::NextAttemptColumn), u"2026-12-03 10:05:00.000Z"_s);
        QCOMPARE(text(1, OutboxModel::ErrorColumn), u"SMTP said 451 try later"_s); // one line in the table
        QCOMPARE(
            model.index(1, OutboxModel::ErrorColumn).data(Qt::ToolTipRole).toString(), u"SMTP said 451\n try later"_s);
        QCOMPARE(text(2, OutboxModel::AttemptsColumn), u"5"_s);
        QCOMPARE(text(2, OutboxModel::KeyColumn), u"welcome_email:3"_s);
        QCOMPARE(text(2, OutboxModel::CreatedColumn), u"2026-12-03 10:00:00.000Z"_s);
        QCOMPARE(model.index(2, OutboxModel::TopicColumn).data(OutboxModel::IdRole).toLongLong(), 3);
        QCOMPARE(model.index(2, 0).data(OutboxModel::StatusRole).toInt(), int(OutboxStatus::Failed));
    }

    void aReloadChangesRowsInPlace()
    {
        OutboxModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({row(1, OutboxStatus::Pending), row(2, OutboxStatus::Failed), row(3, OutboxStatus::Pending)});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // Row 2 left the filter, row 3 was delivered, row 4 is new.
        model.setRows({row(1, OutboxStatus::Pending), row(3, OutboxStatus::Completed), row(4, OutboxStatus::Pending)});
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowOf(2), -1);
        QCOMPARE(model.rowOf(3), 1);
        QCOMPARE(model.entry(1)->status, OutboxStatus::Completed);
        QCOMPARE(model.rowOf(4), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(OutboxModelTest)
#include "tst_outboxmodel.moc"
