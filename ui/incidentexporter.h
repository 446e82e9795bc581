// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dialogs/incidentreportdialog.h"
#include "dialogs/testexportdialog.h"
#include "models/requesthandle.h"
#include "store/streamindex.h"
#include "util/error.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace flashback {

class Selection;
class Settings;
class StoreSession;

/// File → Export Incident Report… and Export as Test…: asks what to export of the current stream (a dialog),
/// then has the session's worker build the file and write it. One export at a time; cancellable.
class IncidentExporter : public QObject {
    Q_OBJECT
public:
    IncidentExporter(StoreSession* session, Selection* selection, Settings* settings, QWidget* window);

    bool isBusy() const { return m_busy; }

    /// Opens IncidentReportDialog for the current stream (its head asked of the worker first).
    void exportReportOfCurrentStream();
    /// Opens TestExportDialog for the current stream.
    void exportTestOfCurrentStream();
    /// Writes the report `choice` describes for `streamId`: started(), then finished() or failed().
    void exportReport(const QString& streamId, const IncidentReportDialog::Choice& choice);
    /// Writes the test `choice` describes for `streamId`: started(), then finished() or failed().
    void exportTest(const QString& streamId, const TestExportDialog::Choice& choice);
    void cancel();

Q_SIGNALS:
    /// `what`: "the incident report of …", for "Writing …".
    void started(const QString& what);
    /// `message`: one sentence on what was written where.
    void finished(const QString& path, const QString& message);
    void failed(const flashback::Error& error);

private:
    /// Asks the worker for the current stream's head, then calls `open` with it.
    void withCurrentStream(std::function<void(const QString& streamId, qint64 head, qint64 selected)> open);
    void begin(const QString& what, const QString& path);
    void end();

    StoreSession* m_session;
    Selection* m_selection;
    Settings* m_settings;
    QPointer<QWidget> m_window;
    RequestHandle m_lookup;
    RequestHandle m_running;
    bool m_busy = false;
};

} // namespace flashback
