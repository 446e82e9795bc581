// SPDX-License-Identifier: GPL-3.0-or-later
#include "incidentexporter.h"

#include "models/selection.h"
#include "models/storesession.h"
#include "settings.h"

#include <QDir>
#include <QFileInfo>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace flashback {

IncidentExporter::IncidentExporter(StoreSession* session, Selection* selection, Settings* settings, QWidget* window)
    : QObject(window)
    , m_session(session)
    , m_selection(selection)
    , m_settings(settings)
    , m_window(window)
{ }

void IncidentExporter::withCurrentStream(std::function<void(const QString&, qint64, qint64)> open)
{
    const QString streamId = m_selection->currentStream();
    if (streamId.isEmpty() || !m_session->isOpen())
        return;
    const qint64 selected = m_selection->revision();
    m_lookup.cancel();
    m_lookup = m_session->stream(
        this, streamId, [this, streamId, selected, open](Result<std::optional<StreamInfo>> info) {
            if (!info) {
                Q_EMIT failed(info.error());
                return;
            }
            if (!info->has_value()) {
                Q_EMIT failed(Error::notFound(u"StreamNotFound"_s, u"There is no stream %1 any more."_s.arg(streamId)));
                return;
            }
            open(streamId, (*info)->revision, selected);
        });
}

void IncidentExporter::exportReportOfCurrentStream()
{
    withCurrentStream([this](const QString& streamId, qint64 head, qint64 selected) {
        // Window-modal and not exec(): no nested event loop while the worker's answers keep arriving.
        auto* dialog = new IncidentReportDialog(streamId, head, selected, m_settings->reportFolder(), m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(
            dialog, &QDialog::accepted, this, [this, dialog, streamId] { exportReport(streamId, dialog->choice()); });
        dialog->open();
    });
}

void IncidentExporter::exportTestOfCurrentStream()
{
    withCurrentStream([this](const QString& streamId, qint64 head, qint64 selected) {
        auto* dialog = new TestExportDialog(streamId, head, selected, m_settings->reportFolder(), m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog, streamId] { exportTest(streamId, dialog->choice()); });
        dialog->open();
    });
}

void IncidentExporter::begin(const QString& what, const QString& path)
{
    cancel();
    m_settings->setReportFolder(QFileInfo(path).absolutePath());
    m_busy = true;
    Q_EMIT started(what);
}

void IncidentExporter::end()
{
    m_busy = false;
}

void IncidentExporter::exportReport(const QString& streamId, const IncidentReportDialog::Choice& choice)
{
    IncidentReportRequest request;
    request.streamId = streamId;
    request.fromRevision = choice.fromRevision;
    request.toRevision = choice.toRevision;
    request.fields = choice.fields;
    request.maskedKeys = m_settings->maskedKeys();
    begin(u"the incident report of %1"_s.arg(streamId), choice.path);
    m_running = m_session->exportIncidentReport(
        this, request, choice.format, choice.path, [this, path = choice.path](Result<IncidentReport> report) {
            end();
            if (!report) {
                Q_EMIT failed(report.error());
                return;
            }
            Q_EMIT finished(path,
                u"Saved the incident report (%1 events) to %2."_s.arg(report->events.size())
                    .arg(QDir::toNativeSeparators(path)));
        });
}

void IncidentExporter::exportTest(const QString& streamId, const TestExportDialog::Choice& choice)
{
    TestExportRequest request;
    request.streamId = streamId;
    request.revision = choice.revision;
    request.anonymize = choice.anonymize;
    request.className = choice.className;
    request.fileBaseName = QFileInfo(choice.path).completeBaseName();
    request.maskedKeys = m_settings->maskedKeys();
    begin(u"a test of %1"_s.arg(streamId), choice.path);
    m_running
        = m_session->exportTest(this, request, choice.path, [this, path = choice.path](Result<ExportedTest> test) {
              end();
              if (!test) {
                  Q_EMIT failed(test.error());
                  return;
              }
              const QString then = !test->thenError.isEmpty() ? u"the error %1"_s.arg(test->thenError)
                                                              : test->thenEvents.join(u", "_s);
              Q_EMIT finished(path,
                  u"Saved %1::%2 (when %3, then %4) to %5."_s.arg(test->className, test->testFunction, test->whenName,
                      then.isEmpty() ? u"the state"_s : then, QDir::toNativeSeparators(path)));
          });
}

void IncidentExporter::cancel()
{
    m_running.cancel();
    end();
}

} // namespace flashback
