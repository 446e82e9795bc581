// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QString>

namespace flashback::cli {

/// The process exit codes of flashback-cli. Part of its public interface (docs/cli.md): scripts branch on them,
/// so a value never changes meaning.
enum class ExitCode {
    Success = 0,
    Internal = 1,
    Usage = 2,
    Store = 3,
    DomainRule = 4,
    Conflict = 5,
    NotFound = 6,
};

ExitCode exitCodeFor(ErrorCategory category);

/// Stable snake_case name of a category, as printed in JSON errors ("usage", "store", ...).
QString categoryName(ErrorCategory category);

} // namespace flashback::cli
