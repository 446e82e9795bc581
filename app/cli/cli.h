// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace flashback::cli {

/// Runs flashback-cli with `arguments` (program name first) and returns the process exit code (see exitcode.h).
/// Never throws and never exits the process itself.
int run(const QStringList& arguments);

} // namespace flashback::cli
