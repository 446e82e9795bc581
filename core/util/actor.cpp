// SPDX-License-Identifier: GPL-3.0-or-later
#include "actor.h"

#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>

#include <vector>
#endif

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString passwordDatabaseUser()
{
#ifdef Q_OS_UNIX
    // getpwuid_r, not getpwuid: the window's worker threads may ask at the same time.
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(size > 0 ? size_t(size) : 16384);
    passwd entry {};
    passwd* found = nullptr;
    if (getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &found) == 0 && found && found->pw_name)
        return QString::fromLocal8Bit(found->pw_name);
#endif
    return {};
}

} // namespace

QString operatingSystemUser()
{
    for (const char* variable : {"USER", "LOGNAME"}) {
        if (QString user = qEnvironmentVariable(variable).trimmed(); !user.isEmpty())
            return user;
    }
    return passwordDatabaseUser();
}

QString defaultActor()
{
    if (const QString actor = qEnvironmentVariable("FLASHBACK_ACTOR").trimmed(); !actor.isEmpty())
        return actor;
    QString user = operatingSystemUser();
    if (user.isEmpty())
        user = u"unknown"_s;
    return user + u'@' + QSysInfo::machineHostName();
}

} // namespace flashback
