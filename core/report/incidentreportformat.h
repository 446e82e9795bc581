// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace flashback {

struct IncidentReport;

enum class IncidentReportFormat { Markdown, Html };

/// "md" (or "markdown") and "html"; false, `format` untouched, for anything else.
bool parseIncidentReportFormat(const QString& text, IncidentReportFormat* format);
QString incidentReportFormatName(IncidentReportFormat format);

/// The report as Markdown (GitHub-flavoured tables, ready to paste into a ticket) or as one self-contained HTML
/// page (its styles inline, nothing fetched, light and dark, printable). Both say the same things in the same order:
/// what the report covers, the event under scrutiny, what it changed, the state before and after with the changed
/// fields marked, the history of each field, then the events.
QString incidentReportText(const IncidentReport& report, IncidentReportFormat format);

} // namespace flashback
