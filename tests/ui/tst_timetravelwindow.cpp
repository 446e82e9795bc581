// SPDX-License-Identifier: GPL-3.0-or-later
// Time travel in the real window, offscreen, against a real demo store on SQLite and on PostgreSQL
// (FLASHBACK_TEST_BACKEND): the state at any revision with what changed and who changed it, going to a time,
// stepping and playing, the diff of any two revisions with a drifted snapshot, and the incident report.

#include "demowindowtest.h"
#include "dialogs/incidentreportdialog.h"
#include "dialogs/testexportdialog.h"
#include "eventscript.h"
#include "incidentexporter.h"
#include "models/diffmodel.h"
#include "models/eventlistmodel.h"
#include "models/fieldhistorymodel.h"
#include "models/player.h"
#include "models/selection.h"
#include "models/statetreemodel.h"
#include "panes/diffpane.h"
#include "panes/eventspane.h"
#include "panes/statepane.h"
#include "panes/timelinepane.h"
#include "resultcheck.h"
#include "store/storeopener.h"
#include "timeline/timelineview.h"
#include "timetravel/timetravel.h"
#include "widgets/messagebar.h"
#include "widgets/playbackbar.h"
#include "widgets/recordtableview.h"
#include "widgets/timepicker.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimeEdit>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace flashback;
using flashback::test::StoreFixture;

