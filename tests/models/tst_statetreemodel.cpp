// SPDX-License-Identifier: GPL-3.0-or-later
// The State pane's tree: objects and arrays as rows with typed values, and what the selected event did to each
// row — added, changed (with the value before), removed (kept, with the value it had) — with the rows that hold
// a change marked, under QAbstractItemModelTester.
#include "models/diffmodel.h"
#include "models/fieldhistorymodel.h"
#include "models/statetreemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

using Change = StateTreeModel::Change;

Change changeAt(const StateTreeModel& model, const QString& path)
{
    return model.indexOfPath(path).data(StateTreeModel::ChangeRole).value<Change>();
}

QString valueText(const StateTreeModel& model, const QString& path)
{
    return model.indexOfPath(path).siblingAtColumn(StateTreeModel::ValueColumn).data().toString();
}

} // namespace

class StateTreeModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rowsAndWhatTheEventDid()
    {
        StateTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject before {{u"status"_s, u"active"_s}, {u"login_count"_s, 3}, {u"nickname"_s, u"sc"_s},
            {u"address"_s, QJsonObject {{u"city"_s, u"LA"_s}, {u"lines"_s, QJsonArray {u"1 Main St"_s, u"Apt 2"_s}}}}};
        const QJsonObject after {{u"status"_s, u"deleted"_s}, {u"login_count"_s, 3}, {u"deleted_at"_s, u"2025-03-17"_s},
            {u"address"_s, QJsonObject {{u"city"_s, u"LA"_s}, {u"lines"_s, QJsonArray {u"1 Main St"_s}}}}};
        model.setState(after, before, diffJson(before, after));

        QCOMPARE(model.rowCount(), 5); // four fields, and the removed nickname kept
        QCOMPARE(changeAt(model, u"status"_s), Change::Changed);
        QCOMPARE(model.indexOfPath(u"status"_s).data(StateTreeModel::BeforeRole).value<QJsonValue>().toString(),
            u"active"_s);
        QCOMPARE(valueText(model, u"status"_s), u"\"deleted\""_s);
        QCOMPARE(changeAt(model, u"deleted_at"_s), Change::Added);
        QCOMPARE(changeAt(model, u"login_count"_s), Change::None);
        QCOMPARE(changeAt(model, u"nickname"_s), Change::Removed);
        QCOMPARE(valueText(model, u"nickname"_s), u"\"sc\""_s); // what went
        // The nested removal: the element is kept under its array, the array and its object hold a change.
        QCOMPARE(changeAt(model, u"address.lines[1]"_s), Change::Removed);
        QCOMPARE(valueText(model, u"address.lines[1]"_s), u"\"Apt 2\""_s);
        QCOMPARE(changeAt(model, u"address.lines"_s), Change::Contains);
        QCOMPARE(changeAt(model, u"address"_s), Change::Contains);
        QCOMPARE(changeAt(model, u"address.city"_s), Change::None);
        QCOMPARE(valueText(model, u"address"_s), u"{2 fields}"_s);
        QCOMPARE(valueText(model, u"address.lines"_s), u"[1 item]"_s);
        QCOMPARE(
            model.indexOfPath(u"address.lines[0]"_s).data(StateTreeModel::PathRole).toString(), u"address.lines[0]"_s);
        QCOMPARE(model.indexOfPath(u"login_count"_s).data(StateTreeModel::ValueTypeRole).toString(), u"number"_s);
        QVERIFY(model.indexOfPath(u"status"_s).data(Qt::ToolTipRole).toString().contains(u"\"active\""_s));
        QVERIFY(!model.indexOfPath(u"no.such"_s).isValid());

        // Last set: looking until the blame arrives, then revision, time and actor; the actor masked on request.
        const QModelIndex statusBlame = model.indexOfPath(u"status"_s).siblingAtColumn(StateTreeModel::BlameColumn);
        QCOMPARE(statusBlame.data().toString(), u"…"_s);
        QCOMPARE(model.headerData(StateTreeModel::BlameColumn, Qt::Horizontal).toString(), u"Last set"_s);
        QHash<QString, FieldBlame> blame;
        blame.insert(u"status"_s,
            {7, *Timestamp::parse(u"2025-03-17T15:47:23.123Z"_s), u"USER_DELETED"_s, u"admin@company.com"_s});
        blame.insert(u"login_count"_s, {5, *Timestamp::parse(u"2025-03-01T09:00:00Z"_s), u"USER_LOGGED_IN"_s, {}});
        model.setBlame(blame, /*utc=*/true, /*hideActors=*/false);
        QVERIFY(model.blameKnown());
        QCOMPARE(statusBlame.data().toString(), u"r7 · admin@company.com · 2025-03-17 15:47:23.123Z"_s);
        QVERIFY(statusBlame.data(Qt::ToolTipRole).toString().contains(u"USER_DELETED"_s));
        QCOMPARE(model.indexOfPath(u"status"_s).data(StateTreeModel::BlameRevisionRole).toLongLong(), 7);
        QVERIFY(model.indexOfPath(u"login_count"_s)
                    .siblingAtColumn(StateTreeModel::BlameColumn)
                    .data()
                    .toString()
                    .contains(u" · no actor · "_s));
        QCOMPARE(model.indexOfPath(u"nickname"_s).siblingAtColumn(StateTreeModel::BlameColumn).data().toString(),
            u"removed here"_s);
        QCOMPARE(model.indexOfPath(u"deleted_at"_s).siblingAtColumn(StateTreeModel::BlameColumn).data().toString(),
            u"—"_s); // not in the blame given
        model.setBlame(blame, true, /*hideActors=*/true);
        QVERIFY(statusBlame.data().toString().startsWith(u"r7 · •••••• · "_s));
        // A failure says so; a new revision looks again.
        model.setBlameFailed(u"the store went away"_s);
        QCOMPARE(statusBlame.data().toString(), u"?"_s);
        QVERIFY(statusBlame.data(Qt::ToolTipRole).toString().contains(u"the store went away"_s));
        model.setBlamePending();
        QCOMPARE(statusBlame.data().toString(), u"…"_s);

        // The first event: everything is new.
        model.setState(after, {}, diffJson({}, after));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.index(row, 0).data(StateTreeModel::ChangeRole).value<Change>(), Change::Added);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void aFieldsHistory()
    {
        FieldHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<FieldChange> changes {{1, 10, Timestamp::fromMicros(1000), u"USER_CREATED"_s, u"signup"_s, {},
                                              QJsonValue(QJsonValue::Undefined), QJsonValue(u"active"_s)},
            {52, 900, Timestamp::fromMicros(2000), u"USER_DELETED"_s, u"admin@company.com"_s,
                u"User requested account deletion"_s, QJsonValue(u"active"_s), QJsonValue(u"deleted"_s)}};
        model.setHistory(u"user-1"_s, u"status"_s, changes, false);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, FieldHistoryModel::ChangeColumn).data().toString(), u"(none) → \"active\""_s);
        QCOMPARE(model.index(1, FieldHistoryModel::ChangeColumn).data().toString(), u"\"active\" → \"deleted\""_s);
        QCOMPARE(model.index(1, FieldHistoryModel::ActorColumn).data().toString(), u"admin@company.com"_s);
        QCOMPARE(
            model.index(1, FieldHistoryModel::ReasonColumn).data().toString(), u"User requested account deletion"_s);
        QCOMPARE(model.index(1, 0).data(FieldHistoryModel::RevisionRole).toLongLong(), 52);
        model.setHistory(u"user-1"_s, u"password_hash"_s, changes, true);
        QCOMPARE(model.index(1, FieldHistoryModel::ChangeColumn).data().toString(), u"•••••• → ••••••"_s);
        QCOMPARE(model.index(0, FieldHistoryModel::ChangeColumn).data().toString(), u"(none) → ••••••"_s);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void aDiff()
    {
        DiffModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject before {{u"status"_s, u"active"_s}, {u"nickname"_s, u"sc"_s}};
        const QJsonObject after {{u"status"_s, u"deleted"_s}, {u"deleted_by"_s, u"admin@company.com"_s}};
        model.setChanges(diffJson(before, after));
        QCOMPARE(model.rowCount(), 3);
        QStringList rows;
        for (int row = 0; row < model.rowCount(); ++row) {
            QStringList cells;
            for (int column = 0; column < DiffModel::ColumnCount; ++column)
                cells.append(model.index(row, column).data().toString());
            rows.append(cells.join(u'|'));
        }
        QVERIFY2(rows.contains(u"changed|status|\"active\"|\"deleted\""_s), qPrintable(rows.join(u"; "_s)));
        QVERIFY2(rows.contains(u"added|deleted_by||\"admin@company.com\""_s), qPrintable(rows.join(u"; "_s)));
        QVERIFY2(rows.contains(u"removed|nickname|\"sc\"|"_s), qPrintable(rows.join(u"; "_s)));
        model.setChanges({});
        QCOMPARE(model.rowCount(), 0);
    }

    void pathsAsJsonChangesWriteThem()
    {
        const QJsonObject state {{u"a"_s, QJsonObject {{u"b"_s, QJsonArray {1, QJsonObject {{u"c"_s, true}}}}}}};
        QCOMPARE(valueAtPath(state, u"a.b[1].c"_s), QJsonValue(true));
        QCOMPARE(valueAtPath(state, u"a.b[0]"_s), QJsonValue(1));
        QVERIFY(valueAtPath(state, u"a.b[2]"_s).isUndefined());
        QVERIFY(valueAtPath(state, u"a.x"_s).isUndefined());
        QVERIFY(valueAtPath(state, u"a.b[oops"_s).isUndefined());
        QVERIFY(StateTreeModel::maskedAt(state, u"a.b"_s, {u"b"_s}));
        QVERIFY(!StateTreeModel::maskedAt(state, u"a.b[0]"_s, {u"c"_s}));
        QVERIFY(StateTreeModel::maskedAt(state, u"a.b[1].c"_s, {u"c"_s}));
        QCOMPARE(StateTreeModel::display(QJsonValue(QJsonValue::Null)), u"null"_s);
        QCOMPARE(StateTreeModel::display(QJsonValue(2.5)), u"2.5"_s);
    }
};

QTEST_GUILESS_MAIN(StateTreeModelTest)
#include "tst_statetreemodel.moc"
