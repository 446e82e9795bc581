// SPDX-License-Identifier: GPL-3.0-or-later
#include "libraryversions.h"

#include <libpq-fe.h>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace flashback {

QString libpqVersionText()
{
    // PQlibVersion: major * 10000 + minor since PostgreSQL 10.
    const int version = PQlibVersion();
    return u"%1.%2"_s.arg(version / 10000).arg(version % 10000);
}

QString sqliteVersionText()
{
    return QString::fromLatin1(sqlite3_libversion());
}

} // namespace flashback