class TimeTravelWindowTest : public test::DemoWindowTest {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeDemoStore()); }

    void theStatePaneShowsWhatTheDeletionChanged()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        StatePane* pane = window.statePane();
        QAbstractItemModelTester tester(pane->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        if (auto* dock = qobject_cast<QDockWidget*>(pane->parentWidget()))
            dock->raise();
        const StateTreeModel* model = pane->model();
        auto change = [&](const QString& path) {
            return model->indexOfPath(path).data(StateTreeModel::ChangeRole).value<StateTreeModel::Change>();
        };
        auto value = [&](const QString& path) {
            return model->indexOfPath(path).siblingAtColumn(StateTreeModel::ValueColumn).data().toString();
        };

        // Her deletion: status changed from active, who and why added.
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        QVERIFY(QTest::qWaitFor([&] { return window.eventsPane()->model()->rowCount() > 1; }, Deadline));
        window.eventsPane()->selectLast();
        const qint64 last = window.selection()->revision();
        QVERIFY(QTest::qWaitFor(
            [&] { return pane->shown().at.revision == last && value(u"status"_s) != QString(); }, Deadline));
        QCOMPARE(value(u"status"_s), u"\"deleted\""_s);
        QCOMPARE(change(u"status"_s), StateTreeModel::Change::Changed);
        QCOMPARE(model->indexOfPath(u"status"_s).data(StateTreeModel::BeforeRole).value<QJsonValue>().toString(),
            u"active"_s);
        QCOMPARE(change(u"deleted_by"_s), StateTreeModel::Change::Changed); // from null
        QCOMPARE(value(u"deleted_by"_s), u"\"admin@company.com\""_s);
        QCOMPARE(change(u"email"_s), StateTreeModel::Change::None);
        QVERIFY2(pane->header()->text().contains(u"revision %1 of %1"_s.arg(last)), qPrintable(pane->header()->text()));
        // Blame for state, found after the state is shown: who last set each field, and when.
        auto blamed = [&](const QString& path) {
            return model->indexOfPath(path).data(StateTreeModel::BlameRevisionRole).toLongLong();
        };
        auto blameText = [&](const QString& path) {
            return model->indexOfPath(path).siblingAtColumn(StateTreeModel::BlameColumn).data().toString();
        };
        QVERIFY(QTest::qWaitFor([&] { return model->blameKnown(); }, Deadline));
        QCOMPARE(blamed(u"status"_s), last);
        QCOMPARE(blamed(u"deleted_by"_s), last);
        QVERIFY2(blameText(u"status"_s).startsWith(u"r%1 · admin@company.com · 2025-03-17 "_s.arg(last)),
            qPrintable(blameText(u"status"_s)));
        QVERIFY(blamed(u"email"_s) >= 1 && blamed(u"email"_s) < last);
        QVERIFY(model->indexOfPath(u"status"_s)
                    .siblingAtColumn(StateTreeModel::BlameColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"USER_DELETED"_s));

        // Her first event: everything added; the password hash masked until revealed, and copied masked.
        window.selection()->selectEvent(m_demo.deletedUserId, 1);
        QVERIFY(QTest::qWaitFor([&] { return pane->shown().at.revision == 1; }, Deadline));
        QCOMPARE(change(u"email"_s), StateTreeModel::Change::Added);
        QCOMPARE(value(u"email"_s), u"\"sarah.connor@example.com\""_s);
        QCOMPARE(value(u"password_hash"_s), u"\"••••••\""_s);
        QCOMPARE(pane->copyText(model->indexOfPath(u"password_hash"_s), false), u"••••••"_s);
        QCOMPARE(pane->copyText(model->indexOfPath(u"email"_s), true), u"email"_s);
        QVERIFY(pane->revealButton()->isEnabled());
        pane->revealButton()->click();
        QVERIFY(value(u"password_hash"_s).startsWith(u"\"pbkdf2"_s));
        window.selection()->selectEvent(m_demo.deletedUserId, 2); // revealed for one revision only
        QVERIFY(QTest::qWaitFor([&] { return pane->shown().at.revision == 2; }, Deadline));
        QCOMPARE(value(u"password_hash"_s), u"\"••••••\""_s);

        // The cache of the stream is built behind the answers, and says what it holds.
        QVERIFY(QTest::qWaitFor([&] { return pane->cacheStatus()->text().contains(u"not needed"_s); }, Deadline));
        // Who changed the status? Set at her creation, changed by the deletion; choosing one goes there.
        pane->showHistory(u"status"_s);
        QVERIFY(QTest::qWaitFor([&] { return pane->historyModel()->rowCount() == 2; }, Deadline));
        const FieldHistoryModel* history = pane->historyModel();
        QCOMPARE(history->change(0).revision, 1);
        QCOMPARE(history->change(1).revision, last);
        QCOMPARE(history->index(1, FieldHistoryModel::ActorColumn).data().toString(), u"admin@company.com"_s);
        QCOMPARE(history->index(1, FieldHistoryModel::ChangeColumn).data().toString(), u"\"active\" → \"deleted\""_s);
        QVERIFY(pane->historyView()->isVisible());
        pane->historyView()->setCurrentIndex(history->index(1, 0));
        Q_EMIT pane->historyView()->activated(history->index(1, 0));
        QCOMPARE(window.selection()->revision(), last);
        // The password hash's history shows when it changed, never what it was.
        pane->showHistory(u"password_hash"_s);
        QVERIFY(QTest::qWaitFor(
            [&] { return history->path() == u"password_hash"_s && history->rowCount() > 0; }, Deadline));
        QVERIFY(history->index(0, FieldHistoryModel::ChangeColumn).data().toString().endsWith(u"••••••"_s));

        // A long stream gets checkpoints, and its answers stay those of a replay.
        window.selection()->openStreams({m_demo.longStreamUserId}, m_demo.longStreamEvents - 3);
        QVERIFY(QTest::qWaitFor(
            [&] { return pane->cacheStatus()->text().contains(u"checkpoints (every 256 revisions)"_s); }, Deadline));
        QVERIFY(QTest::qWaitFor([&] { return pane->shown().at.revision == m_demo.longStreamEvents - 3; }, Deadline));
        QCOMPARE(value(u"login_count"_s).toLongLong(), m_demo.longStreamEvents - 4); // created, then logins
        // Its blame walks back through the segments: the count set by the event shown, the email long before.
        QVERIFY(QTest::qWaitFor([&] { return model->blameKnown(); }, Deadline));
        QCOMPARE(blamed(u"login_count"_s), m_demo.longStreamEvents - 3);
        QCOMPARE(blamed(u"user_id"_s), 1); // its creation, 39 segments back
    }

    void goToATimeStepAndPlay()
    {
        auto w = openWindow();
        QVERIFY(w);
        w->settings.setUtc(true); // the times typed below are UTC
        MainWindow& window = w->window;
        StatePane* state = window.statePane();
        if (auto* dock = qobject_cast<QDockWidget*>(state->parentWidget()))
            dock->raise();
        auto value = [&](const QString& path) {
            return state->model()->indexOfPath(path).siblingAtColumn(StateTreeModel::ValueColumn).data().toString();
        };
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        PlaybackBar* bar = window.timelinePane()->playbackBar();
        QVERIFY(QTest::qWaitFor([&] { return bar->slider()->isEnabled() && bar->slider()->maximum() > 1; }, Deadline));
        const int last = bar->slider()->maximum();

        // A minute before the deletion she is active; one step on, deleted by the admin.
        QVERIFY(window.eventsPane()->goTo(u"2025-03-17 15:47:00"_s));
        QCOMPARE(window.selection()->revision(), qint64(last - 1));
        QVERIFY(QTest::qWaitFor([&] { return state->shown().at.revision == last - 1; }, Deadline));
        QCOMPARE(value(u"status"_s), u"\"active\""_s);
        // Or picked on the calendar: the same instant, the same event; Go untouched stays where it is.
        window.selection()->selectEvent(m_demo.deletedUserId, last);
        EventsPane* events = window.eventsPane();
        events->pickTime();
        QVERIFY(events->timePicker()->isVisible());
        events->timePicker()->goButton()->click();
        QCOMPARE(window.selection()->revision(), qint64(last));
        QVERIFY(!events->timePicker()->isVisible());
        events->pickTime();
        events->timePicker()->calendar()->setSelectedDate(QDate(2025, 3, 17));
        events->timePicker()->timeEdit()->setTime(QTime(15, 47));
        events->timePicker()->goButton()->click();
        QCOMPARE(window.selection()->revision(), qint64(last - 1));
        QCOMPARE(events->goToEdit()->text(), u"2025-03-17 15:47:00"_s);
        bar->firstButton()->click();
        QCOMPARE(window.selection()->revision(), 1);
        bar->slider()->setValue(last - 1); // a drag moves the selection
        QCOMPARE(window.selection()->revision(), qint64(last - 1));
        bar->nextButton()->click();
        QCOMPARE(window.selection()->revision(), qint64(last));
        QVERIFY(QTest::qWaitFor([&] { return state->shown().at.revision == last; }, Deadline));
        QCOMPARE(value(u"status"_s), u"\"deleted\""_s);
        QCOMPARE(value(u"deleted_by"_s), u"\"admin@company.com\""_s);
        QCOMPARE(bar->position()->text(), u"rev %1 of %1"_s.arg(last));

        // At the events' own pace, the quiet spells playing shortens (over 2 s of playing) are marked on the
        // timeline: at ×100,000 only those over 200,000 s, such as the fortnight before her deletion.
        TimelineView* view = window.timelinePane()->view();
        bar->speed()->setCurrentIndex(bar->speed()->findText(u"Own pace ×100,000"_s));
        QVERIFY(!view->compressedGaps().isEmpty());
        for (const auto& [from, to] : view->compressedGaps())
            QVERIFY(to - from > 200000LL * 1000000);
        QCOMPARE(view->compressedGaps().constLast().second, m_demo.deletedAt.micros());
        bar->speed()->setCurrentIndex(bar->speed()->findText(u"Own pace ×1,000"_s));
        const auto shorter = view->compressedGaps();
        QVERIFY(shorter.size() > 1);
        for (const auto& [from, to] : shorter)
            QVERIFY(to - from > 2000LL * 1000000);
        QVERIFY(!view->grab().isNull()); // drawn with the marks
        bar->speed()->setCurrentIndex(bar->speed()->findText(u"25 events/s"_s));
        QVERIFY(view->compressedGaps().isEmpty());

        // Playing at 100 events a second moves the playhead on by itself, to the end, and stops there.
        bar->speed()->setCurrentIndex(5);
        window.selection()->selectEvent(m_demo.deletedUserId, 1);
        bar->playButton()->click();
        QVERIFY(window.timelinePane()->player()->isPlaying());
        QVERIFY(QTest::qWaitFor([&] { return window.selection()->revision() >= 5; }, Deadline));
        QVERIFY(QTest::qWaitFor([&] { return !window.timelinePane()->player()->isPlaying(); }, Deadline));
        QCOMPARE(window.selection()->revision(), qint64(last));
        QCOMPARE(bar->playButton()->accessibleName(), u"Play"_s);

        // Pausing holds it where it is.
        window.selection()->selectEvent(m_demo.deletedUserId, 1);
        bar->playButton()->click();
        QVERIFY(QTest::qWaitFor([&] { return window.selection()->revision() >= 3; }, Deadline));
        bar->playButton()->click();
        QVERIFY(!window.timelinePane()->player()->isPlaying());
        const qint64 held = window.selection()->revision();
        QCoreApplication::processEvents();
        QCOMPARE(window.selection()->revision(), held);
    }

    void diffAnyTwoRevisionsAndCatchADriftedSnapshot()
    {
        // A scratch stream with a snapshot that lies about the login count, beside the demo.
        {
            StoreOptions options = StoreFixture::defaultOptions();
            options.mode = StoreOptions::OpenMode::OpenExisting;
            auto store = openStore(*StoreAddress::parse(m_store), options);
            QVERIFY2(store.ok(), test::why(store).constData());
            if (!(*store)->stream(u"drifted-user"_s)->has_value()) {
                QVERIFY((*store)->append(u"drifted-user"_s, u"User"_s, ExpectedRevision::noStream(),
                    test::eventScript(
                        u"USER_CREATED@2025-03-01T09:00 {\"username\":\"drift\",\"email\":\"drift@example.com\"}; "
                        u"USER_LOGGED_IN@10:00 {\"ip\":\"10.0.0.1\"}; USER_LOGGED_IN@11:00 {\"ip\":\"10.0.0.2\"}"_s)));
                TimeTravel travel(**store, DomainCatalog::builtin());
                QJsonObject wrong = travel.stateAtRevision(u"drifted-user"_s, 2)->state;
                wrong.insert(u"login_count"_s, 41);
                UnitOfWork drift;
                drift.snapshots.append({u"drifted-user"_s, u"User"_s, 2, 1,
                    QJsonDocument(wrong).toJson(QJsonDocument::Compact), Timestamp::now()});
                QVERIFY((*store)->commit(drift).ok());
            }
        }
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        DiffPane* diff = window.diffPane();
        QAbstractItemModelTester tester(diff->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        if (auto* dock = qobject_cast<QDockWidget*>(diff->parentWidget()))
            dock->raise();
        auto paths = [&] {
            QStringList all;
            for (int row = 0; row < diff->model()->rowCount(); ++row)
                all.append(diff->model()->index(row, DiffModel::PathColumn).data().toString());
            return all;
        };

        // By default: the selected event against the one before.
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        QVERIFY(QTest::qWaitFor([&] { return window.eventsPane()->model()->rowCount() > 1; }, Deadline));
        window.eventsPane()->selectLast();
        const qint64 last = window.selection()->revision();
        QVERIFY(QTest::qWaitFor([&] { return paths().contains(u"status"_s); }, Deadline));
        QVERIFY2(diff->summary()->text().contains(u"Revision %1 → %2"_s.arg(last - 1).arg(last)),
            qPrintable(diff->summary()->text()));

        // Revisions 1 and 52, typed: her email, her (married) last name and her status differ.
        diff->againstPrevious()->setChecked(false);
        diff->fieldA()->setText(u"1"_s);
        diff->fieldB()->setText(QString::number(last));
        diff->compare();
        QVERIFY(QTest::qWaitFor([&] { return diff->summary()->text().startsWith(u"Revision 1 →"_s); }, Deadline));
        for (const QString& field : {u"email"_s, u"last_name"_s, u"status"_s})
            QVERIFY2(paths().contains(field), qPrintable(paths().join(u", "_s)));
        // Or chosen from the selection: A from here, then B to there (the list's and the timeline's menus).
        window.selection()->selectEvent(m_demo.deletedUserId, 2);
        window.actions()->compareFrom->trigger();
        QCOMPARE(diff->fieldA()->text(), u"2"_s);
        QVERIFY(!diff->againstPrevious()->isChecked());
        window.selection()->selectEvent(m_demo.deletedUserId, last);
        window.actions()->compareTo->trigger();
        QCOMPARE(diff->fieldB()->text(), QString::number(last));
        QVERIFY(QTest::qWaitFor([&] { return diff->summary()->text().startsWith(u"Revision 2 →"_s); }, Deadline));
        QVERIFY(window.eventsPane()->view()->actions().contains(window.actions()->compareFrom));
        // A time works as well as a revision: the last event at or before it.
        w->settings.setUtc(true);
        diff->fieldA()->setText(u"2025-03-17 15:47:00"_s);
        diff->compare();
        QVERIFY(QTest::qWaitFor(
            [&] { return diff->summary()->text().startsWith(u"Revision %1 →"_s.arg(last - 1)); }, Deadline));
        diff->fieldA()->setText(u"not a time"_s);
        diff->compare();
        QVERIFY(diff->summary()->text().startsWith(u"Type a revision"_s));

        // The lying snapshot: listed, verified, and shown loudly.
        window.selection()->openStreams({u"drifted-user"_s}, 3);
        QVERIFY(QTest::qWaitFor([&] { return diff->verifyButton()->isEnabled(); }, Deadline));
        QVERIFY(!diff->driftBanner()->isVisible());
        diff->verifySnapshots();
        QVERIFY(QTest::qWaitFor([&] { return diff->snapshots()->rowCount() == 1; }, Deadline));
        QVERIFY(diff->driftBanner()->isVisible());
        QVERIFY2(diff->driftBanner()->text().contains(u"login_count"_s), qPrintable(diff->driftBanner()->text()));
        QVERIFY(diff->snapshots()->item(0, 4)->text().startsWith(u"DIFFERS"_s));
    }

    void anIncidentReportOfTheDeletion()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        QAction* exportReport = window.actions()->exportReport;
        QVERIFY(!exportReport->isEnabled()); // no stream chosen yet
        w->settings.setReportFolder(m_dir.path());
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        QVERIFY(QTest::qWaitFor([&] { return window.eventsPane()->model()->rowCount() > 1; }, Deadline));
        window.eventsPane()->selectLast();
        const qint64 last = window.selection()->revision();
        QVERIFY(exportReport->isEnabled());

        // The dialog starts at the selected event, with a file name in the last folder used.
        exportReport->trigger();
        IncidentReportDialog* dialog = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (dialog = window.findChild<IncidentReportDialog*>()) && dialog->isVisible(); }, Deadline));
        QCOMPARE(dialog->toBox()->value(), last);
        QCOMPARE(dialog->fromBox()->value(), 1);
        QCOMPARE(QFileInfo(dialog->pathEdit()->text()).absolutePath(), QFileInfo(m_dir.path()).absoluteFilePath());
        QVERIFY(dialog->pathEdit()->text().endsWith(u"-r%1.html"_s.arg(last)));
        QPushButton* save = dialog->buttons()->button(QDialogButtonBox::Save);
        dialog->pathEdit()->setText(m_dir.filePath(u"no-such-folder/report.html"_s));
        QVERIFY(!save->isEnabled());
        dialog->pathEdit()->setText(m_dir.filePath(u"sarah.html"_s));
        QVERIFY(save->isEnabled());
        dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(int(IncidentReportFormat::Markdown)));
        QCOMPARE(dialog->pathEdit()->text(), m_dir.filePath(u"sarah.md"_s)); // the name follows the format
        dialog->fieldsEdit()->setText(u" status, ,email "_s);
        QCOMPARE(dialog->choice().fields, QStringList({u"status"_s, u"email"_s}));

        QSignalSpy finished(window.exporter(), &IncidentExporter::finished);
        save->click();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, Deadline));
        QCOMPARE(finished.constFirst().at(0).toString(), m_dir.filePath(u"sarah.md"_s));
        QVERIFY2(window.messageBar()->text().contains(u"Saved the incident report"_s),
            qPrintable(window.messageBar()->text()));
        QFile file(m_dir.filePath(u"sarah.md"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(u"USER_DELETED"_s));
        QVERIFY(text.contains(u"admin@company.com"_s));
        QVERIFY(text.contains(u"User requested account deletion"_s));
        QVERIFY(text.contains(u"sarah.connor@example.com"_s)); // her email's history was asked for
        QVERIFY2(!text.contains(u"pbkdf2"_s), "the password hash is masked in the report");
        QVERIFY(QTest::qWaitFor([&] { return !window.findChild<IncidentReportDialog*>(); }, Deadline));

        // A file that cannot be written says so by its code, and leaves nothing behind.
        QFile blocker(m_dir.filePath(u"a-file"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QSignalSpy failed(window.exporter(), &IncidentExporter::failed);
        IncidentReportDialog::Choice choice;
        choice.toRevision = last;
        choice.path = m_dir.filePath(u"a-file/report.html"_s);
        window.exporter()->exportReport(m_demo.deletedUserId, choice);
        QVERIFY(window.exporter()->isBusy());
        QVERIFY(QTest::qWaitFor([&] { return failed.count() == 1; }, Deadline));
        QCOMPARE(failed.constFirst().at(0).value<Error>().code, u"OutputNotWritable"_s);
        QVERIFY(!window.exporter()->isBusy());
        QVERIFY2(window.messageBar()->text().contains(u"OutputNotWritable"_s)
                || window.messageBar()->level() == MessageBar::Level::Error,
            qPrintable(window.messageBar()->text()));
        QVERIFY(!QFileInfo::exists(choice.path));
    }

    void aTestOfTheDeletionFromTheWindow()
    {
        auto w = openWindow();
        QVERIFY(w);
        MainWindow& window = w->window;
        QAction* exportTest = window.actions()->exportTest;
        QVERIFY(!exportTest->isEnabled());
        w->settings.setReportFolder(m_dir.path());
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        QVERIFY(QTest::qWaitFor([&] { return window.eventsPane()->model()->rowCount() > 1; }, Deadline));
        window.eventsPane()->selectLast();
        const qint64 last = window.selection()->revision();
        QVERIFY(exportTest->isEnabled());

        exportTest->trigger();
        TestExportDialog* dialog = nullptr;
        QVERIFY(QTest::qWaitFor(
            [&] { return (dialog = window.findChild<TestExportDialog*>()) && dialog->isVisible(); }, Deadline));
        QCOMPARE(dialog->revisionBox()->value(), last);
        QVERIFY(dialog->anonymizeBox()->isChecked()); // personal data stays out unless asked for
        QPushButton* save = dialog->buttons()->button(QDialogButtonBox::Save);
        dialog->classEdit()->setText(u"9 lives"_s);
        QVERIFY(!save->isEnabled());
        dialog->classEdit()->setText(u"SarahDeletedTest"_s);
        dialog->pathEdit()->setText(m_dir.filePath(u"tst_sarahdeleted.cpp"_s));
        QVERIFY(save->isEnabled());
        QSignalSpy finished(window.exporter(), &IncidentExporter::finished);
        save->click();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, Deadline));
        QVERIFY2(window.messageBar()->text().contains(u"SarahDeletedTest::deleteUserAtRevision%1"_s.arg(last)),
            qPrintable(window.messageBar()->text()));
        QFile file(m_dir.filePath(u"tst_sarahdeleted.cpp"_s));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString source = QString::fromUtf8(file.readAll());
        QVERIFY(source.contains(u"class SarahDeletedTest : public QObject"_s));
        QVERIFY(source.contains(u"command.name = u\"DeleteUser\"_s;"_s));
        QVERIFY(source.contains(u"#include \"tst_sarahdeleted.moc\""_s));
        QVERIFY2(!source.contains(u"sarah.connor"_s), "anonymized");
        QVERIFY2(!source.contains(u"pbkdf2_sha256$"_s), "masked");
    }
};

QTEST_MAIN(TimeTravelWindowTest)
#include "tst_timetravelwindow.moc"
