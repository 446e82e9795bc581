// SPDX-License-Identifier: GPL-3.0-or-later
#include "exitcode.h"

using namespace Qt::StringLiterals;

namespace flashback::cli {

ExitCode exitCodeFor(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Usage:
        return ExitCode::Usage;
    case ErrorCategory::Store:
        return ExitCode::Store;
    case ErrorCategory::DomainRule:
        return ExitCode::DomainRule;
    case ErrorCategory::Conflict:
        return ExitCode::Conflict;
    case ErrorCategory::NotFound:
        return ExitCode::NotFound;
    case ErrorCategory::Internal:
        return ExitCode::Internal;
    }
    return ExitCode::Internal;
}

QString categoryName(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Usage:
        return u"usage"_s;
    case ErrorCategory::Store:
        return u"store"_s;
    case ErrorCategory::DomainRule:
        return u"domain_rule"_s;
    case ErrorCategory::Conflict:
        return u"conflict"_s;
    case ErrorCategory::NotFound:
        return u"not_found"_s;
    case ErrorCategory::Internal:
        return u"internal"_s;
    }
    return u"internal"_s;
}

} // namespace flashback::cli
