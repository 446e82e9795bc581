// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>

class QAction;
class QActionGroup;
class QMenu;

namespace flashback {

/// Every command of the window as one QAction, created once (text, shortcut, status tip): the menus, the
/// toolbar, context menus and Help → Keyboard Shortcuts are all built from these.
class WindowActions : public QObject {
    Q_OBJECT
public:
    explicit WindowActions(QObject* parent);

    // File
    QAction* openFile = nullptr;
    QAction* connect = nullptr;
    QAction* openDemo = nullptr;
    QMenu* recentMenu = nullptr;
    QAction* exportReport = nullptr;
    QAction* exportTest = nullptr;
    QAction* closeStore = nullptr;
    QAction* quit = nullptr;
    // Go
    QAction* goToStream = nullptr;
    QAction* find = nullptr;
    QAction* goToRevision = nullptr;
    QAction* previousEvent = nullptr;
    QAction* nextEvent = nullptr;
    QAction* firstEvent = nullptr;
    QAction* lastEvent = nullptr;
    QAction* playPause = nullptr;
    QAction* followHead = nullptr;
    QAction* copyLink = nullptr;
    QAction* copyEvent = nullptr;
    QAction* compareFrom = nullptr;
    QAction* compareTo = nullptr;
    QAction* cancel = nullptr;
    // View
    QAction* zoomIn = nullptr;
    QAction* zoomOut = nullptr;
    QAction* fitAll = nullptr;
    QAction* axisByRevision = nullptr;
    QAction* utc = nullptr;
    QAction* themeSystem = nullptr;
    QAction* themeLight = nullptr;
    QAction* themeDark = nullptr;
    QAction* largerText = nullptr;
    QAction* smallerText = nullptr;
    QAction* resetText = nullptr;
    QAction* sensitiveFields = nullptr;
    // Commands
    QAction* commandConsole = nullptr;
    QAction* commandMode = nullptr;
    QAction* projections = nullptr;
    QAction* runProjections = nullptr;
    QAction* outbox = nullptr;
    QAction* readModel = nullptr;
    QAction* audit = nullptr;
    // Help
    QAction* shortcuts = nullptr;
    QAction* about = nullptr;

    /// Every action with a shortcut, in menu order, for the shortcut sheet.
    QList<QAction*> all() const;

private:
    QAction* make(const QString& text, const QString& tip);
};

} // namespace flashback
