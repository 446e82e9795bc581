// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace flashback {

/// The project version (CMake's PROJECT_VERSION), e.g. "0.1.0".
QString projectVersion();
/// The git commit the build was made from ("0123456789ab", "-dirty" appended for uncommitted changes), or empty
/// when it is not known (a build outside a git checkout without -DFLASHBACK_GIT_COMMIT).
QString buildCommit();
/// What --version prints after the program's name: "0.1.0 (git 0123456789ab)", or "0.1.0".
QString versionText();

} // namespace flashback
