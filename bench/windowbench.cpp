// SPDX-License-Identifier: GPL-3.0-or-later
#include "windowbench.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

namespace flashback::bench {

bool waitFor(const std::function<bool()>& done, int deadlineMs)
{
    QElapsedTimer elapsed;
    elapsed.start();
    while (!done()) {
        if (elapsed.elapsed() > deadlineMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

Window::Window(const QString& settingsFile)
    : stored(settingsFile, QSettings::IniFormat)
    , settings(&stored)
    , window(&settings)
{
    window.resize(1600, 1000);
    window.show();
}

} // namespace flashback::bench
