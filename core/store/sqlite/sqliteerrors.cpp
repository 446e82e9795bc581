// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteerrors.h"

using namespace Qt::StringLiterals;

namespace flashback::sqlite {

int primaryResultCode(const QSqlError& error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xFF) : -1;
}

Error toError(const QSqlError& error, const QString& path, const QString& doing, std::chrono::milliseconds busyTimeout)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return toError(ok ? code : -1, error.text().trimmed(), path, doing, busyTimeout);
}

Error toError(int resultCode, const QString& message, const QString& path, const QString& doing,
    std::chrono::milliseconds busyTimeout)
{
    const QString& detail = message;
    const QVariantMap context {{u"path"_s, path}, {u"sqlite_code"_s, QString::number(resultCode)}};
    switch (resultCode < 0 ? -1 : (resultCode & 0xFF)) {
    case Busy:
    case Locked:
        return Error::make(ErrorKind::StoreBusy,
            u"The store %1 is busy: another process held its write lock for more than %2 s while %3."_s.arg(
                path, QString::number(double(busyTimeout.count()) / 1000.0), doing),
            detail, context);
    case ReadOnly:
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is read-only, so it cannot be changed (while %2)."_s.arg(path, doing), detail, context);
    case Corrupt:
        return Error::make(ErrorKind::StoreCorrupt,
            u"The store %1 is damaged and cannot be read (while %2); restore it from a backup."_s.arg(path, doing),
            detail, context);
    case NotADatabase:
        return Error::make(ErrorKind::NotAFlashbackStore,
            u"%1 is not a Flashback store (it is not a SQLite database)."_s.arg(path), detail, context);
    case Full:
        return Error::make(ErrorKind::StoreUnavailable,
            u"The disk holding %1 is full (while %2); nothing was written."_s.arg(path, doing), detail, context);
    case CantOpen:
    case IoError:
        return Error::make(ErrorKind::StoreUnavailable,
            u"The store %1 could not be read or written (while %2)."_s.arg(path, doing), detail, context);
    default:
        return Error::make(
            ErrorKind::StoreUnavailable, u"The store %1 failed while %2."_s.arg(path, doing), detail, context);
    }
}

} // namespace flashback::sqlite
