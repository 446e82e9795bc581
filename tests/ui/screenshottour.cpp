// SPDX-License-Identifier: GPL-3.0-or-later
// Not a test: the screenshot tour behind scripts/screenshots. Generates the demo store (fixed seed, so the same
// store every time), drives the real window through the incident stories and saves what it shows with
// QWidget::grab(): the start page, the support story, swimlanes, a 10,000-event stream zoomed out and in, and the
// dark palette, the export dialogs. Usage: [FLASHBACK_TOUR_REPORT=FILE.html] flashback_screenshot_tour OUTPUT_DIR
#include "demo/demogenerator.h"
#include "dialogs/incidentreportdialog.h"
#include "dialogs/sensitivefieldsdialog.h"
#include "dialogs/testexportdialog.h"
#include "domain/domaincatalog.h"
#include "incidentexporter.h"
#include "mainwindow.h"
#include "models/fieldhistorymodel.h"
#include "models/laghistory.h"
#include "models/openstreams.h"
#include "models/operatorauditmodel.h"
#include "models/outboxmodel.h"
#include "models/projectionhost.h"
#include "models/projectionlagmodel.h"
#include "models/readmodelcomparisonmodel.h"
#include "models/searchresultsmodel.h"
#include "models/selection.h"
#include "models/storesession.h"
#include "outbox/outboxdispatcher.h"
#include "panes/auditpane.h"
#include "panes/commandconsole.h"
#include "panes/diffpane.h"
#include "panes/eventpane.h"
#include "panes/outboxpane.h"
#include "panes/projectionspane.h"
#include "panes/readmodelpane.h"
#include "panes/searchpane.h"
#include "panes/statepane.h"
#include "panes/storeoverview.h"
#include "panes/streamspane.h"
#include "panes/timelinepane.h"
#include "panes/whodeletedbox.h"
#include "projections/readmodelschemas.h"
#include "readmodels/readmodeltransaction.h"
#include "settings.h"
#include "store/storeopener.h"
#include "storecontroller.h"
#include "theme.h"
#include "timeline/timelineview.h"
#include "timetravel/timetravel.h"
#include "widgets/commandformwidget.h"
#include "widgets/commandoutcomeview.h"
#include "widgets/messagebar.h"
#include "widgets/playbackbar.h"
#include "widgets/recordtableview.h"
#include "windowactions.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUuid>

#include <cstdio>
#include <source_location>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

bool waitFor(const std::function<bool()>& condition, std::source_location where = std::source_location::current())
{
    if (QTest::qWaitFor(condition, 60000))
        return true;
    std::fprintf(stderr, "screenshot tour: the wait at line %u timed out\n", unsigned(where.line()));
    return false;
}

