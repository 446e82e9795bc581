// SPDX-License-Identifier: GPL-3.0-or-later
// The real window, offscreen, against a real demo store on SQLite and on PostgreSQL (FLASHBACK_TEST_BACKEND): the
// support engineer's story ("who deleted Sarah's account, when and why?") told through the panes, deep links,
// masking, a second process appending while the window is open, read-only sessions and a dropped connection.
// Time travel in the window has its own test, tst_timetravelwindow.
#include "demowindowtest.h"
#include "dialogs/sensitivefieldsdialog.h"
#include "domain/domaincatalog.h"
#include "eventscript.h"
#include "mainwindow.h"
#include "models/diffmodel.h"
#include "models/eventlistmodel.h"
#include "models/fieldhistorymodel.h"
#include "models/openstreams.h"
#include "models/player.h"
#include "models/searchresultsmodel.h"
#include "models/selection.h"
#include "models/statetreemodel.h"
#include "models/storesession.h"
#include "models/streamlistmodel.h"
#include "panes/diffpane.h"
#include "panes/eventpane.h"
#include "panes/eventspane.h"
#include "panes/searchpane.h"
#include "panes/statepane.h"
#include "panes/storeoverview.h"
#include "panes/streamspane.h"
#include "panes/timelinepane.h"
#include "panes/whodeletedbox.h"
#include "resultcheck.h"
#include "settings.h"
#include "store/storeopener.h"
#include "storecontroller.h"
#include "storefixture.h"
#include "timeline/timelineview.h"
#include "timetravel/timetravel.h"
#include "widgets/messagebar.h"
#include "widgets/playbackbar.h"
#include "widgets/recordtableview.h"
#include "widgets/savedsearchesbutton.h"
#include "widgets/storestatus.h"
#include "widgets/typechips.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace flashback;
using flashback::test::StoreFixture;

