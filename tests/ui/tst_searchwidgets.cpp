// SPDX-License-Identifier: GPL-3.0-or-later
// The Search pane's parts on their own: the words found drawn in bold where a word starts (as the search matched
// them), the type chips (sorted, checked ones kept when the types change, a signal per change), and saved searches
// (every field kept, per store, replaced by name, removed, surviving a restart, the menu that runs them).
#include "models/savedsearch.h"
#include "settings.h"
#include "widgets/highlightdelegate.h"
#include "widgets/savedsearchesbutton.h"
#include "widgets/typechips.h"

#include <QJsonObject>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

SavedSearch sarahsDeletion()
{
    SavedSearch search;
    search.name = u"Sarah's deletion"_s;
    search.text = u"sarah.connor@example.com"_s;
    search.types = {u"USER_DELETED"_s, u"USER_SUSPENDED"_s};
    search.actor = u"admin@company.com"_s;
    search.range = SavedSearch::Range::Between;
    search.from = QDateTime(QDate(2025, 3, 17), QTime(15, 0), QTimeZone::utc());
    search.to = QDateTime(QDate(2025, 3, 17), QTime(16, 30), QTimeZone::utc());
    search.oldestFirst = true;
    return search;
}

QStringList names(const QList<SavedSearch>& searches)
{
    QStringList all;
    for (const SavedSearch& search : searches)
        all.append(search.name);
    return all;
}

} // namespace

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

    void aSavedSearchKeepsEveryField_data()
    {
        QTest::addColumn<int>("range");
        for (int range = 0; range <= int(SavedSearch::Range::Between); ++range)
            QTest::newRow(qPrintable(u"range %1"_s.arg(range))) << range;
    }
    void aSavedSearchKeepsEveryField()
    {
        QFETCH(int, range);
        SavedSearch search = sarahsDeletion();
        search.range = SavedSearch::Range(range);
        if (search.range != SavedSearch::Range::Between)
            search.from = search.to = {};
        const auto back = SavedSearch::fromJson(search.toJson());
        QVERIFY(back.has_value());
        QCOMPARE(*back, search);
    }

    void aSavedSearchReadsWhatItCanOfAnOddEntry()
    {
        QVERIFY(!SavedSearch::fromJson({}).has_value()); // no name: not a saved search
        QVERIFY(!SavedSearch::fromJson({{u"name"_s, u"   "_s}, {u"text"_s, u"x"_s}}).has_value());
        const auto odd
            = SavedSearch::fromJson({{u"name"_s, u"odd"_s}, {u"text"_s, u"x"_s}, {u"range"_s, u"fortnight"_s},
                {u"types"_s, u"USER_DELETED"_s}, {u"from"_s, u"yesterday"_s}, {u"later_field"_s, 3}});
        QVERIFY(odd.has_value());
        QCOMPARE(odd->text, u"x"_s);
        QCOMPARE(odd->range, SavedSearch::Range::AnyTime); // an unknown range is not guessed at
        QCOMPARE(odd->types, QStringList {});
        const auto between = SavedSearch::fromJson(
            {{u"name"_s, u"b"_s}, {u"range"_s, u"between"_s}, {u"from"_s, u"nonsense"_s}, {u"to"_s, u"2025-01-01"_s}});
        QVERIFY(between.has_value());
        QCOMPARE(between->range, SavedSearch::Range::AnyTime);
    }

    void savedSearchesArePerStoreByNameAndSurviveARestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"settings.ini"_s);
        const QString store = u"/srv/stores/app.flashback"_s;
        {
            QSettings stored(file, QSettings::IniFormat);
            Settings settings(&stored);
            QSignalSpy changed(&settings, &Settings::savedSearchesChanged);
            QCOMPARE(settings.savedSearches(store).size(), 0);
            settings.saveSearch(store, sarahsDeletion());
            SavedSearch logins;
            logins.name = u"all logins"_s;
            logins.types = {u"USER_LOGGED_IN"_s};
            logins.range = SavedSearch::Range::LastDay;
            settings.saveSearch(store, logins);
            QCOMPARE(names(settings.savedSearches(store)), (QStringList {u"all logins"_s, u"Sarah's deletion"_s}));
            QCOMPARE(changed.size(), 2);
            QCOMPARE(changed.constLast().constFirst().toString(), store);

            // The same name in other letter case replaces it.
            SavedSearch again = sarahsDeletion();
            again.name = u"SARAH'S DELETION"_s;
            again.oldestFirst = false;
            settings.saveSearch(store, again);
            QCOMPARE(names(settings.savedSearches(store)), (QStringList {u"all logins"_s, u"SARAH'S DELETION"_s}));
            QVERIFY(!settings.savedSearches(store).constLast().oldestFirst);

            // Another store has its own.
            QCOMPARE(settings.savedSearches(u"postgresql://db/app"_s).size(), 0);
            settings.saveSearch(store, SavedSearch {}); // no name: nothing saved
            QCOMPARE(settings.savedSearches(store).size(), 2);
        }
        QSettings stored(file, QSettings::IniFormat);
        Settings settings(&stored);
        const QList<SavedSearch> kept = settings.savedSearches(store);
        QCOMPARE(kept.size(), 2);
        SavedSearch expected = sarahsDeletion();
        expected.name = u"SARAH'S DELETION"_s;
        expected.oldestFirst = false;
        QCOMPARE(kept.constLast(), expected);
        settings.removeSavedSearch(store, u"sarah's deletion"_s);
        QCOMPARE(names(settings.savedSearches(store)), QStringList {u"all logins"_s});
    }

    void theSavedMenuRunsAndRemovesSearches()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings stored(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        Settings settings(&stored);
        const QString store = u"/srv/stores/app.flashback"_s;
        SavedSearchesButton button(&settings);
        button.setAddress(store);
        QSignalSpy chosen(&button, &SavedSearchesButton::chosen);
        QSignalSpy save(&button, &SavedSearchesButton::saveRequested);
        auto runActions = [&] {
            QList<QAction*> runs;
            for (QAction* action : button.menu()->actions()) {
                if (!action->isSeparator() && !action->menu() && action != button.saveAction())
                    runs.append(action);
            }
            return runs;
        };
        QCOMPARE(runActions().size(), 1);
        QVERIFY(!runActions().constFirst()->isEnabled()); // "No saved searches yet"

        settings.saveSearch(store, sarahsDeletion()); // the menu follows the settings
        QCOMPARE(runActions().size(), 1);
        QAction* run = runActions().constFirst();
        QCOMPARE(run->text(), u"Sarah's deletion"_s);
        QVERIFY2(run->toolTip().contains(u"sarah.connor@example.com"_s), qPrintable(run->toolTip()));
        QVERIFY2(run->toolTip().contains(u"oldest first"_s), qPrintable(run->toolTip()));
        run->trigger();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.constFirst().constFirst().value<SavedSearch>(), sarahsDeletion());

        button.saveAction()->trigger();
        QCOMPARE(save.size(), 1);

        QMenu* remove = nullptr;
        for (QAction* action : button.menu()->actions()) {
            if (action->menu())
                remove = action->menu();
        }
        QVERIFY(remove);
        QCOMPARE(remove->actions().size(), 1);
        remove->actions().constFirst()->trigger();
        QCOMPARE(settings.savedSearches(store).size(), 0);
        QVERIFY(!runActions().constFirst()->isEnabled());
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
