// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"
#include "util/libraryversions.h"

#include "dialogs/sensitivefieldsdialog.h"
#include "dialogs/shortcutsdialog.h"
#include "domain/domaincatalog.h"
#include "incidentexporter.h"
#include "models/deeplink.h"
#include "models/demostore.h"
#include "models/eventlistmodel.h"
#include "models/openstreams.h"
#include "models/projectionhost.h"
#include "models/selectedevent.h"
#include "models/selection.h"
#include "models/storesession.h"
#include "models/streamlistmodel.h"
#include "panes/auditpane.h"
#include "panes/commandconsole.h"
#include "panes/diffpane.h"
#include "panes/eventpane.h"
#include "panes/eventspane.h"
#include "panes/outboxpane.h"
#include "panes/projectionspane.h"
#include "panes/readmodelpane.h"
#include "panes/searchpane.h"
#include "panes/statepane.h"
#include "panes/storeoverview.h"
#include "panes/streamspane.h"
#include "panes/timelinepane.h"
#include "settings.h"
#include "startpage.h"
#include "storecontroller.h"
#include "theme.h"
#include "timeline/timelineview.h"
#include "widgets/commandmodebanner.h"
#include "widgets/messagebar.h"
#include "widgets/recordtableview.h"
#include "widgets/storestatus.h"
#include "windowactions.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

