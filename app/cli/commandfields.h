// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/commandspec.h"
#include "util/result.h"

#include <QJsonObject>

namespace flashback::cli {

class CliContext;
class CommandLine;

/// --set FIELD=VALUE (repeatable) and --fields JSON_OBJECT: a command's fields, as `command` and `export-test`
/// take them.
void addCommandFieldOptions(CommandLine& commandLine);

/// The fields those options give, parsed by the command's description; a secret given as "-" is read as one line
/// from standard input, so it never shows up in `ps` or the shell history.
Result<QJsonObject> collectFields(CliContext& context, const CommandSpec& spec, const CommandLine& commandLine);

} // namespace flashback::cli
