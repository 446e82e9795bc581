// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>

#include <functional>
#include <utility>

namespace flashback::cli {

/// One row of a reference table: an environment variable or an exit code, with a short summary for --help and a
/// fuller explanation for the man page.
struct ReferenceEntry {
    QString name;
    QString summary;
    QString detail;
};

/// What `flashback-cli --help` and the flashback-cli(1) man page both say, kept in one place so they cannot drift.
QString cliDescription();
/// The options every subcommand accepts, before or after its name.
QList<QCommandLineOption> globalOptions();
QList<ReferenceEntry> environmentVariables();
QList<ReferenceEntry> exitCodes();

/// A subcommand's command line as it defines it: what its --help shows and the man page lists.
struct SubcommandReference {
    QString name;
    QString synopsis;
    QString description;
    QList<std::pair<QString, QString>> positionals;
    QList<QCommandLineOption> options;
};

/// Receives a subcommand's reference instead of running it (CliContext::describeOnly).
using ReferenceSink = std::function<void(const SubcommandReference&)>;

} // namespace flashback::cli
