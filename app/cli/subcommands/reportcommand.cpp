// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "report/incidentreport.h"
#include "report/incidentreportformat.h"
#include "report/reportfile.h"
#include "streamlookup.h"
#include "subcommands.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

Status runReport(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"report"_s, u"STREAM [OPTIONS]"_s,
        u"Writes an incident report for a stream, ready for a ticket: its events (time, type, actor, reason, "
        u"summary), the state before and after the event under scrutiny (the last of the range) with the changed "
        u"fields marked, the history of the chosen fields, the store's address without its password, and when it "
        u"was made. Masked fields stay masked; there is no --reveal."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    commandLine.addOption({u"from-revision"_s, u"The first event listed (default 1)."_s, u"A"_s});
    commandLine.addOption({u"to-revision"_s,
        u"The event under scrutiny, and the last one listed (default: the stream's last)."_s, u"B"_s});
    commandLine.addOption({u"field"_s,
        u"A field whose whole history the report tells, e.g. status or address.city; repeat for more (default: "
        u"the fields the event under scrutiny changed)."_s,
        u"F"_s});
    commandLine.addOption({u"format"_s,
        u"md (Markdown, the default) or html (one self-contained page); with --output ending in .html, html."_s,
        u"md|html"_s});
    commandLine.addOption({u"output"_s,
        u"Write the report to FILE (replaced whole, never left half-written) instead of standard output."_s,
        u"FILE"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a stream id"_s);
    if (!positionals)
        return positionals.error();
    auto from = commandLine.integer(u"from-revision"_s, 1, 1);
    if (!from)
        return from.error();
    auto to = commandLine.optionalInteger(u"to-revision"_s, 1);
    if (!to)
        return to.error();
    if (*to && **to < *from)
        return usageError(u"InvalidArgument"_s, u"--to-revision comes before --from-revision."_s);
    const QString output = commandLine.value(u"output"_s);
    IncidentReportFormat format
        = output.endsWith(u".html"_s, Qt::CaseInsensitive) || output.endsWith(u".htm"_s, Qt::CaseInsensitive)
        ? IncidentReportFormat::Html
        : IncidentReportFormat::Markdown;
    if (commandLine.isSet(u"format"_s) && !parseIncidentReportFormat(commandLine.value(u"format"_s), &format)) {
        return usageError(
            u"InvalidArgument"_s, u"--format is md or html, not '%1'."_s.arg(commandLine.value(u"format"_s)));
    }

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;
    IncidentReportRequest request;
    request.streamId = stream.streamId;
    request.fromRevision = *from;
    request.toRevision = *to;
    request.fields = commandLine.values(u"field"_s);
    request.storeAddress = exportedStoreAddress(context);
    auto report = buildIncidentReport(*store, DomainCatalog::builtin(), request);
    if (!report)
        return report.error();
    const QString text = incidentReportText(*report, format);
    if (!output.isEmpty()) {
        if (auto written = writeReportFile(output, text); !written)
            return written.error();
    }

    if (context.options().json) {
        QJsonArray fields;
        for (const IncidentFieldHistory& history : std::as_const(report->histories))
            fields.append(history.path);
        QJsonObject document {{u"stream_id"_s, report->streamId}, {u"aggregate_type"_s, report->aggregateType},
            {u"from_revision"_s, report->fromRevision}, {u"to_revision"_s, report->toRevision},
            {u"events_listed"_s, qint64(report->events.size())}, {u"events_omitted"_s, report->omittedCount},
            {u"fields"_s, fields}, {u"format"_s, incidentReportFormatName(format)},
            {u"output"_s, output.isEmpty() ? QJsonValue() : QJsonValue(QFileInfo(output).absoluteFilePath())}};
        if (output.isEmpty())
            document.insert(u"report"_s, text);
        context.printJson(document);
    } else if (output.isEmpty()) {
        context.print(text);
    } else {
        context.print(u"Wrote the report on %1 revisions %2 to %3 to %4.\n"_s.arg(report->streamId,
            QString::number(report->fromRevision), QString::number(report->toRevision),
            QFileInfo(output).absoluteFilePath()));
    }
    return {};
}

} // namespace flashback::cli
