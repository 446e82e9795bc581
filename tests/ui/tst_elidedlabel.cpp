// SPDX-License-Identifier: GPL-3.0-or-later
// The one-line labels that give way in a narrow pane (the Events pane's title): whole and rich while they fit,
// elided in the middle with the whole text as a tooltip when they do not, never pushing a neighbour out of view.
#include "widgets/elidedlabel.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {
const QString Stream = u"3fa30134-602f-40b0-9e3d-1a6abfc94584"_s;
const QString Plain = Stream + u" · 52 events"_s;
const QString Rich = u"<b>"_s + Stream + u"</b> · 52 events"_s;
} // namespace

class ElidedLabelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wholeWhileItFits()
    {
        ElidedLabel label;
        label.setFullText(Plain, Rich);
        label.resize(label.fontMetrics().horizontalAdvance(Plain) * 2, 30);
        label.show();
        QVERIFY(QTest::qWaitForWindowExposed(&label));
        QCOMPARE(label.text(), Rich);
        QCOMPARE(label.textFormat(), Qt::RichText);
        QVERIFY(label.toolTip().isEmpty());
        QCOMPARE(label.fullText(), Plain);
    }

    void elidedInTheMiddleWhenNarrow()
    {
        ElidedLabel label;
        label.setFullText(Plain, Rich);
        label.resize(label.fontMetrics().horizontalAdvance(Plain) / 2, 30);
        label.show();
        QVERIFY(QTest::qWaitForWindowExposed(&label));
        QCOMPARE(label.textFormat(), Qt::PlainText);
        QVERIFY2(label.text().contains(u'…'), qPrintable(label.text()));
        QVERIFY(label.text().startsWith(u"3fa3"_s));
        QVERIFY(label.text().endsWith(u"events"_s));
        QVERIFY(label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width());
        QCOMPARE(label.toolTip(), Plain);
    }

    void aNeighbourKeepsItsRoom()
    {
        QWidget row;
        auto* label = new ElidedLabel(&row);
        auto* field = new QLineEdit(&row);
        const int digit = field->fontMetrics().horizontalAdvance(u'0');
        field->setMinimumWidth(digit * 16);
        auto* layout = new QHBoxLayout(&row);
        layout->addWidget(label, 1);
        layout->addWidget(field);
        label->setFullText(Plain, Rich);
        row.resize(digit * 30, 40); // less than the title alone needs
        row.show();
        QVERIFY(QTest::qWaitForWindowExposed(&row));
        QVERIFY(field->width() >= digit * 16);
        QVERIFY(label->geometry().right() < field->geometry().left());
        QCOMPARE(label->toolTip(), Plain);
    }
};

QTEST_MAIN(ElidedLabelTest)
#include "tst_elidedlabel.moc"