MainWindow::MainWindow(Settings* settings, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_session(new StoreSession(this))
    , m_selection(new Selection(this))
    , m_openStreams(new OpenStreams(this))
    , m_selectedEvent(new SelectedEvent(this))
    , m_actions(new WindowActions(this))
{
    setObjectName(u"mainWindow"_s);
    m_openStreams->setSession(m_session);
    m_openStreams->setSelection(m_selection);
    m_selectedEvent->setSession(m_session);
    m_selectedEvent->setSelection(m_selection);
    m_selectedEvent->setExtraMaskedKeys(settings->maskedKeys());
    m_navigator = new DeepLinkNavigator(m_session, m_openStreams, m_selection, this);
    m_controller = new StoreController(m_session, settings, this, this);
    m_exporter = new IncidentExporter(m_session, m_selection, settings, this);
    m_session->setOperatorActor([settings] { return settings->commandActor(); });
    m_projectionHost = new ProjectionHost(this);
    m_projectionHost->setEnabled(settings->runProjections());
    m_projectionHost->attach(m_session);

    m_messages = new MessageBar(this);
    m_banner = new CommandModeBanner(this);
    m_start = new StartPage(settings, this);
    m_timeline = new TimelinePane(m_openStreams, m_selection, settings, this);
    m_overview = new StoreOverview(m_session, m_selection, settings, this);
    m_timeline->setEmptyPage(m_overview); // the store's start page, until a stream is chosen
    m_central = new QStackedWidget(this);
    m_central->addWidget(m_start);
    m_central->addWidget(m_timeline);
    auto* centre = new QWidget(this);
    auto* column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_banner);
    column->addWidget(m_messages);
    column->addWidget(m_central, 1);
    setCentralWidget(centre);

    m_streams = new StreamsPane(m_session, m_selection, settings, this);
    m_events = new EventsPane(m_session, m_openStreams, m_selection, settings, this);
    m_event = new EventPane(m_session, m_selectedEvent, settings, this);
    addPane(m_streams, u"Streams"_s, u"streamsDock"_s, Qt::LeftDockWidgetArea);
    addPane(m_events, u"Events"_s, u"eventsDock"_s, Qt::BottomDockWidgetArea);
    addPane(m_event, u"Event"_s, u"eventDock"_s, Qt::RightDockWidgetArea);
    // Search shares the left column with Streams, as a tab: both are where a story starts.
    m_search = new SearchPane(m_session, m_selection, settings, this);
    QDockWidget* searchDock = addPane(m_search, u"Search"_s, u"searchDock"_s, Qt::LeftDockWidgetArea);
    tabifyDockWidget(m_docks[0], searchDock);
    m_docks[0]->raise();
    // State shares the right column with Event: the event, and what it left the aggregate in.
    m_state = new StatePane(m_session, m_selection, settings, this);
    QDockWidget* stateDock = addPane(m_state, u"State"_s, u"stateDock"_s, Qt::RightDockWidgetArea);
    tabifyDockWidget(m_docks[2], stateDock);
    m_diff = new DiffPane(m_session, m_selection, m_openStreams, settings, this);
    QDockWidget* diffDock = addPane(m_diff, u"Diff"_s, u"diffDock"_s, Qt::RightDockWidgetArea);
    tabifyDockWidget(stateDock, diffDock);
    // The read model beside the aggregate's state: what the query side shows, against what the events say.
    m_readModel = new ReadModelPane(m_session, m_selection, settings, this);
    QDockWidget* readModelDock = addPane(m_readModel, u"Read Model"_s, u"readModelDock"_s, Qt::RightDockWidgetArea);
    tabifyDockWidget(diffDock, readModelDock);
    m_docks[2]->raise();
    // The console shares the bottom with Events: what a command appends shows in the list above it.
    m_console = new CommandConsole(m_session, m_selection, m_openStreams, settings, this);
    QDockWidget* consoleDock = addPane(m_console, u"Command Console"_s, u"consoleDock"_s, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_docks[1], consoleDock);
    // Projections beside them: a command's events, then whether the read models took them in.
    m_projections = new ProjectionsPane(m_session, m_projectionHost, settings, this);
    QDockWidget* projectionsDock
        = addPane(m_projections, u"Projections"_s, u"projectionsDock"_s, Qt::BottomDockWidgetArea);
    tabifyDockWidget(consoleDock, projectionsDock);
    m_outbox = new OutboxPane(m_session, settings, this);
    QDockWidget* outboxDock = addPane(m_outbox, u"Outbox"_s, u"outboxDock"_s, Qt::BottomDockWidgetArea);
    tabifyDockWidget(projectionsDock, outboxDock);
    m_audit = new AuditPane(m_session, settings, this);
    QDockWidget* auditDock = addPane(m_audit, u"Audit"_s, u"auditDock"_s, Qt::BottomDockWidgetArea);
    tabifyDockWidget(outboxDock, auditDock);
    m_docks[1]->raise();
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    m_status = new StoreStatus(m_session, this);
    statusBar()->addPermanentWidget(m_status, 1);

    buildMenus();
    connectActions();
    resize(1500, 920);
    // A first start: the streams list wide enough for an id and its type, the Event pane for a JSON value.
    resizeDocks({m_docks[0], m_docks[2]}, {560, 420}, Qt::Horizontal);
    resizeDocks({m_docks[1]}, {400}, Qt::Vertical);
    restoreGeometry(settings->windowGeometry());
    restoreState(settings->windowState());
    showStore(false);
    updateTitle();
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addPane(
    QWidget* pane, const QString& title, const QString& objectName, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(pane);
    dock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    m_docks.append(dock);
    return dock;
}

void MainWindow::buildMenus()
{
    WindowActions& a = *m_actions;
    QMenu* file = menuBar()->addMenu(u"&File"_s);
    file->addActions({a.openFile, a.connect, a.openDemo});
    file->addMenu(a.recentMenu);
    file->addSeparator();
    file->addActions({a.exportReport, a.exportTest});
    file->addSeparator();
    file->addActions({a.closeStore, a.quit});

    QMenu* go = menuBar()->addMenu(u"&Go"_s);
    go->addActions({a.goToStream, a.find, a.goToRevision});
    go->addSeparator();
    go->addActions({a.previousEvent, a.nextEvent, a.firstEvent, a.lastEvent, a.playPause});
    go->addSeparator();
    go->addActions({a.followHead, a.copyLink, a.copyEvent});
    go->addSeparator();
    go->addActions({a.compareFrom, a.compareTo});
    go->addSeparator();
    go->addAction(a.cancel);

    QMenu* view = menuBar()->addMenu(u"&View"_s);
    view->addActions({a.zoomIn, a.zoomOut, a.fitAll, a.axisByRevision});
    view->addSeparator();
    view->addAction(a.utc);
    QMenu* colours = view->addMenu(u"&Colours"_s);
    colours->addActions({a.themeSystem, a.themeLight, a.themeDark});
    view->addActions({a.largerText, a.smallerText, a.resetText});
    view->addSeparator();
    view->addAction(a.sensitiveFields);
    view->addSeparator();
    QMenu* panes = view->addMenu(u"&Panes"_s);
    QMenu* operate = menuBar()->addMenu(u"&Operate"_s);
    operate->addActions({a.commandConsole, a.commandMode});
    operate->addSeparator();
    operate->addActions({a.projections, a.outbox, a.readModel, a.audit, a.runProjections});
    for (QDockWidget* dock : std::as_const(m_docks))
        panes->addAction(dock->toggleViewAction());

    QMenu* help = menuBar()->addMenu(u"&Help"_s);
    help->addActions({a.shortcuts, a.about});
    // Shortcuts work even while the menu bar is hidden or a pane has the focus.
    addActions(a.all());
    updateRecentMenu();
}

void MainWindow::connectActions()
{
    WindowActions& a = *m_actions;
    connect(a.openFile, &QAction::triggered, m_controller, &StoreController::chooseFile);
    connect(a.connect, &QAction::triggered, m_controller, &StoreController::chooseConnection);
    connect(a.openDemo, &QAction::triggered, m_controller, [this] { m_controller->openDemo(); });
    connect(a.closeStore, &QAction::triggered, this, [this] {
        m_selection->clear();
        m_session->close();
    });
    connect(a.quit, &QAction::triggered, this, &QWidget::close);
    connect(a.exportReport, &QAction::triggered, m_exporter, &IncidentExporter::exportReportOfCurrentStream);
    connect(a.exportTest, &QAction::triggered, m_exporter, &IncidentExporter::exportTestOfCurrentStream);
    connect(m_selection, &Selection::currentStreamChanged, this, &MainWindow::updateStreamActions);
    connect(m_exporter, &IncidentExporter::started, this, [this](const QString& what) {
        m_messages->showMessage(MessageBar::Level::Information, u"Writing %1…"_s.arg(what));
        m_messages->setAction(u"Cancel"_s, [this] { m_exporter->cancel(); });
    });
    connect(m_exporter, &IncidentExporter::finished, this, [this](const QString& path, const QString& message) {
        m_messages->showMessage(MessageBar::Level::Information, message);
        m_messages->setAction(u"Open"_s, [path] { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); });
    });
    connect(a.goToStream, &QAction::triggered, m_streams, &StreamsPane::focusFilter);
    connect(a.find, &QAction::triggered, m_search, [this] {
        raisePane(m_search);
        m_search->focusSearch();
    });
    connect(m_overview, &StoreOverview::searchRequested, a.find, &QAction::trigger);
    connect(a.goToRevision, &QAction::triggered, m_events, &EventsPane::focusGoTo);
    connect(a.previousEvent, &QAction::triggered, m_events, [this] { m_events->step(-1); });
    connect(a.nextEvent, &QAction::triggered, m_events, [this] { m_events->step(1); });
    connect(a.firstEvent, &QAction::triggered, m_events, &EventsPane::selectFirst);
    connect(a.lastEvent, &QAction::triggered, m_events, &EventsPane::selectLast);
    connect(a.playPause, &QAction::triggered, m_timeline, &TimelinePane::togglePlay);
    connect(a.followHead, &QAction::toggled, m_timeline, &TimelinePane::setFollowHead);
    connect(m_timeline, &TimelinePane::followHeadChanged, a.followHead, &QAction::setChecked);
    connect(a.copyLink, &QAction::triggered, m_event, &EventPane::copyLink);
    connect(a.copyEvent, &QAction::triggered, m_event, &EventPane::copyJson);
    const auto compareAs = [this](DiffPane::Side side) {
        if (auto* dock = qobject_cast<QDockWidget*>(m_diff->parentWidget()))
            dock->raise();
        m_diff->useSelectedEventAs(side);
    };
    connect(a.compareFrom, &QAction::triggered, m_diff, [compareAs] { compareAs(DiffPane::Side::A); });
    connect(a.compareTo, &QAction::triggered, m_diff, [compareAs] { compareAs(DiffPane::Side::B); });
    // What to do with one event, on a right click in the list or on the timeline (which selects it first).
    const QList<QAction*> eventActions {a.copyLink, a.copyEvent, a.compareFrom, a.compareTo};
    m_events->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_events->view()->addActions(eventActions);
    auto* eventMenu = new QMenu(this);
    eventMenu->addActions(eventActions);
    connect(m_timeline->view(), &TimelineView::eventMenuRequested, eventMenu,
        [eventMenu](const QPoint& at) { eventMenu->popup(at); });
    connect(a.cancel, &QAction::triggered, this, [this] {
        m_openStreams->cancelLoading();
        m_messages->dismiss();
    });
    connect(a.zoomIn, &QAction::triggered, m_timeline->view(), &TimelineView::zoomIn);
    connect(a.zoomOut, &QAction::triggered, m_timeline->view(), &TimelineView::zoomOut);
    connect(a.fitAll, &QAction::triggered, m_timeline->view(), &TimelineView::fitAll);
    connect(a.axisByRevision, &QAction::toggled, m_timeline->view(), [this](bool on) {
        m_timeline->view()->setAxisMode(on ? TimelineView::AxisMode::Revision : TimelineView::AxisMode::Time);
    });
    a.utc->setChecked(m_settings->utc());
    connect(a.utc, &QAction::toggled, m_settings, &Settings::setUtc);
    const auto themeAction = [&a](Settings::Theme theme) {
        return theme == Settings::Theme::Dark ? a.themeDark
            : theme == Settings::Theme::Light ? a.themeLight
                                              : a.themeSystem;
    };
    themeAction(m_settings->theme())->setChecked(true);
    connect(a.themeSystem, &QAction::triggered, m_settings, [this] { m_settings->setTheme(Settings::Theme::System); });
    connect(a.themeLight, &QAction::triggered, m_settings, [this] { m_settings->setTheme(Settings::Theme::Light); });
    connect(a.themeDark, &QAction::triggered, m_settings, [this] { m_settings->setTheme(Settings::Theme::Dark); });
    connect(m_settings, &Settings::themeChanged, this, [themeAction](Settings::Theme theme) {
        applyTheme(theme);
        themeAction(theme)->setChecked(true);
    });
    connect(a.largerText, &QAction::triggered, m_settings,
        [this] { m_settings->setFontDelta(m_settings->fontDelta() + 2); });
    connect(a.smallerText, &QAction::triggered, m_settings,
        [this] { m_settings->setFontDelta(m_settings->fontDelta() - 2); });
    connect(a.resetText, &QAction::triggered, m_settings, [this] { m_settings->setFontDelta(0); });
    connect(m_settings, &Settings::fontDeltaChanged, this, &applyFontDelta);
    connect(m_settings, &Settings::recentStoresChanged, this, &MainWindow::updateRecentMenu);
    connect(m_settings, &Settings::maskedKeysChanged, m_selectedEvent, &SelectedEvent::setExtraMaskedKeys);
    m_events->model()->setMaskedKeys(m_settings->maskedKeys());
    connect(m_settings, &Settings::maskedKeysChanged, m_events->model(), &EventListModel::setMaskedKeys);
    connectCommandConsole();
    connect(a.shortcuts, &QAction::triggered, this, [this] { ShortcutsDialog(m_actions->all(), this).exec(); });
    connect(a.sensitiveFields, &QAction::triggered, this, [this] {
        SensitiveFieldsDialog dialog(m_settings->maskedKeys(), DomainCatalog::builtin().maskedFields(), this);
        if (dialog.exec() == QDialog::Accepted)
            m_settings->setMaskedKeys(dialog.entries());
    });
    connect(a.about, &QAction::triggered, this, &MainWindow::showAbout);

    connect(m_start, &StartPage::openFileRequested, m_controller, &StoreController::chooseFile);
    connect(m_start, &StartPage::connectRequested, m_controller, &StoreController::chooseConnection);
    connect(m_start, &StartPage::demoRequested, m_controller, [this] { m_controller->openDemo(); });
    connect(m_start, &StartPage::recentRequested, m_controller,
        [this](const QString& address) { m_controller->openAddress(address); });
    connect(m_controller->demo(), &DemoStore::progress, m_start, &StartPage::setDemoProgress);
    connect(m_controller->demo(), &DemoStore::ready, m_start, [this] { m_start->setDemoBusy(false); });
    connect(m_controller->demo(), &DemoStore::failed, m_start, [this] { m_start->setDemoBusy(false); });
    connect(m_controller, &StoreController::linkReady, m_navigator, &DeepLinkNavigator::navigate);
    connect(m_event, &EventPane::relatedStreamsRequested, m_navigator,
        [this](const QString& id) { m_navigator->openStreamsSharing(id); });
    connect(m_navigator, &DeepLinkNavigator::relatedOpened, this, [this](const QString& id, int streams) {
        m_messages->showMessage(MessageBar::Level::Information,
            streams == 1 ? u"No other stream shares %1."_s.arg(id)
                         : u"%1 streams share %2; they are open as swimlanes."_s.arg(streams).arg(id));
    });

    const auto showError = [this](const Error& error) { m_messages->showError(error); };
    connect(m_controller, &StoreController::failed, this, showError);
    connect(m_navigator, &DeepLinkNavigator::failed, this, showError);
    connect(m_streams->model(), &StreamListModel::failed, this, showError);
    connect(m_events->model(), &EventListModel::failed, this, showError);
    connect(m_openStreams, &OpenStreams::failed, this, showError);
    connect(m_selectedEvent, &SelectedEvent::failed, this, showError);
    connect(m_exporter, &IncidentExporter::failed, this, showError);
    connect(m_session, &StoreSession::opened, this, [this] {
        m_messages->dismiss();
        showStore(true);
        updateTitle();
    });
    connect(m_session, &StoreSession::stateChanged, this, [this](ConnectionState state) {
        if (state == ConnectionState::Closed) {
            showStore(false);
            updateTitle();
        }
    });
    connect(m_session, &StoreSession::connectionLost, this, [this](const Error& error) {
        m_messages->showMessage(MessageBar::Level::Warning,
            u"The connection to the store was lost; reconnecting. What you see may be out of date."_s,
            u"Code: "_s + error.code + u"\n"_s + error.message);
    });
    connect(m_session, &StoreSession::connectionRestored, this, [this] {
        m_messages->showMessage(MessageBar::Level::Information, u"Connected again; the views are up to date."_s);
    });
}

