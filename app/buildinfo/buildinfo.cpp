// SPDX-License-Identifier: GPL-3.0-or-later
#include "buildinfo.h"

#include "buildcommit.h"

using namespace Qt::StringLiterals;

namespace flashback {

QString projectVersion()
{
    return QStringLiteral(FLASHBACK_VERSION);
}

QString buildCommit()
{
    return QStringLiteral(FLASHBACK_GIT_COMMIT);
}

QString versionText()
{
    const QString commit = buildCommit();
    return commit.isEmpty() ? projectVersion() : u"%1 (git %2)"_s.arg(projectVersion(), commit);
}

} // namespace flashback
