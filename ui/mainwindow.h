// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QDockWidget;
class QStackedWidget;

namespace flashback {

class CommandConsole;
class CommandModeBanner;
class DeepLinkNavigator;
class EventPane;
class EventsPane;
class MessageBar;
class OpenStreams;
class AuditPane;
class OutboxPane;
class ReadModelPane;
class ProjectionHost;
class ProjectionsPane;
class IncidentExporter;
class SelectedEvent;
class Selection;
class Settings;
class StartPage;
class StoreController;
class StoreSession;
class StoreStatus;
class SearchPane;
class StreamsPane;
class DiffPane;
class StatePane;
class StoreOverview;
class TimelinePane;
class WindowActions;

/// The inspector window: creates the shared objects (session, selection, open streams) and the panes, places
/// them in docks, and connects the actions to them. Panes talk to the Selection, never to each other.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Settings* settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    StoreSession* session() const { return m_session; }
    StoreController* controller() const { return m_controller; }
    Selection* selection() const { return m_selection; }
    OpenStreams* openStreams() const { return m_openStreams; }
    DeepLinkNavigator* navigator() const { return m_navigator; }
    WindowActions* actions() const { return m_actions; }
    MessageBar* messageBar() const { return m_messages; }
    StartPage* startPage() const { return m_start; }
    StreamsPane* streamsPane() const { return m_streams; }
    SearchPane* searchPane() const { return m_search; }
    TimelinePane* timelinePane() const { return m_timeline; }
    StoreOverview* storeOverview() const { return m_overview; }
    StatePane* statePane() const { return m_state; }
    DiffPane* diffPane() const { return m_diff; }
    EventsPane* eventsPane() const { return m_events; }
    EventPane* eventPane() const { return m_event; }
    StoreStatus* storeStatus() const { return m_status; }
    CommandConsole* commandConsole() const { return m_console; }
    ProjectionsPane* projectionsPane() const { return m_projections; }
    ProjectionHost* projectionHost() const { return m_projectionHost; }
    OutboxPane* outboxPane() const { return m_outbox; }
    ReadModelPane* readModelPane() const { return m_readModel; }
    AuditPane* auditPane() const { return m_audit; }
    CommandModeBanner* commandModeBanner() const { return m_banner; }
    IncidentExporter* exporter() const { return m_exporter; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QDockWidget* addPane(QWidget* pane, const QString& title, const QString& objectName, Qt::DockWidgetArea area);
    void buildMenus();
    void connectActions();
    void connectCommandConsole();
    void raisePane(QWidget* pane);
    void showStore(bool open);
    void updateStreamActions();
    void updateRecentMenu();
    void updateTitle();
    void showAbout();

    Settings* m_settings;
    StoreSession* m_session = nullptr;
    Selection* m_selection = nullptr;
    OpenStreams* m_openStreams = nullptr;
    SelectedEvent* m_selectedEvent = nullptr;
    DeepLinkNavigator* m_navigator = nullptr;
    StoreController* m_controller = nullptr;
    WindowActions* m_actions = nullptr;
    MessageBar* m_messages = nullptr;
    QStackedWidget* m_central = nullptr;
    StartPage* m_start = nullptr;
    StreamsPane* m_streams = nullptr;
    SearchPane* m_search = nullptr;
    TimelinePane* m_timeline = nullptr;
    StoreOverview* m_overview = nullptr;
    StatePane* m_state = nullptr;
    DiffPane* m_diff = nullptr;
    EventsPane* m_events = nullptr;
    EventPane* m_event = nullptr;
    StoreStatus* m_status = nullptr;
    CommandConsole* m_console = nullptr;
    ProjectionsPane* m_projections = nullptr;
    ProjectionHost* m_projectionHost = nullptr;
    OutboxPane* m_outbox = nullptr;
    ReadModelPane* m_readModel = nullptr;
    AuditPane* m_audit = nullptr;
    CommandModeBanner* m_banner = nullptr;
    IncidentExporter* m_exporter = nullptr;
    QList<QDockWidget*> m_docks;
};

} // namespace flashback