void MainWindow::raisePane(QWidget* pane)
{
    if (auto* dock = qobject_cast<QDockWidget*>(pane->parentWidget())) {
        dock->show();
        dock->raise();
    }
}

void MainWindow::connectCommandConsole()
{
    WindowActions& a = *m_actions;
    connect(a.projections, &QAction::triggered, m_projections, [this] {
        raisePane(m_projections);
        m_projections->table()->setFocus();
    });
    connect(a.outbox, &QAction::triggered, m_outbox, [this] {
        raisePane(m_outbox);
        m_outbox->reload();
        m_outbox->table()->setFocus();
    });
    connect(a.audit, &QAction::triggered, m_audit, [this] {
        raisePane(m_audit);
        m_audit->reload();
        m_audit->table()->setFocus();
    });
    connect(a.readModel, &QAction::triggered, m_readModel, [this] {
        raisePane(m_readModel);
        m_readModel->compare();
        m_readModel->tree()->setFocus();
    });
    a.runProjections->setChecked(m_settings->runProjections());
    connect(a.runProjections, &QAction::toggled, this, [this](bool on) {
        m_settings->setRunProjections(on);
        m_projectionHost->setEnabled(on);
    });
    connect(a.commandConsole, &QAction::triggered, m_console, [this] {
        raisePane(m_console);
        m_console->focusForm();
    });
    connect(a.commandMode, &QAction::toggled, m_console, [this](bool on) {
        if (on)
            raisePane(m_console);
        m_console->setCommandMode(on);
    });
    connect(m_banner, &CommandModeBanner::leaveRequested, m_console, [this] { m_console->setCommandMode(false); });
    connect(m_console, &CommandConsole::commandModeChanged, this, [this](bool on) {
        const QSignalBlocker quiet(m_actions->commandMode);
        m_actions->commandMode->setChecked(on);
        m_banner->setStore(m_session->store().address);
        m_banner->setVisible(on);
    });
    // A read-only session cannot enter command mode (the console says why when it is shown).
    const auto allowMode = [this] {
        const QSignalBlocker quiet(m_actions->commandMode);
        m_actions->commandMode->setChecked(m_console->commandMode());
        m_actions->commandMode->setEnabled(m_session->isOpen() && !m_session->store().readOnly);
    };
    connect(m_session, &StoreSession::opened, this, allowMode);
    connect(m_session, &StoreSession::stateChanged, this, allowMode);
    allowMode();
}

