// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace flashback {

/// The operating-system login name: $USER, then $LOGNAME, then the password database entry of the effective user
/// (containers often run as root with neither variable set). Empty when none of them names anyone.
QString operatingSystemUser();

/// The actor recorded on commands when none is given: $FLASHBACK_ACTOR, or "user@host" with
/// operatingSystemUser() ("unknown" when even that is empty).
QString defaultActor();

} // namespace flashback
