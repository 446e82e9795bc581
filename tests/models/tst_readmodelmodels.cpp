// SPDX-License-Identifier: GPL-3.0-or-later
// The Read Model pane's models without a store: the comparison tree (a row per read-model row, a child per
// column, lag and drift told apart) and the drifted-rows table, under QAbstractItemModelTester.

#include "models/driftexamplesmodel.h"
#include "models/readmodelcomparisonmodel.h"
#include "projections/readmodelschemas.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

ReadModelRow user(const QString& first, qint64 revision)
{
    return {{u"user_id"_s, u"u-1"_s}, {u"username"_s, u"sarah.connor"_s}, {u"first_name"_s, first},
        {u"last_name"_s, u"Connor"_s}, {u"status"_s, u"active"_s}, {u"revision"_s, revision},
        {u"deleted_at"_s, QVariant()}};
}

/// Sarah's row: stored at revision 2, a name change (revision 3) not yet projected, and `drift` columns altered.
StreamReadModelComparison comparison(bool drifted)
{
    const ReadModelTable& table = *usersReadModel().table(u"users"_s);
    StreamRowComparison row;
    row.table = u"users"_s;
    row.key = u"user_id=u-1"_s;
    row.keyValues = {{u"user_id"_s, u"u-1"_s}};
    row.stored = user(u"Sarah"_s, 2);
    if (drifted)
        row.stored->insert(u"username"_s, u"tampered"_s);
    row.atCheckpoint = user(u"Sarah"_s, 2);
    row.atHead = user(u"Sara"_s, 3);
    row.drift = differingColumns(table, *row.stored, *row.atCheckpoint);
    row.pending = differingColumns(table, *row.stored, *row.atHead);
    StreamReadModelComparison c;
    c.projection = u"users"_s;
    c.streamId = u"u-1"_s;
    c.checkpoint.position = 40;
    c.streamRevision = 3;
    c.revisionAtCheckpoint = 2;
    c.eventsBehind = 1;
    c.handlesStream = true;
    c.rows = {row};
    return c;
}

QModelIndex childNamed(const ReadModelComparisonModel& model, const QString& field)
{
    const QModelIndex parent = model.index(0, 0);
    for (int i = 0; i < model.rowCount(parent); ++i) {
        if (model.index(i, ReadModelComparisonModel::FieldColumn, parent).data().toString() == field)
            return model.index(i, 0, parent);
    }
    return {};
}

ReadModelComparisonModel::Status statusOf(const QModelIndex& index)
{
    return ReadModelComparisonModel::Status(index.data(ReadModelComparisonModel::StatusRole).toInt());
}

} // namespace

class ReadModelModelsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lagIsPendingNotDrift()
    {
        ReadModelComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setComparison(comparison(false));
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex row = model.index(0, 0);
        QCOMPARE(row.data().toString(), u"users \u00b7 user_id=u-1 \u2014 2 fields not yet projected"_s);
        QCOMPARE(statusOf(row), ReadModelComparisonModel::Status::Pending);
        QCOMPARE(model.index(0, ReadModelComparisonModel::StatusColumn).data().toString(),
            u"2 fields not yet projected"_s); // first_name and revision
        // A child per column of the users table, in its order.
        QCOMPARE(model.rowCount(row), usersReadModel().table(u"users"_s)->columns.size());
        const QModelIndex first = childNamed(model, u"first_name"_s);
        QVERIFY(first.isValid());
        QCOMPARE(statusOf(first), ReadModelComparisonModel::Status::Pending);
        QCOMPARE(first.siblingAtColumn(ReadModelComparisonModel::StoredColumn).data().toString(), u"Sarah"_s);
        QCOMPARE(first.siblingAtColumn(ReadModelComparisonModel::ReplayedColumn).data().toString(), u"Sara"_s);
        QVERIFY(first.siblingAtColumn(0).data(Qt::ToolTipRole).toString().contains(u"Sara"_s));
        const QModelIndex username = childNamed(model, u"username"_s);
        QCOMPARE(statusOf(username), ReadModelComparisonModel::Status::Equal);
        QCOMPARE(username.siblingAtColumn(ReadModelComparisonModel::StatusColumn).data().toString(), QString());
        QCOMPARE(childNamed(model, u"deleted_at"_s).siblingAtColumn(1).data().toString(), u"\u2014"_s);
        QCOMPARE(model.headerData(ReadModelComparisonModel::StoredColumn, Qt::Horizontal).toString(),
            u"Read model \u00b7 revision 2"_s);
        QCOMPARE(model.headerData(ReadModelComparisonModel::ReplayedColumn, Qt::Horizontal).toString(),
            u"Aggregate \u00b7 revision 3"_s);
    }

    void driftOutranksLag()
    {
        ReadModelComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setComparison(comparison(true));
        QCOMPARE(statusOf(model.index(0, 0)), ReadModelComparisonModel::Status::Drift);
        QCOMPARE(model.index(0, ReadModelComparisonModel::StatusColumn).data().toString(), u"drift in 1 field"_s);
        const QModelIndex username = childNamed(model, u"username"_s);
        QCOMPARE(statusOf(username), ReadModelComparisonModel::Status::Drift);
        QVERIFY(username.data(Qt::ToolTipRole).toString().contains(u"sarah.connor"_s));
        QCOMPARE(statusOf(childNamed(model, u"first_name"_s)), ReadModelComparisonModel::Status::Pending);

        // A missing row is drift too, however its columns compare.
        StreamReadModelComparison missing = comparison(false);
        missing.rows[0].stored.reset();
        model.setComparison(missing);
        QCOMPARE(statusOf(model.index(0, 0)), ReadModelComparisonModel::Status::Drift);
        QCOMPARE(model.index(0, ReadModelComparisonModel::StoredColumn).data().toString(), u"no row"_s);
        QCOMPARE(
            model.index(0, ReadModelComparisonModel::StatusColumn).data().toString(), u"drift: the row is missing"_s);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.headerData(ReadModelComparisonModel::StoredColumn, Qt::Horizontal).toString(), u"Read model"_s);
    }

    void valuesReadAsValues()
    {
        QCOMPARE(ReadModelComparisonModel::valueText(QVariant()), u"\u2014"_s);
        QCOMPARE(ReadModelComparisonModel::valueText(true), u"true"_s);
        QCOMPARE(ReadModelComparisonModel::valueText(qint64(12)), u"12"_s);
        QCOMPARE(ReadModelComparisonModel::valueText(u"{ \"a\" : 1 }"_s), u"{\"a\":1}"_s);
        QCOMPARE(ReadModelComparisonModel::valueText(u"{not json"_s), u"{not json"_s);
    }

    void driftedRowsTable()
    {
        DriftExamplesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RowDrift different {RowDrift::Kind::Different, u"users"_s, u"user_id=u-1"_s, {{u"user_id"_s, u"u-1"_s}},
            {{u"first_name"_s, u"Tampered"_s, u"Sarah"_s}, {u"login_count"_s, qint64(10), qint64(3)}}};
        RowDrift missing {RowDrift::Kind::Missing, u"users"_s, u"user_id=u-2"_s, {{u"user_id"_s, u"u-2"_s}},
            {{u"user_id"_s, {}, u"u-2"_s}, {u"username"_s, {}, u"kyle"_s}}};
        model.setExamples({different, missing});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, DriftExamplesModel::KindColumn).data().toString(), u"different"_s);
        QCOMPARE(model.index(0, DriftExamplesModel::DifferencesColumn).data().toString(),
            u"first_name: Tampered, expected Sarah; login_count: 10, expected 3"_s);
        QCOMPARE(model.index(1, DriftExamplesModel::KindColumn).data().toString(), u"missing"_s);
        QCOMPARE(
            model.index(1, DriftExamplesModel::DifferencesColumn).data().toString(), u"user_id=u-2; username=kyle"_s);
        QCOMPARE(model.index(1, DriftExamplesModel::RowColumn).data().toString(), u"user_id=u-2"_s);
        model.setExamples({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(ReadModelModelsTest)
#include "tst_readmodelmodels.moc"