void MainWindow::showStore(bool open)
{
    m_central->setCurrentWidget(open ? static_cast<QWidget*>(m_timeline) : m_start);
    for (QDockWidget* dock : std::as_const(m_docks))
        dock->setVisible(open);
    for (QAction* action : {m_actions->closeStore, m_actions->goToStream, m_actions->find, m_actions->goToRevision,
             m_actions->previousEvent, m_actions->nextEvent, m_actions->firstEvent, m_actions->lastEvent,
             m_actions->playPause, m_actions->followHead, m_actions->copyLink, m_actions->copyEvent,
             m_actions->compareFrom, m_actions->compareTo, m_actions->zoomIn, m_actions->zoomOut, m_actions->fitAll,
             m_actions->axisByRevision, m_actions->commandConsole, m_actions->projections, m_actions->outbox,
             m_actions->readModel, m_actions->audit})
        action->setEnabled(open);
    updateStreamActions();
    if (open)
        m_streams->view()->setFocus();
}

void MainWindow::updateStreamActions()
{
    const bool stream = m_session->isOpen() && !m_selection->currentStream().isEmpty();
    m_actions->exportReport->setEnabled(stream);
    m_actions->exportTest->setEnabled(stream);
}

void MainWindow::updateRecentMenu()
{
    QMenu* menu = m_actions->recentMenu;
    menu->clear();
    const QStringList recent = m_settings->recentStores();
    for (const QString& address : recent)
        menu->addAction(address, m_controller, [this, address] { m_controller->openAddress(address); });
    if (recent.isEmpty()) {
        menu->addAction(u"No recent stores"_s)->setEnabled(false);
    } else {
        menu->addSeparator();
        menu->addAction(u"Clear the List"_s, m_settings, &Settings::clearRecentStores);
    }
}

void MainWindow::updateTitle()
{
    const QString address = m_session->store().address;
    setWindowTitle(address.isEmpty() ? u"Flashback"_s : address + u" — Flashback"_s);
}

void MainWindow::showAbout()
{
    // The program sets its version with the build's commit; a window made elsewhere (tests) shows the project's.
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty())
        version = QStringLiteral(FLASHBACK_VERSION);
    QMessageBox::about(this, u"About Flashback"_s,
        u"<h3>Flashback %1</h3><p>An inspector for event-sourced systems.</p>"
        u"<p>Free software under the GNU General Public License, version 3 or (at your option) any later version "
        u"(GPL-3.0-or-later). It comes with no warranty.</p>"
        u"<p>Uses (the versions loaded now):</p><ul>"
        u"<li>Qt %2 — LGPL-3.0 or GPL-2.0/GPL-3.0; Qt Charts under GPL-3.0</li>"
        u"<li>libpq %3 (PostgreSQL) — the PostgreSQL Licence</li>"
        u"<li>SQLite %4 — public domain</li></ul>"_s.arg(
            version, QString::fromLatin1(qVersion()), libpqVersionText(), sqliteVersionText()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings->setWindowLayout(saveGeometry(), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace flashback