bool save(QWidget& window, const QString& folder, const QString& name)
{
    QTest::qWait(300); // let queued repaints and page loads settle
    const QString path = QDir(folder).filePath(name);
    const bool ok = window.grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);
    QTemporaryDir dir;
    const QString storePath = dir.filePath(u"demo.flashback"_s);
    DemoSummary demo;
    {
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::CreateIfMissing;
        options.durability = StoreOptions::Durability::Normal;
        auto store = openStore(*StoreAddress::parse(storePath), options);
        if (!store)
            return 1;
        auto summary = generateDemo(**store, DomainCatalog::builtin(), DemoOptions {});
        if (!summary)
            return 1;
        demo = *summary;
    }
    QSettings stored(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
    Settings settings(&stored);
    settings.setUtc(true); // the same pictures in every time zone
    applyTheme(Settings::Theme::Light);
    MainWindow window(&settings);
    window.resize(1500, 920);
    window.show();
    bool ok = save(window, out, u"start.png"_s);

    // The store's own start page: what it holds, and the box for the commonest ticket, the email typed in.
    window.controller()->openAddress(storePath);
    ok = waitFor([&] { return window.storeOverview()->figures()->text().contains(u"events in"_s); }) && ok;
    window.storeOverview()->whoDeleted()->field()->setText(u"sarah.connor@example.com"_s);
    ok = save(window, out, u"store-start.png"_s) && ok;

    // The support story: opened at Sarah Connor's stream, her USER_DELETED selected.
    DeepLink link;
    link.streamId = demo.deletedUserId;
    window.controller()->setPendingLink(link);
    window.controller()->openAddress(storePath);
    ok = waitFor([&] { return window.selection()->revision() > 0; }) && ok;
    ok = waitFor([&] { return !window.eventPane()->tree()->findItems(u"Actor"_s, Qt::MatchRecursive).isEmpty(); })
        && ok;
    ok = save(window, out, u"inspector.png"_s) && ok;

    // File → Export Incident Report… and Export as Test… at her deletion. The report is written too, when
    // FLASHBACK_TOUR_REPORT names where: scripts/screenshots renders it in a browser for the README.
    settings.setReportFolder(dir.path());
    window.actions()->exportReport->trigger();
    IncidentReportDialog* report = nullptr;
    ok = waitFor([&] { return (report = window.findChild<IncidentReportDialog*>()) && report->isVisible(); }) && ok;
    if (report) {
        report->fieldsEdit()->setText(u"status, email"_s);
        ok = save(*report, out, u"export-report-dialog.png"_s) && ok;
        const QString html = qEnvironmentVariable("FLASHBACK_TOUR_REPORT");
        if (!html.isEmpty()) {
            report->pathEdit()->setText(html);
            QSignalSpy written(window.exporter(), &IncidentExporter::finished);
            report->buttons()->button(QDialogButtonBox::Save)->click();
            ok = waitFor([&] { return written.count() == 1; }) && ok;
        } else {
            report->reject();
        }
    }
    window.messageBar()->dismiss();
    window.actions()->exportTest->trigger();
    TestExportDialog* test = nullptr;
    ok = waitFor([&] { return (test = window.findChild<TestExportDialog*>()) && test->isVisible(); }) && ok;
    if (test) {
        test->classEdit()->setText(u"SarahDeletedTest"_s);
        test->pathEdit()->setText(dir.filePath(u"tst_sarahdeleted.cpp"_s));
        ok = save(*test, out, u"export-test-dialog.png"_s) && ok;
        test->reject();
    }

    // The State pane beside it: what the deletion left her account in, the changed fields highlighted.
    if (auto* dock = qobject_cast<QDockWidget*>(window.statePane()->parentWidget()))
        dock->raise();
    ok = waitFor([&] { return window.statePane()->cacheStatus()->text().startsWith(u"Replay cache: not"_s); }) && ok;
    ok = save(window, out, u"state.png"_s) && ok;
    window.statePane()->showHistory(u"status"_s);
    ok = waitFor([&] { return window.statePane()->historyModel()->rowCount() > 1; }) && ok;
    ok = save(window, out, u"field-history.png"_s) && ok;
    // Played at its own pace ×100,000: the fortnight before her deletion is shortened, shaded and marked.
    QComboBox* speed = window.timelinePane()->playbackBar()->speed();
    const int chosenSpeed = speed->currentIndex();
    speed->setCurrentIndex(speed->findText(u"Own pace ×100,000"_s));
    ok = save(window, out, u"compressed-gaps.png"_s) && ok;
    speed->setCurrentIndex(chosenSpeed);
    if (auto* dock = qobject_cast<QDockWidget*>(window.eventPane()->parentWidget()))
        dock->raise();

    // Docks share the left column as tabs: shows the one that holds `pane`.
    const auto raise = [](QWidget* pane) {
        if (auto* dock = qobject_cast<QDockWidget*>(pane->parentWidget()))
            dock->raise();
    };

    // The Search pane: who deleted the account in the ticket, and a search for the reason.
    {
        SearchPane* search = window.searchPane();
        raise(search);
        search->whoDeleted()->field()->setText(u"sarah.connor@example.com"_s);
        search->whoDeleted()->ask(search->whoDeleted()->field()->text());
        ok = waitFor([&] { return search->whoDeleted()->answer()->text().contains(u"deleted"_s); }) && ok;
        search->textField()->setText(u"\"account deletion\""_s);
        search->runSearch();
        ok = waitFor([&] { return search->model()->rowCount() > 0 && !search->model()->isSearching(); }) && ok;
        search->view()->setCurrentIndex(search->model()->index(0, 0));
        ok = waitFor([&] { return window.selection()->revision() > 0; }) && ok;
        ok = save(window, out, u"search.png"_s) && ok;
        raise(window.streamsPane());
    }

    // Swimlanes: the three incident users side by side.
    window.selection()->openStreams({demo.deletedUserId, demo.renamedUserId, demo.suspendedUserId});
    ok = waitFor([&] {
        return !window.openStreams()->isLoading(demo.suspendedUserId)
            && window.timelinePane()->view()->laneCount() == 3;
    }) && ok;
    ok = save(window, out, u"swimlanes.png"_s) && ok;

    // The slow password change: 10,000 logins, zoomed out (density bars) and in (single marks).
    window.selection()->openStreams({demo.longStreamUserId});
    ok = waitFor([&] {
        const auto index = window.openStreams()->index(demo.longStreamUserId);
        return index && index->size() > 10000 && !window.openStreams()->isLoading(demo.longStreamUserId);
    }) && ok;
    TimelineView* timeline = window.timelinePane()->view();
    timeline->fitAll();
    ok = save(window, out, u"long-stream-zoomed-out.png"_s) && ok;
    const auto index = window.openStreams()->index(demo.longStreamUserId);
    const double middle = double(index->occurredAt[size_t(index->size() / 2)]);
    timeline->setVisibleRange(middle - 3600e6, middle + 3600e6); // two hours: single marks
    ok = save(window, out, u"long-stream-zoomed-in.png"_s) && ok;

    // The dark palette, on the support story again.
    applyTheme(Settings::Theme::Dark);
    window.selection()->openStreams({demo.deletedUserId});
    ok = waitFor([&] {
        const auto sarah = window.openStreams()->index(demo.deletedUserId);
        return sarah && !sarah->isEmpty() && !window.openStreams()->isLoading(demo.deletedUserId);
    }) && ok;
    window.selection()->selectEvent(
        demo.deletedUserId, window.openStreams()->index(demo.deletedUserId)->lastRevision());
    ok = save(window, out, u"dark.png"_s) && ok;
    raise(window.searchPane());
    ok = save(window, out, u"dark-search.png"_s) && ok;
    raise(window.projectionsPane()); // the chart and the row colours on the dark palette
    ok = save(window, out, u"dark-projections.png"_s) && ok;
    raise(window.readModelPane()); // Sarah Connor's users row against her events, on the dark palette
    raise(window.auditPane());
    ok = waitFor([&] { return window.readModelPane()->model()->comparison().streamId == demo.deletedUserId; }) && ok;
    ok = save(window, out, u"dark-readmodel.png"_s) && ok;
    raise(window.streamsPane());

    // A small window (a laptop beside a ticket): the same story must still read, nothing cut off.
    applyTheme(Settings::Theme::Light);
    window.resize(1024, 640);
    ok = waitFor([&] { return window.size() == QSize(1024, 640); }) && ok;
    if (window.size() != QSize(1024, 640)) {
        std::fprintf(stderr, "window %dx%d, minimum %dx%d\n", window.width(), window.height(),
            window.minimumSizeHint().width(), window.minimumSizeHint().height());
        for (QDockWidget* dock : window.findChildren<QDockWidget*>())
            std::fprintf(stderr, "  %s: minimum %dx%d\n", qPrintable(dock->windowTitle()),
                dock->minimumSizeHint().width(), dock->minimumSizeHint().height());
    }
    ok = save(window, out, u"small-window.png"_s) && ok;
    raise(window.searchPane());
    ok = save(window, out, u"small-window-search.png"_s) && ok;
    raise(window.commandConsole());
    ok = save(window, out, u"small-window-console.png"_s) && ok;
    raise(window.outboxPane());
    ok = save(window, out, u"small-window-outbox.png"_s) && ok;
    raise(window.projectionsPane());
    ok = save(window, out, u"small-window-projections.png"_s) && ok;
    raise(window.readModelPane());
    raise(window.auditPane());
    ok = save(window, out, u"small-window-readmodel.png"_s) && ok;
    raise(window.streamsPane());

    // A presenter's font zoom (View → Larger Text, three times): rows and columns grow with the text.
    window.resize(1500, 920);
    ok = waitFor([&] { return window.size() == QSize(1500, 920); }) && ok;
    settings.setFontDelta(6);
    ok = save(window, out, u"presenter-text.png"_s) && ok;
    settings.setFontDelta(0);

    // The Diff pane on a stream whose stored snapshot lies about the login count: the red banner.
    {
        auto store = openStore(*StoreAddress::parse(storePath), StoreOptions {});
        if (store) {
            TimeTravel travel(**store, DomainCatalog::builtin());
            if (auto state = travel.stateAtRevision(demo.renamedUserId, 2)) {
                QJsonObject wrong = state->state;
                wrong.insert(u"login_count"_s, 41);
                UnitOfWork drift;
                drift.snapshots.append({demo.renamedUserId, u"User"_s, 2, 1,
                    QJsonDocument(wrong).toJson(QJsonDocument::Compact), Timestamp::now()});
                ok = (*store)->commit(drift).ok() && ok;
            }
        }
        window.selection()->openStreams({demo.renamedUserId}, 3);
        if (auto* dock = qobject_cast<QDockWidget*>(window.diffPane()->parentWidget()))
            dock->raise();
        ok = waitFor([&] { return window.diffPane()->verifyButton()->isEnabled(); }) && ok;
        window.diffPane()->verifySnapshots();
        ok = waitFor([&] { return window.diffPane()->driftBanner()->isVisible(); }) && ok;
        ok = save(window, out, u"diff-drift.png"_s) && ok;
    }

    // The Command console: a form checked as it is typed, a dry run with its diff, and a domain error.
    {
        CommandConsole* console = window.commandConsole();
        window.actions()->commandConsole->trigger();
        const auto done = [&] {
            return waitFor([&] {
                return console->outcome()->kind() != CommandOutcomeView::Kind::Busy
                    && console->dryRunButton()->isEnabled();
            });
        };
        console->chooseCommand(u"CreateUser"_s);
        if (auto* username = qobject_cast<QLineEdit*>(console->form()->editor(u"username"_s)))
            QTest::keyClicks(username, u"kyle.reese"_s);
        if (auto* email = qobject_cast<QLineEdit*>(console->form()->editor(u"email"_s)))
            QTest::keyClicks(email, u"kyle.reese@example"_s);
        if (auto* password = qobject_cast<QLineEdit*>(console->form()->editor(u"password"_s)))
            QTest::keyClicks(password, u"short"_s);
        ok = save(window, out, u"console-form.png"_s) && ok;

        window.selection()->openStreams({demo.renamedUserId}, 1);
        console->chooseCommand(u"ChangeName"_s);
        if (auto* first = qobject_cast<QLineEdit*>(console->form()->editor(u"first_name"_s)))
            QTest::keyClicks(first, u"Sarah"_s);
        console->reasonField()->setText(u"ticket 4711: the customer spells it Sarah"_s);
        console->dryRun();
        ok = done() && ok;
        ok = save(window, out, u"console-dry-run.png"_s) && ok;

        window.selection()->openStreams({demo.deletedUserId}, 1);
        console->chooseCommand(u"DeleteUser"_s);
        if (auto* reason = qobject_cast<QPlainTextEdit*>(console->form()->editor(u"reason"_s)))
            reason->setPlainText(u"duplicate account"_s);
        console->dryRun();
        ok = done() && ok;
        ok = save(window, out, u"console-domain-error.png"_s) && ok;
    }

    // Sarah's name change confusion, live: users paused, the name changed from the console, users behind on the
    // chart; then resumed and caught up by the window's own runner.
    {
        ProjectionsPane* pane = window.projectionsPane();
        window.actions()->projections->trigger();
        const auto sampled = [&](const std::function<bool()>& condition) {
            return waitFor([&] {
                pane->sampleNow();
                return condition();
            });
        };
        const auto stateOf = [&](const QString& name) {
            const ProjectionLag* lag = pane->model()->lag(pane->model()->rowOf(name));
            return lag ? lag->state : ProjectionState::Running;
        };
        ok = sampled([&] { return stateOf(u"users"_s) == ProjectionState::CaughtUp; }) && ok;
        pane->selectProjection(u"users"_s);
        pane->pauseSelected();
        ok = sampled([&] { return stateOf(u"users"_s) == ProjectionState::Paused; }) && ok;
        CommandConsole* console = window.commandConsole();
        window.selection()->openStreams({demo.renamedUserId}, 1);
        console->setCommandMode(true);
        for (const QString& name : {u"Sarah"_s, u"Sara"_s, u"Sarah"_s}) {
            console->chooseCommand(u"ChangeName"_s);
            if (auto* first = qobject_cast<QLineEdit*>(console->form()->editor(u"first_name"_s)))
                QTest::keyClicks(first, name);
            console->reasonField()->setText(u"ticket 4711"_s);
            console->execute();
            ok = waitFor([&] { return console->outcome()->kind() != CommandOutcomeView::Kind::Busy; }) && ok;
            QTest::qWait(1500); // a few samples between the changes, so the chart shows the lag growing
        }
        console->setCommandMode(false);
        window.actions()->projections->trigger();
        QTest::qWait(2000);
        ok = save(window, out, u"projections.png"_s) && ok;
        // The same moment in the Read Model pane beside the chart: the row still says Sarah, the events Sarah.
        ReadModelPane* readModel = window.readModelPane();
        window.actions()->readModel->trigger();
        ok = waitFor([&] {
            return readModel->model()->comparison().streamId == demo.renamedUserId
                && readModel->model()->comparison().eventsBehind >= 3;
        }) && ok;
        ok = save(window, out, u"readmodel-lag.png"_s) && ok;
        pane->resumeSelected();
        ok = sampled([&] { return stateOf(u"users"_s) == ProjectionState::CaughtUp; }) && ok;
        ok = waitFor([&] { return readModel->model()->comparison().eventsBehind == 0; }) && ok;
        // Who did all that: the pause, the three name changes and the resume, in the operator audit.
        window.actions()->audit->trigger();
        ok = waitFor([&] {
            window.auditPane()->reload();
            return window.auditPane()->model()->rowCount() >= 5;
        }) && ok;
        ok = save(window, out, u"audit.png"_s) && ok;
    }

    // The Outbox pane: a reminder nobody delivers, parked as failed.
    {
        auto store = openStore(*StoreAddress::parse(storePath), StoreOptions {});
        if (store) {
            UnitOfWork reminder;
            const QString stream = u"reminder-kyle.reese"_s;
            NewEvent set;
            set.eventId = QUuid::createUuid();
            set.occurredAt = Timestamp::now();
            set.type = u"REMINDER_SET"_s;
            set.data = QByteArrayLiteral("{\"at\":\"2025-03-18T09:00:00Z\"}");
            set.metadata.actor = u"scheduler"_s;
            reminder.appends.append({stream, u"Reminder"_s, ExpectedRevision::noStream(), {set}, std::nullopt});
            reminder.outbox.append({u"sms_reminder:"_s + stream, u"sms_reminder"_s, stream, QUuid::createUuid(),
                QByteArrayLiteral("{\"to\":\"+15550100\"}")});
            ok = (*store)->commit(reminder).ok() && ok;
            // The window's own dispatcher leaves topics it does not handle to theirs; a dispatcher that claims
            // every topic parks this one, as `flashback-cli project` would.
            OutboxDispatcher everyTopic(**store, {});
            ok = everyTopic.dispatchUntilIdle().ok() && ok;
        }
        OutboxPane* pane = window.outboxPane();
        window.actions()->outbox->trigger();
        ok = waitFor([&] {
            pane->reload();
            return pane->statusCounts().value(OutboxStatus::Failed) > 0;
        }) && ok;
        for (const OutboxEntry& row : pane->model()->rows()) {
            if (row.status == OutboxStatus::Failed)
                pane->selectRow(row.id);
        }
        ok = save(window, out, u"outbox.png"_s) && ok;
    }

    // A users row changed behind the projection's back (as a hand-run UPDATE would): the Read Model pane shows the
    // drift on Sarah Connor's stream, and the whole-read-model check finds it among every row.
    {
        auto store = openStore(*StoreAddress::parse(storePath), StoreOptions {});
        std::optional<ReadModelRow> original;
        const auto writeRow = [&](const ReadModelRow& row) {
            const qint64 generation = (*store)->readModels().checkpoint(u"users"_s).value().generation;
            auto tx = (*store)->readModels().beginReadModelTransaction(usersReadModel(), generation);
            return tx && (*tx)->put(u"users"_s, row).ok() && (*tx)->commitWithoutCheckpoint().ok();
        };
        if (store) {
            const qint64 generation = (*store)->readModels().checkpoint(u"users"_s).value().generation;
            if (auto tx = (*store)->readModels().beginReadModelTransaction(usersReadModel(), generation)) {
                if (auto row = (*tx)->get(u"users"_s, {{u"user_id"_s, demo.deletedUserId}}))
                    original = *row;
            }
        }
        if (original) {
            ReadModelRow altered = *original;
            altered.insert(u"deleted_by"_s, u"nobody@example.com"_s);
            ok = writeRow(altered) && ok;
            window.selection()->openStreams({demo.deletedUserId}, 1);
            ReadModelPane* readModel = window.readModelPane();
            window.actions()->readModel->trigger();
            ok = waitFor([&] {
                readModel->compare();
                return readModel->model()->comparison().streamId == demo.deletedUserId
                    && readModel->model()->comparison().drifted();
            }) && ok;
            QSignalSpy checked(readModel, &ReadModelPane::checkFinished);
            readModel->checkWholeReadModel();
            ok = waitFor([&] { return !checked.isEmpty(); }) && ok;
            ok = save(window, out, u"readmodel-drift.png"_s) && ok;
            ok = writeRow(*original) && ok;
        } else {
            ok = false;
        }
    }

    // A rebuild long enough to watch: a bigger demo store (about 200,000 events), users rebuilt by the window's
    // own runner while the chart and the progress row follow it.
    {
        const QString bigPath = dir.filePath(u"big.flashback"_s);
        StoreOptions options;
        options.mode = StoreOptions::OpenMode::CreateIfMissing;
        options.durability = StoreOptions::Durability::Normal;
        DemoOptions bigDemo;
        bigDemo.users = 9000;
        bool made = false;
        if (auto store = openStore(*StoreAddress::parse(bigPath), options))
            made = generateDemo(**store, DomainCatalog::builtin(), bigDemo).ok();
        ok = made && ok;
        window.controller()->openAddress(bigPath);
        ProjectionsPane* pane = window.projectionsPane();
        window.actions()->projections->trigger();
        const auto stateOf = [&](const QString& name) {
            const ProjectionLag* lag = pane->model()->lag(pane->model()->rowOf(name));
            return lag ? lag->state : ProjectionState::Running;
        };
        ok = waitFor([&] {
            pane->sampleNow();
            return window.session()->store().address.contains(u"big.flashback"_s)
                && stateOf(u"users"_s) == ProjectionState::CaughtUp;
        }) && ok;
        window.actions()->projections->trigger(); // the new store's panes were laid out afresh
        QTest::qWait(5000); // a few seconds of the chart caught up before the rebuild
        pane->selectProjection(u"users"_s);
        pane->startRebuild(u"users"_s);
        ok = waitFor([&] { return pane->rebuildProgress()->isVisible() && pane->rebuildProgress()->value() >= 500; })
            && ok;
        ok = save(window, out, u"projections-rebuild.png"_s) && ok;
        ok = waitFor([&] {
            pane->sampleNow();
            return stateOf(u"users"_s) == ProjectionState::CaughtUp && !pane->rebuildProgress()->isVisible();
        }) && ok;
    }

    // View → Sensitive Fields, with a key name and a path chosen.
    SensitiveFieldsDialog sensitive(
        {u"email"_s, u"address.street"_s}, DomainCatalog::builtin().maskedFields(), &window);
    sensitive.show();
    ok = save(sensitive, out, u"sensitive-fields.png"_s) && ok;
    return ok ? 0 : 1;
}
