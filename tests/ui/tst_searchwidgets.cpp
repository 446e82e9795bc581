// The Search pane's parts on their own: the words found drawn in bold where a word starts (as the search matched
// them), and the type chips (sorted, checked ones kept when the types change, a signal per change).
#include "widgets/highlightdelegate.h"
#include "widgets/typechips.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

class SearchWidgetsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void highlighted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("terms");
        QTest::addColumn<QString>("html");
        QTest::newRow("two words") << u"deleted: User requested account deletion"_s
                                   << QStringList {u"account"_s, u"deletion"_s}
                                   << u"deleted: User requested <b>account</b> <b>deletion</b>"_s;
        QTest::newRow("any case") << u"Sarah Connor"_s << QStringList {u"sarah"_s} << u"<b>Sarah</b> Connor"_s;
        QTest::newRow("a prefix at a word's start only")
            << u"delete undeleted"_s << QStringList {u"delet"_s} << u"<b>delet</b>e undeleted"_s;
        QTest::newRow("an email and its part")
            << u"by admin@company.com"_s << QStringList {u"company.com"_s} << u"by admin@<b>company.com</b>"_s;
        QTest::newRow("markup is escaped")
            << u"<b>x</b> & y"_s << QStringList {u"y"_s} << u"&lt;b&gt;x&lt;/b&gt; &amp; <b>y</b>"_s;
        QTest::newRow("no terms") << u"plain"_s << QStringList {} << u"plain"_s;
    }
    void highlighted()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, terms);
        QFETCH(QString, html);
        QCOMPARE(HighlightDelegate::highlighted(text, terms), html);
    }

    void typeChipsKeepOrderAndChecks()
    {
        TypeChips chips;
        QSignalSpy changed(&chips, &TypeChips::changed);
        chips.setTypes({u"USER_LOGGED_IN"_s, u"USER_CREATED"_s});
        QCOMPARE(chips.types(), (QStringList {u"USER_CREATED"_s, u"USER_LOGGED_IN"_s}));
        QCOMPARE(chips.checkedTypes(), QStringList {});
        chips.setChecked({u"USER_LOGGED_IN"_s});
        QCOMPARE(chips.checkedTypes(), QStringList {u"USER_LOGGED_IN"_s});
        QCOMPARE(changed.size(), 0); // set by code: no search is started twice
        chips.addType(u"USER_DELETED"_s);
        chips.addType(u"USER_DELETED"_s);
        QCOMPARE(chips.types(), (QStringList {u"USER_CREATED"_s, u"USER_DELETED"_s, u"USER_LOGGED_IN"_s}));
        chips.setTypes({u"USER_LOGGED_IN"_s, u"ORDER_PLACED"_s});
        QCOMPARE(chips.types(), (QStringList {u"ORDER_PLACED"_s, u"USER_LOGGED_IN"_s}));
        QCOMPARE(chips.checkedTypes(), QStringList {u"USER_LOGGED_IN"_s});
        chips.clearChecks();
        QCOMPARE(chips.checkedTypes(), QStringList {});
        QCOMPARE(changed.size(), 1);
    }
};

QTEST_MAIN(SearchWidgetsTest)
#include "tst_searchwidgets.moc"
