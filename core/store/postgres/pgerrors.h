// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgresult.h"
#include "util/error.h"

#include <QString>

#include <chrono>

namespace flashback::postgres {

/// What an error message needs to know about the connection. `password` is only used to scrub it out of server
/// and libpq texts; it never appears in an Error.
struct ErrorSource {
    QString display; ///< The address with any password masked (StoreAddress::display()).
    QString password;
    std::chrono::milliseconds busyTimeout {5000};
};

/// Removes the password (and anything that looks like `password=…`) from a text meant for messages or logs.
QString scrubSecrets(QString text, const QString& password);

/// Turns a failed statement into a typed Error a support engineer can act on, by its SQLSTATE.
/// `connectionLost`: libpq reports the connection as broken. `doing` completes "... while <doing>".
Error statementError(const PgResult& result, bool connectionLost, const ErrorSource& source, const QString& doing);

/// Turns a failed connection attempt (libpq's message; connections have no SQLSTATE) into a typed Error.
/// `database` is the database libpq tried to reach; `timedOut`: the connect timeout of `timeoutSeconds` ran out.
Error connectError(
    const QString& libpqMessage, const QString& database, const ErrorSource& source, bool timedOut, int timeoutSeconds);

} // namespace flashback::postgres
