// SPDX-License-Identifier: GPL-3.0-or-later
#include "quitafterload.h"
#include "guioptions.h"
#include "mainwindow.h"
#include "models/storesession.h"
#include "models/streamlistmodel.h"
#include "panes/streamspane.h"
#include "storecontroller.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace flashback {

QuitAfterLoad::QuitAfterLoad(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    StreamListModel* streams = window->streamsPane()->model();
    window->controller()->setAsksForPasswords(false);
    connect(window->session(), &StoreSession::opened, this, [this] { m_opened = true; });
    connect(window->session(), &StoreSession::openFailed, this, &QuitAfterLoad::fail);
    connect(window->controller(), &StoreController::failed, this, &QuitAfterLoad::fail);
    connect(streams, &StreamListModel::failed, this, &QuitAfterLoad::fail);
    connect(streams, &StreamListModel::totalCountChanged, this, &QuitAfterLoad::onCount);
    // The first page proves the store was read, not only opened; an empty store has no page to wait for.
    connect(streams, &StreamListModel::pageLoaded, this, [this] {
        if (m_opened && m_streams > 0)
            finish(int(gui::GuiExitCode::Success));
    });
}

void QuitAfterLoad::onCount(qint64 count)
{
    if (!m_opened || count < 0)
        return;
    m_streams = count;
    if (count == 0) {
        finish(int(gui::GuiExitCode::Success));
        return;
    }
    // Asking for the first row loads the first page even when no view has painted it yet.
    StreamListModel* streams = m_window->streamsPane()->model();
    if (streams->rowCount() > 0)
        streams->data(streams->index(0, 0));
}

void QuitAfterLoad::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    if (exitCode == int(gui::GuiExitCode::Success)) {
        const QString line = u"Loaded %1: %2 %3.\n"_s.arg(m_window->session()->store().address)
                                 .arg(m_streams)
                                 .arg(m_streams == 1 ? u"stream"_s : u"streams"_s);
        std::fputs(line.toUtf8().constData(), stdout);
        std::fflush(stdout);
    }
    // Queued, so that the signal being handled finishes before the event loop ends.
    QTimer::singleShot(0, qApp, [exitCode] { QCoreApplication::exit(exitCode); });
}

void QuitAfterLoad::fail(const Error& error)
{
    if (m_finished)
        return;
    std::fprintf(stderr, "flashback: %s\n", qPrintable(error.message));
    finish(int(gui::GuiExitCode::Store));
}

} // namespace flashback
