// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mainwindow.h"
#include "settings.h"

#include <QSettings>
#include <QString>

#include <functional>

namespace flashback::bench {

/// Ms a window benchmark waits for any one thing; a figure that takes longer is a failure, not a result.
constexpr int WindowDeadline = 120000;

/// Runs the event loop until `done` holds or the deadline passes; false on the deadline.
bool waitFor(const std::function<bool()>& done, int deadlineMs = WindowDeadline);

/// The window as app/gui/main.cpp makes it, 1600x1000 and shown, with settings in a file of its own (never the
/// user's).
struct Window {
    explicit Window(const QString& settingsFile);
    QSettings stored;
    Settings settings;
    MainWindow window;
};

} // namespace flashback::bench
