// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace flashback::cli {

class CliContext;

/// Runs one subcommand. `arguments` is the program name followed by every argument except the subcommand's
/// name (global options included, wherever they were given).
using SubcommandRun = Status (*)(CliContext& context, const QStringList& arguments);

struct Subcommand {
    QString name;
    QString summary; ///< One line for the main help.
    SubcommandRun run = nullptr;
};

/// Every subcommand, in the order the main help lists them.
const QList<Subcommand>& subcommands();

Status runInit(CliContext& context, const QStringList& arguments);
Status runInfo(CliContext& context, const QStringList& arguments);
Status runDemo(CliContext& context, const QStringList& arguments);
Status runCommands(CliContext& context, const QStringList& arguments);
Status runCommand(CliContext& context, const QStringList& arguments);
Status runStreams(CliContext& context, const QStringList& arguments);
Status runEvents(CliContext& context, const QStringList& arguments);
Status runLog(CliContext& context, const QStringList& arguments);
Status runSearch(CliContext& context, const QStringList& arguments);
Status runState(CliContext& context, const QStringList& arguments);
Status runDiff(CliContext& context, const QStringList& arguments);
Status runHistory(CliContext& context, const QStringList& arguments);
Status runReport(CliContext& context, const QStringList& arguments);
Status runExportTest(CliContext& context, const QStringList& arguments);
Status runSnapshot(CliContext& context, const QStringList& arguments);
Status runSnapshots(CliContext& context, const QStringList& arguments);
Status runProject(CliContext& context, const QStringList& arguments);
Status runLag(CliContext& context, const QStringList& arguments);
Status runOutbox(CliContext& context, const QStringList& arguments);
Status runUsers(CliContext& context, const QStringList& arguments);
Status runRebuild(CliContext& context, const QStringList& arguments);
Status runPause(CliContext& context, const QStringList& arguments);
Status runResume(CliContext& context, const QStringList& arguments);
Status runAudit(CliContext& context, const QStringList& arguments);

} // namespace flashback::cli