namespace {

QTreeWidgetItem* findItem(QTreeWidget* tree, const QString& name)
{
    const auto items = tree->findItems(name, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return items.isEmpty() ? nullptr : items.constFirst();
}

} // namespace

class InspectorWindowTest : public test::DemoWindowTest {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeDemoStore()); }

    void theSupportStoryWithoutTypingAnId()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        StreamsPane* streams = window.streamsPane();
        QVERIFY(QTest::qWaitFor([&] { return streams->model()->totalCount() > 30; }, Deadline));
        // A shared PostgreSQL store opens read-only unless asked otherwise; a local file opens writable.
        const QString mode = onPostgres() ? u"PostgreSQL, read-only"_s : u"SQLite, writable"_s;
        QVERIFY2(window.storeStatus()->text().contains(mode), qPrintable(window.storeStatus()->text()));
        QVERIFY(QTest::qWaitFor([&] { return window.storeStatus()->text().contains(u" streams"_s); }, Deadline));

        // Sort by the last event: USER_DELETED streams gather; the filter narrows to Sarah's.
        QTest::keyClicks(streams->filterEdit(), m_demo.deletedUserId.left(8).toUpper());
        QVERIFY(QTest::qWaitFor([&] { return streams->model()->totalCount() == 1; }, Deadline));
        QVERIFY(QTest::qWaitFor(
            [&] { return streams->model()->index(0, 0).data(StreamListModel::StreamIdRole) == m_demo.deletedUserId; },
            Deadline));
        QCOMPARE(streams->model()->index(0, StreamListModel::LastEventTypeColumn).data().toString(), u"USER_DELETED"_s);
        streams->view()->selectRow(0);
        QCOMPARE(window.selection()->currentStream(), m_demo.deletedUserId);

        // The timeline shows her stream; a click on its last mark selects USER_DELETED.
        TimelineView* timeline = window.timelinePane()->view();
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto index = window.openStreams()->index(m_demo.deletedUserId);
                return index && !index->isEmpty() && timeline->laneCount() == 1 && timeline->isVisible();
            },
            Deadline));
        const auto index = window.openStreams()->index(m_demo.deletedUserId);
        QCOMPARE(index->typeNameAt(index->size() - 1), u"USER_DELETED"_s);
        const QRect lane = timeline->laneRect(0);
        const double x = timeline->plotRect().left() + timeline->scale().toPixel(double(index->occurredAt.back()));
        QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, QPoint(int(x), lane.center().y()));
        QCOMPARE(window.selection()->revision(), index->lastRevision());

        // The Event pane says who, when and why.
        EventPane* event = window.eventPane();
        QVERIFY(QTest::qWaitFor([&] { return findItem(event->tree(), u"Actor"_s) != nullptr; }, Deadline));
        QCOMPARE(findItem(event->tree(), u"Actor"_s)->text(1), u"admin@company.com"_s);
        QVERIFY(findItem(event->tree(), u"Reason"_s)->text(1).contains(u"account deletion"_s));
        QCOMPARE(findItem(event->tree(), u"Type"_s)->text(1), u"USER_DELETED"_s);
        QVERIFY(event->json()->toPlainText().contains(u"admin@company.com"_s));
        // The events list follows the selection.
        EventsPane* events = window.eventsPane();
        QCOMPARE(events->view()->currentIndex().row(), int(index->size() - 1));
        QVERIFY(!window.messageBar()->isVisible());
    }

    void whoDeletedTheAccountFromTheTicketsEmail()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        // No stream open yet: the store's start page, with what it holds and the box for the commonest ticket.
        StoreOverview* overview = window.storeOverview();
        QVERIFY(overview->isVisible());
        QVERIFY(QTest::qWaitFor([&] { return overview->figures()->text().contains(u"events in"_s); }, Deadline));
        QVERIFY2(
            overview->figures()->text().contains(u"streams, from 2025-"_s), qPrintable(overview->figures()->text()));
        QVERIFY(!overview->title()->text().isEmpty());
        WhoDeletedBox* who = overview->whoDeleted();
        who->field()->setText(u"sarah.connor@example.com"_s);
        QTest::keyClick(who->field(), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return who->answer()->text().contains(u"admin@company.com"_s); }, Deadline));
        QVERIFY2(
            who->answer()->text().contains(u"User requested account deletion"_s), qPrintable(who->answer()->text()));
        // Her stream is open at the deletion, and the Event pane tells the same story.
        QCOMPARE(window.selection()->currentStream(), m_demo.deletedUserId);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QString header = window.eventPane()->header()->text();
                return header.contains(u"USER_DELETED"_s) && header.contains(u"admin@company.com"_s);
            },
            Deadline));

        QVERIFY(!overview->isVisible()); // the timeline has her stream now

        // The same box in the Search pane, once streams are open.
        WhoDeletedBox* inSearch = window.searchPane()->whoDeleted();
        inSearch->field()->setText(u"nobody-at-all@nowhere.example"_s);
        QTest::keyClick(inSearch->field(), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor([&] { return inSearch->answer()->text().startsWith(u"No user"_s); }, Deadline));

        // Closing the streams brings the start page back; its search button goes to the Search pane.
        window.selection()->clear();
        QVERIFY(QTest::qWaitFor([&] { return overview->isVisible(); }, Deadline));
        overview->searchButton()->click();
        QVERIFY(window.searchPane()->isVisible());
        QVERIFY(QTest::qWaitFor([&] { return window.searchPane()->textField()->hasFocus(); }, Deadline));
    }

    void aSavedSearchComesBackWithEveryField()
    {
        auto w = openWindow();
        QVERIFY(w);
        SearchPane* search = w->window.searchPane();
        QVERIFY(QTest::qWaitFor([&] { return search->typeChips()->types().contains(u"USER_DELETED"_s); }, Deadline));
        search->textField()->setText(u"\"account deletion\""_s);
        search->typeChips()->setChecked({u"USER_DELETED"_s});
        search->actorField()->setText(u"admin@company.com"_s);
        search->saveCurrentSearch(u"Sarah's deletion"_s);
        search->textField()->clear();
        search->typeChips()->clearChecks();
        search->actorField()->clear();

        QAction* run = nullptr;
        for (QAction* action : search->savedSearches()->menu()->actions()) {
            if (action->text() == u"Sarah's deletion"_s)
                run = action;
        }
        QVERIFY(run);
        run->trigger();
        QCOMPARE(search->textField()->text(), u"\"account deletion\""_s);
        QCOMPARE(search->typeChips()->checkedTypes(), QStringList {u"USER_DELETED"_s});
        QCOMPARE(search->actorField()->text(), u"admin@company.com"_s);
        QVERIFY(QTest::qWaitFor(
            [&] { return !search->model()->isSearching() && search->model()->rowCount() > 0; }, Deadline));
        bool sarah = false;
        for (int row = 0; row < search->model()->rowCount(); ++row) {
            QCOMPARE(search->model()->hit(row).eventType, u"USER_DELETED"_s);
            QCOMPARE(search->model()->hit(row).actor, u"admin@company.com"_s);
            sarah = sarah || search->model()->hit(row).streamId == m_demo.deletedUserId;
        }
        QVERIFY(sarah);
        // Kept for this store, not for another.
        const bool kept = w->settings.savedSearches(m_store).size() == 1
            || w->settings.savedSearches(QFileInfo(m_store).absoluteFilePath()).size() == 1;
        QVERIFY(kept);
        QCOMPARE(w->settings.savedSearches(u"/elsewhere/other.flashback"_s).size(), 0);
    }

    void searchFindsTheIncidentAndOpensIt()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        SearchPane* search = window.searchPane();
        QAbstractItemModelTester tester(search->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The chips are the store's own event types.
        QVERIFY(QTest::qWaitFor([&] { return search->typeChips()->types().contains(u"USER_DELETED"_s); }, Deadline));

        // Ctrl+F, then what the ticket says.
        window.activateWindow();
        QTest::keySequence(&window, QKeySequence::Find);
        QVERIFY(QTest::qWaitFor([&] { return search->textField()->hasFocus(); }, Deadline));
        QTest::keyClicks(search->textField(), u"\"account deletion\""_s);
        QTest::keyClick(search->textField(), Qt::Key_Return);
        QVERIFY(QTest::qWaitFor(
            [&] { return search->model()->rowCount() > 0 && !search->model()->isSearching(); }, Deadline));
        QVERIFY2(search->status()->text().contains(u"result"_s), qPrintable(search->status()->text()));
        int sarahRow = -1;
        for (int row = 0; row < search->model()->rowCount(); ++row) {
            const QModelIndex summary = search->model()->index(row, SearchResultsModel::SummaryColumn);
            QVERIFY2(summary.data().toString().contains(u"account deletion"_s), qPrintable(summary.data().toString()));
            if (search->model()->hit(row).streamId == m_demo.deletedUserId)
                sarahRow = row;
        }
        QVERIFY(sarahRow >= 0);
        QCOMPARE(search->model()->index(0, 0).data(SearchResultsModel::TermsRole).toStringList(),
            (QStringList {u"account"_s, u"deletion"_s}));

        // Choosing the result opens her stream at that event.
        search->view()->setCurrentIndex(search->model()->index(sarahRow, 0));
        QCOMPARE(window.selection()->currentStream(), m_demo.deletedUserId);
        QCOMPARE(window.selection()->revision(), search->model()->hit(sarahRow).revision);

        // A type chip narrows the results to that type.
        const QStringList allTypes = search->typeChips()->types();
        search->typeChips()->setChecked({u"USER_LOGGED_IN"_s});
        search->runSearch();
        QVERIFY(QTest::qWaitFor([&] { return !search->model()->isSearching(); }, Deadline));
        QCOMPARE(search->model()->rowCount(), 0); // no login mentions an account deletion
        QCOMPARE(search->typeChips()->types(), allTypes);

        // Fields marked sensitive are masked in the results too (the search runs again at once).
        search->typeChips()->setChecked({});
        search->runSearch();
        QVERIFY(QTest::qWaitFor(
            [&] { return search->model()->rowCount() > 0 && !search->model()->isSearching(); }, Deadline));
        w->settings.setMaskedKeys({u"reason"_s, u"actor"_s});
        // What is hidden on screen cannot be found by typing it: the deletions matched by their reason only.
        QVERIFY(search->model()->isSearching()); // searched again at once
        QVERIFY(QTest::qWaitFor(
            [&] { return !search->model()->isSearching() && search->model()->rowCount() == 0; }, Deadline));
        // Found by what is not masked, they show the masked fields masked.
        search->textField()->setText(u"user_deleted"_s);
        search->runSearch();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !search->model()->isSearching() && search->model()->rowCount() > 0
                    && search->model()->hit(0).summary.contains(u"••••••"_s);
            },
            Deadline));
        for (int row = 0; row < search->model()->rowCount(); ++row) {
            QVERIFY(!search->model()->hit(row).summary.contains(u"account deletion"_s));
            QCOMPARE(search->model()->hit(row).actor, u"••••••"_s);
        }
        w->settings.setMaskedKeys({});

        // The search is remembered for this store.
        QVERIFY(w->settings.recentSearches(m_store).contains(u"\"account deletion\""_s)
            || w->settings.recentSearches(QFileInfo(m_store).absoluteFilePath()).contains(u"\"account deletion\""_s));
    }

    void maskedFieldsStayMaskedUntilRevealed()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        // USER_CREATED carries a password hash: read it here, to look for it where it must not be.
        QString secret;
        {
            auto store = openStore(*StoreAddress::parse(m_store), {});
            QVERIFY(store.ok());
            secret = (*store)
                         ->readStream(m_demo.deletedUserId, {})
                         .value()
                         .constFirst()
                         .dataObject()
                         .value(u"password_hash"_s)
                         .toString();
        }
        QVERIFY(secret.size() > 16);
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        EventPane* event = window.eventPane();
        QVERIFY(QTest::qWaitFor([&] { return findItem(event->tree(), u"password_hash"_s) != nullptr; }, Deadline));
        const QString masked = findItem(event->tree(), u"password_hash"_s)->text(1);
        QCOMPARE(masked, u"••••••"_s);
        QVERIFY(!event->json()->toPlainText().contains(secret));
        event->copyJson();
        QVERIFY(QGuiApplication::clipboard()->text().contains(u"••••••"_s));
        QVERIFY(!QGuiApplication::clipboard()->text().contains(secret));
        event->tree()->setCurrentItem(findItem(event->tree(), u"password_hash"_s));
        event->copySelectedValue();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"••••••"_s);

        QVERIFY(event->revealButton()->isEnabled());
        event->revealButton()->click();
        const QString revealed = findItem(event->tree(), u"password_hash"_s)->text(1);
        QCOMPARE(revealed, secret);
        QVERIFY(event->json()->toPlainText().contains(secret));

        // Revealed for that one event only.
        window.selection()->selectEvent(m_demo.deletedUserId, 2);
        QVERIFY(QTest::qWaitFor([&] { return !event->revealButton()->isChecked(); }, Deadline));
        window.selection()->selectEvent(m_demo.deletedUserId, 1);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto* item = findItem(event->tree(), u"password_hash"_s);
                return item && item->text(1) == masked;
            },
            Deadline));
    }

    void sensitiveFieldsAreMaskedAtOnce()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        EventPane* event = window.eventPane();
        QVERIFY(QTest::qWaitFor([&] { return findItem(event->tree(), u"email"_s) != nullptr; }, Deadline));
        const QString email = findItem(event->tree(), u"email"_s)->text(1);
        QVERIFY2(email.contains(u'@'), qPrintable(email));

        // Marked sensitive (View → Sensitive Fields), the value on show is masked at once, everywhere it could leak.
        EventsPane* events = window.eventsPane();
        const QModelIndex created = events->model()->index(0, EventListModel::SummaryColumn);
        QVERIFY(QTest::qWaitFor([&] { return created.data().toString().contains(email); }, Deadline));
        w->settings.setMaskedKeys({u"email"_s});
        QCOMPARE(findItem(event->tree(), u"email"_s)->text(1), u"••••••"_s);
        // The events list reads its rows again: no summary keeps the value.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return created.data(EventListModel::LoadedRole).toBool() && !created.data().toString().contains(email);
            },
            Deadline));
        QVERIFY(!event->json()->toPlainText().contains(email));
        event->copyJson();
        QVERIFY(!QGuiApplication::clipboard()->text().contains(email));
        QVERIFY(event->revealButton()->isEnabled());
        // The reason in the pane's header is masked like the rest.
        w->settings.setMaskedKeys({u"reason"_s});
        window.selection()->selectEvent(
            m_demo.deletedUserId, window.openStreams()->index(m_demo.deletedUserId)->lastRevision());
        QVERIFY(QTest::qWaitFor([&] { return event->header()->text().contains(u"USER_DELETED"_s); }, Deadline));
        QVERIFY2(!event->header()->text().contains(u"account deletion"_s), qPrintable(event->header()->text()));
        QVERIFY(event->header()->text().contains(u"••••••"_s));
        QCOMPARE(findItem(event->tree(), u"Reason"_s)->text(1), u"••••••"_s); // the metadata too
        QVERIFY(!event->json()->toPlainText().contains(u"account deletion"_s));
        w->settings.setMaskedKeys({});
        window.selection()->selectEvent(m_demo.deletedUserId, 1);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto* item = findItem(event->tree(), u"email"_s);
                return item && item->text(1) == email;
            },
            Deadline));

        // The dialog takes names and dotted paths, and refuses what is neither.
        SensitiveFieldsDialog dialog({u"ssn"_s}, {u"password_hash"_s});
        QCOMPARE(dialog.editor()->toPlainText(), u"ssn"_s);
        QPushButton* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        dialog.editor()->setPlainText(u"ssn\naddress..street"_s);
        QVERIFY(!ok->isEnabled());
        dialog.editor()->setPlainText(u" email \n\naddress.street\nemail"_s);
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.entries(), (QStringList {u"email"_s, u"address.street"_s}));
    }

    void deepLinksOpenTheRightPlace()
    {
        DeepLink link;
        link.streamId = m_demo.deletedUserId;
        link.revision = 2;
        auto w = openWindow(link);
        QVERIFY(w);
        MainWindow& window = w->window;
        QVERIFY(QTest::qWaitFor([&] { return window.selection()->revision() == 2; }, Deadline));
        QCOMPARE(window.selection()->currentStream(), m_demo.deletedUserId);
        QVERIFY(QTest::qWaitFor([&] { return window.eventsPane()->view()->currentIndex().row() == 1; }, Deadline));
        QVERIFY(QTest::qWaitFor([&] { return window.timelinePane()->view()->selectedRevision() == 2; }, Deadline));
        // "Copy link" gives the same place back, without a password.
        QVERIFY(QTest::qWaitFor([&] { return !window.eventPane()->link().isEmpty(); }, Deadline));
        const QString copied = window.eventPane()->link();
        QVERIFY2(copied.contains(u"--stream "_s + m_demo.deletedUserId) && copied.endsWith(u"--revision 2"_s),
            qPrintable(copied));

        DeepLink missing;
        missing.streamId = u"no-such-stream"_s;
        auto other = openWindow(missing);
        QVERIFY(other);
        QVERIFY(QTest::qWaitFor([&] { return other->window.messageBar()->isVisible(); }, Deadline));
        QVERIFY(other->window.messageBar()->text().contains(u"no-such-stream"_s));
    }

    void anotherProcessAppendsWhileTheWindowIsOpen()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        const QString stream = m_demo.suspendedUserId;
        window.selection()->openStreams({stream}, 1);
        EventsPane* events = window.eventsPane();
        QVERIFY(QTest::qWaitFor([&] { return events->model()->rowCount() > 1; }, Deadline));
        const int before = events->model()->rowCount();
        QVERIFY(QTest::qWaitFor([&] { return events->view()->currentIndex().row() == 0; }, Deadline));

        QProcess cli;
        cli.setProcessChannelMode(QProcess::MergedChannels);
        cli.start(QStringLiteral(FLASHBACK_CLI),
            {u"--store"_s, m_store, u"command"_s, u"RecordLogin"_s, u"--stream"_s, stream, u"--set"_s, u"ip=10.1.2.3"_s,
                u"--actor"_s, u"test@example.com"_s});
        QVERIFY(cli.waitForFinished(Deadline));
        QVERIFY2(cli.exitCode() == 0, cli.readAll().constData());

        QVERIFY(QTest::qWaitFor([&] { return events->model()->rowCount() == before + 1; }, Deadline));
        QCOMPARE(window.selection()->revision(), 1); // the selection stays where the user put it
        QCOMPARE(events->view()->currentIndex().row(), 0);
        QVERIFY(window.timelinePane()->newEventsBadge()->isVisible());
        QVERIFY(window.timelinePane()->newEventsBadge()->text().contains(u"1 new event"_s));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return events->model()->index(before, EventListModel::ActorColumn).data().toString()
                    == u"test@example.com"_s;
            },
            Deadline));
        window.timelinePane()->jumpToNewest();
        QCOMPARE(window.selection()->revision(), qint64(before + 1));
    }

    void readOnlyOrWritableAsAsked_data()
    {
        QTest::addColumn<std::optional<bool>>("asked");
        QTest::addColumn<bool>("readOnly");
        // --read-only and --writable override the default: read-only for PostgreSQL, writable for a file.
        QTest::newRow("default") << std::optional<bool>() << onPostgres();
        QTest::newRow("--read-only") << std::optional<bool>(true) << true;
        QTest::newRow("--writable") << std::optional<bool>(false) << false;
    }
    void readOnlyOrWritableAsAsked()
    {
        QFETCH(std::optional<bool>, asked);
        QFETCH(bool, readOnly);
        auto w = openWindow({}, asked);
        QVERIFY(w);
        MainWindow& window = w->window;
        QCOMPARE(window.session()->store().readOnly, readOnly);
        const QString mode = readOnly ? u", read-only"_s : u", writable"_s;
        QVERIFY2(window.storeStatus()->text().contains(mode), qPrintable(window.storeStatus()->text()));
        // Reading works either way.
        QVERIFY(QTest::qWaitFor([&] { return window.streamsPane()->model()->totalCount() > 30; }, Deadline));
    }

    void aDroppedConnectionShowsAndRecovers()
    {
        if (!onPostgres())
            QSKIP("only a server can drop a connection; the PostgreSQL run has it");
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        EventsPane* events = window.eventsPane();
        QVERIFY(QTest::qWaitFor([&] { return events->model()->rowCount() > 1; }, Deadline));
        const int rows = events->model()->rowCount();
        QVERIFY(QTest::qWaitFor([&] { return window.streamsPane()->model()->totalCount() > 30; }, Deadline));
        const qint64 streams = window.streamsPane()->model()->totalCount();
        QSignalSpy lost(window.session(), &StoreSession::connectionLost);
        QSignalSpy restored(window.session(), &StoreSession::connectionRestored);
        QStringList messages;
        connect(window.session(), &StoreSession::connectionLost, this,
            [&] { messages.append(window.messageBar()->text()); });

        QVERIFY(m_fixture.terminateConnections(m_store));
        window.selection()->selectEvent(m_demo.deletedUserId, 2); // a read, which meets the dropped connection
        QVERIFY(QTest::qWaitFor([&] { return restored.size() >= 1; }, Deadline));
        QVERIFY(lost.size() >= 1);
        // The user was told, without a dialog, that what is shown may be stale.
        QVERIFY2(
            !messages.isEmpty() && messages.constFirst().contains(u"reconnecting"_s), qPrintable(messages.join(u'|')));
        QVERIFY(messages.constFirst().contains(u"out of date"_s));
        // The views kept their data, and say they are current again.
        QCOMPARE(events->model()->rowCount(), rows);
        QCOMPARE(window.streamsPane()->model()->totalCount(), streams);
        QVERIFY(window.messageBar()->text().contains(u"Connected again"_s));
        QVERIFY(QTest::qWaitFor([&] { return !window.storeStatus()->text().contains(u"reconnecting"_s); }, Deadline));
        // And the Event pane shows the event that was asked for across the drop.
        const QString second = window.openStreams()->index(m_demo.deletedUserId)->typeNameAt(1);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto* revision = findItem(window.eventPane()->tree(), u"Revision"_s);
                const auto* type = findItem(window.eventPane()->tree(), u"Type"_s);
                return revision && type && revision->text(1) == u"2"_s && type->text(1) == second;
            },
            Deadline));
    }
};

QTEST_MAIN(InspectorWindowTest)
#include "tst_inspectorwindow.moc"
