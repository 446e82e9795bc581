// SPDX-License-Identifier: GPL-3.0-or-later
// The record tables (streams, events): rows and character-sized columns follow the font, so a presenter's font
// zoom never clips a row; the elastic id column gives way in a narrow pane, never below its minimum, and stops
// following the pane once the user drags it.
#include "widgets/recordtableview.h"

#include <QApplication>
#include <QHeaderView>
#include <QStandardItemModel>
#include <QTest>

using namespace flashback;

namespace {
enum Column { Id, Type, Count, When, Last, Columns };
}

class RecordTableViewTest : public QObject {
    Q_OBJECT

private:
    QStandardItemModel m_model {50, Columns};

    std::unique_ptr<RecordTableView> makeView(int width)
    {
        auto view = std::make_unique<RecordTableView>();
        view->setModel(&m_model);
        view->setColumnWidthInDigits(Type, 10);
        view->setColumnWidthInDigits(Count, 8);
        view->setColumnWidthInDigits(When, 23);
        view->setElasticColumn(Id, 12, 36);
        view->resize(width, 300);
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return nullptr;
        return view;
    }
    static int digit(const QWidget& widget) { return widget.fontMetrics().horizontalAdvance(u'0'); }

private Q_SLOTS:
    void rowsAndColumnsFollowTheFont()
    {
        auto view = makeView(900);
        QVERIFY(view);
        const int rowBefore = view->rowHeight(0);
        QVERIFY(rowBefore >= view->fontMetrics().height());
        QCOMPARE(view->columnWidth(When), digit(*view) * 23);

        QFont bigger = view->font();
        bigger.setPointSizeF(bigger.pointSizeF() * 2);
        view->setFont(bigger);
        QVERIFY(view->rowHeight(0) > rowBefore);
        QVERIFY2(view->rowHeight(0) >= view->fontMetrics().height(), "a row is shorter than a line of its text");
        QCOMPARE(view->columnWidth(When), digit(*view) * 23);
        QCOMPARE(view->columnWidth(Type), digit(*view) * 10);
    }

    void theElasticColumnGivesWayInANarrowPane_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("wide") << 2000;
        QTest::newRow("medium") << 700;
        QTest::newRow("narrow") << 300;
    }

    void theElasticColumnGivesWayInANarrowPane()
    {
        QFETCH(int, width);
        auto view = makeView(width);
        QVERIFY(view);
        const int d = digit(*view);
        const int others = view->columnWidth(Type) + view->columnWidth(Count) + view->columnWidth(When);
        const int expected = std::clamp(view->viewport()->width() - others - 15 * d, 12 * d, 36 * d);
        QCOMPARE(view->columnWidth(Id), expected);
        QVERIFY(view->columnWidth(Id) >= 12 * d);
        QVERIFY(view->columnWidth(Id) <= 36 * d);
    }

    void theElasticColumnFollowsThePaneUntilDragged()
    {
        auto view = makeView(500);
        QVERIFY(view);
        const int narrow = view->columnWidth(Id);
        view->resize(1600, 300);
        QTRY_VERIFY(view->columnWidth(Id) > narrow);

        view->horizontalHeader()->resizeSection(Id, 123); // as a drag on the header does
        view->resize(400, 300);
        QTRY_VERIFY(view->viewport()->width() <= 400);
        QCOMPARE(view->columnWidth(Id), 123);
    }
};

QTEST_MAIN(RecordTableViewTest)
#include "tst_recordtableview.moc"
