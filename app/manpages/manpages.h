// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace flashback::manpages {

/// flashback-cli(1): every subcommand with its arguments and options, the global options, the environment and
/// the exit codes, read from the definitions flashback-cli itself parses.
QString cliManPage(const QString& date, const QString& version);
/// flashback(1): the window's options from the definitions it parses, its files and exit codes.
QString guiManPage(const QString& date, const QString& version);

} // namespace flashback::manpages
