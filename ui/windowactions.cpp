// SPDX-License-Identifier: GPL-3.0-or-later
#include "windowactions.h"

#include <QAction>
#include <QActionGroup>
#include <QKeySequence>
#include <QMenu>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace flashback {

QAction* WindowActions::make(const QString& text, const QString& tip)
{
    auto* action = new QAction(text, this);
    action->setStatusTip(tip);
    action->setToolTip(tip);
    return action;
}

WindowActions::WindowActions(QObject* parent)
    : QObject(parent)
{
    openFile = make(u"&Open Store File…"_s, u"Open a Flashback store file (SQLite)"_s);
    openFile->setShortcut(QKeySequence::Open);
    connect = make(u"&Connect to PostgreSQL…"_s, u"Open a store in a PostgreSQL database"_s);
    connect->setShortcut(QKeySequence(u"Ctrl+Shift+O"_s));
    openDemo = make(u"Open the &Demo Store"_s, u"Open the demo store with the incident stories (made on first use)"_s);
    recentMenu = new QMenu(u"Open &Recent"_s, qobject_cast<QWidget*>(parent));
    exportReport = make(u"&Export Incident Report…"_s,
        u"Write the current stream's events, its state before and after an event and its fields' history as HTML "
        u"or Markdown"_s);
    exportReport->setShortcut(QKeySequence(u"Ctrl+Shift+E"_s));
    exportTest = make(u"Export as &Test…"_s,
        u"Write a given/when/then Qt Test case of the current stream's event under scrutiny, for flashback_core"_s);
    exportTest->setShortcut(QKeySequence(u"Ctrl+Shift+T"_s));
    closeStore = make(u"C&lose Store"_s, u"Close the store and go back to the start page"_s);
    closeStore->setShortcut(QKeySequence::Close);
    quit = make(u"&Quit"_s, u"Quit Flashback"_s);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    goToStream = make(u"Go to &Stream…"_s, u"Filter the streams by id or type"_s);
    goToStream->setShortcut(QKeySequence(u"Ctrl+L"_s));
    find = make(u"&Find Events…"_s, u"Search every event: an email, a username, an IP, an id, a word"_s);
    find->setShortcut(QKeySequence::Find);
    goToRevision = make(u"Go to &Revision or Time…"_s, u"Select an event by its revision or the time it happened"_s);
    goToRevision->setShortcut(QKeySequence(u"Ctrl+G"_s));
    previousEvent = make(u"&Previous Event"_s, u"Select the stream's previous event"_s);
    previousEvent->setShortcut(QKeySequence(u"Alt+Left"_s));
    nextEvent = make(u"&Next Event"_s, u"Select the stream's next event"_s);
    nextEvent->setShortcut(QKeySequence(u"Alt+Right"_s));
    firstEvent = make(u"F&irst Event"_s, u"Select the stream's first event"_s);
    firstEvent->setShortcut(QKeySequence(u"Alt+Home"_s));
    lastEvent = make(u"&Last Event"_s, u"Select the stream's newest event"_s);
    lastEvent->setShortcut(QKeySequence(u"Alt+End"_s));
    playPause = make(u"&Play / Pause"_s, u"Play the stream's history from the selected event, or pause it"_s);
    playPause->setShortcut(QKeySequence(u"Ctrl+Shift+P"_s));
    followHead = make(u"&Follow New Events"_s, u"Select each new event of the stream as it is committed"_s);
    followHead->setCheckable(true);
    followHead->setShortcut(QKeySequence(u"Ctrl+Shift+F"_s));
    copyLink = make(u"Copy &Link to Event"_s, u"Copy a command line that opens Flashback at the selected event"_s);
    copyLink->setShortcut(QKeySequence(u"Ctrl+Shift+C"_s));
    copyEvent = make(u"&Copy Event as JSON"_s, u"Copy the selected event; masked values stay masked"_s);
    copyEvent->setShortcut(QKeySequence(u"Ctrl+Alt+C"_s));
    compareFrom = make(u"Compare &From Here (A)"_s, u"Make the selected event side A of the Diff pane"_s);
    compareFrom->setShortcut(QKeySequence(u"Ctrl+Shift+A"_s));
    compareTo = make(u"Compare &To Here (B)"_s, u"Make the selected event side B of the Diff pane and compare"_s);
    compareTo->setShortcut(QKeySequence(u"Ctrl+Shift+B"_s));
    cancel = make(u"Cancel &Loading"_s, u"Stop loading and close the message"_s);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));

    zoomIn = make(u"Zoom &In"_s, u"Zoom the timeline in"_s);
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(u"Ctrl+="_s)});
    zoomOut = make(u"Zoom &Out"_s, u"Zoom the timeline out"_s);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    fitAll = make(u"&Fit All"_s, u"Show every event of the open streams"_s);
    fitAll->setShortcut(QKeySequence(u"Ctrl+0"_s));
    axisByRevision = make(u"Timeline by &Revision"_s, u"Space events evenly by revision instead of by time"_s);
    axisByRevision->setCheckable(true);
    axisByRevision->setShortcut(QKeySequence(u"Ctrl+R"_s));
    utc = make(u"Times in &UTC"_s, u"Show every time in UTC instead of local time"_s);
    utc->setCheckable(true);
    utc->setShortcut(QKeySequence(u"Ctrl+Shift+U"_s));
    auto* themes = new QActionGroup(this);
    themeSystem = make(u"&System Colours"_s, u"Follow the system's colours"_s);
    themeLight = make(u"&Light"_s, u"Light colours"_s);
    themeDark = make(u"&Dark"_s, u"Dark colours"_s);
    themeDark->setShortcut(QKeySequence(u"Ctrl+Shift+D"_s));
    for (QAction* theme : {themeSystem, themeLight, themeDark}) {
        theme->setCheckable(true);
        themes->addAction(theme);
    }
    largerText = make(u"&Larger Text"_s, u"Larger text everywhere, for presenting"_s);
    largerText->setShortcut(QKeySequence(u"Ctrl+Shift+="_s));
    smallerText = make(u"S&maller Text"_s, u"Smaller text everywhere"_s);
    smallerText->setShortcut(QKeySequence(u"Ctrl+Shift+-"_s));
    resetText = make(u"&Normal Text Size"_s, u"The system's text size"_s);
    resetText->setShortcut(QKeySequence(u"Ctrl+Shift+0"_s));
    sensitiveFields = make(u"&Sensitive Fields…"_s, u"Choose the payload fields shown as •••••• until revealed"_s);

    commandConsole = make(u"Command &Console"_s, u"Show the Command console: dry run or execute a command"_s);
    commandConsole->setShortcut(QKeySequence(u"Ctrl+K"_s));
    commandMode = make(u"Command &Mode"_s, u"Allow the Command console to append to the store (a banner says so)"_s);
    commandMode->setCheckable(true);
    commandMode->setShortcut(QKeySequence(u"Ctrl+Shift+M"_s));
    projections
        = make(u"&Projections"_s, u"Show the Projections pane: each projection's lag, live, with pause and resume"_s);
    projections->setShortcut(QKeySequence(u"Ctrl+J"_s));
    outbox = make(
        u"&Outbox"_s, u"Show the Outbox pane: side effects waiting, delivered and failed, with retry and discard"_s);
    outbox->setShortcut(QKeySequence(u"Ctrl+Shift+X"_s));
    readModel = make(u"&Read Model"_s,
        u"Show the Read Model pane: the stream's read-model row beside its replayed events, lag and drift"_s);
    readModel->setShortcut(QKeySequence(u"Ctrl+Shift+R"_s));
    audit = make(u"&Audit"_s,
        u"Show the Audit pane: who issued commands and changed projections or the outbox, when, and how it went"_s);
    audit->setShortcut(QKeySequence(u"Ctrl+Shift+L"_s));
    runProjections = make(u"&Run Projections in the Window"_s,
        u"Keep a SQLite store's projections and outbox running while the window has it open"_s);
    runProjections->setCheckable(true);

    shortcuts = make(u"&Keyboard Shortcuts"_s, u"Every keyboard shortcut of the window"_s);
    shortcuts->setShortcut(QKeySequence(u"Ctrl+/"_s));
    about = make(u"&About Flashback"_s, u"Version and licences"_s);
    about->setMenuRole(QAction::AboutRole);
}

QList<QAction*> WindowActions::all() const
{
    return {openFile, connect, openDemo, exportReport, exportTest, closeStore, quit, goToStream, find, goToRevision,
        previousEvent, nextEvent, firstEvent, lastEvent, playPause, followHead, copyLink, copyEvent, compareFrom,
        compareTo, cancel, zoomIn, zoomOut, fitAll, axisByRevision, utc, themeDark, largerText, smallerText, resetText,
        sensitiveFields, commandConsole, commandMode, projections, outbox, readModel, audit, runProjections, shortcuts,
        about};
}

} // namespace flashback
