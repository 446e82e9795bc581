// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QSqlError>
#include <QString>

#include <chrono>

namespace flashback::sqlite {

/// SQLite's primary result codes we react to (QSqlError::nativeErrorCode, extended codes masked off).
enum ResultCode {
    Busy = 5,
    Locked = 6,
    ReadOnly = 8,
    IoError = 10,
    Corrupt = 11,
    Full = 13,
    CantOpen = 14,
    Constraint = 19,
    NotADatabase = 26,
};

int primaryResultCode(const QSqlError& error);

/// Turns a driver error into a typed Error a support engineer can act on.
/// `doing` completes "... while <doing>", e.g. "reading stream X".
Error toError(const QSqlError& error, const QString& path, const QString& doing, std::chrono::milliseconds busyTimeout);
/// The same for a result code from the sqlite3 API itself (extended codes allowed) and its message.
Error toError(int resultCode, const QString& message, const QString& path, const QString& doing,
    std::chrono::milliseconds busyTimeout);

} // namespace flashback::sqlite
