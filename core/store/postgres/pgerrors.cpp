// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgerrors.h"
#include "store/storeaddress.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback::postgres {

QString scrubSecrets(QString text, const QString& password)
{
    if (!password.isEmpty())
        text.replace(password, u"***"_s);
    // The address masking also catches a password= that libpq quotes back from a malformed address.
    return StoreAddress {StoreAddress::Kind::Postgres, text}.display();
}

Error statementError(const PgResult& result, bool connectionLost, const ErrorSource& source, const QString& doing)
{
    const QString state = result.sqlState();
    QString detail = result.primaryMessage();
    if (const QString more = result.detailMessage(); !more.isEmpty())
        detail += u" ("_s + more + u')';
    detail = scrubSecrets(detail, source.password);
    QVariantMap context {{u"address"_s, source.display}, {u"sqlstate"_s, state}};
    if (const QString constraint = result.constraintName(); !constraint.isEmpty())
        context.insert(u"constraint"_s, constraint);
    const QString& where = source.display;
    const QString stateClass = state.left(2);

    if (state.isEmpty() || stateClass == u"08"_s || state == u"57P01"_s || state == u"57P02"_s || state == u"57P03"_s) {
        if (connectionLost || !state.isEmpty())
            return Error::make(ErrorKind::StoreUnavailable,
                u"The connection to the PostgreSQL store %1 was lost while %2; a write in flight may or may not "
                u"have been stored (commands are safe to retry)."_s.arg(where, doing),
                detail, context);
        return Error::make(ErrorKind::StoreUnavailable, u"The PostgreSQL store %1 failed while %2."_s.arg(where, doing),
            detail, context);
    }
    if (state == u"40001"_s || state == u"40P01"_s)
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"A concurrent transaction on %1 got in the way while %2; nothing was written, try again."_s.arg(
                where, doing),
            detail, context);
    if (state == u"57014"_s)
        return Error::make(ErrorKind::StoreBusy,
            u"The PostgreSQL store %1 cancelled a statement while %2 (it ran past statement_timeout, or an "
            u"administrator cancelled it)."_s.arg(where, doing),
            detail, context);
    if (state == u"55P03"_s)
        return Error::make(ErrorKind::StoreBusy,
            u"The store %1 is busy: another session held a lock for more than %2 s while %3."_s.arg(
                where, QString::number(double(source.busyTimeout.count()) / 1000.0), doing),
            detail, context);
    if (state == u"25006"_s)
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is read-only (this session or server accepts no writes), so it cannot be changed "
            u"(while %2)."_s.arg(where, doing),
            detail, context);
    if (stateClass == u"28"_s)
        return Error::make(ErrorKind::StoreUnavailable,
            u"The PostgreSQL server at %1 refused the login while %2."_s.arg(where, doing), detail, context);
    if (state == u"3D000"_s)
        return Error::make(ErrorKind::StoreNotFound,
            u"The PostgreSQL database of %1 does not exist (while %2)."_s.arg(where, doing), detail, context);
    if (stateClass == u"53"_s)
        return Error::make(ErrorKind::StoreUnavailable,
            u"The PostgreSQL server of %1 ran out of resources while %2."_s.arg(where, doing), detail, context);
    if (state == u"42501"_s)
        return Error::make(ErrorKind::StoreUnavailable,
            u"The database user of %1 is not allowed to do this (while %2)."_s.arg(where, doing), detail, context);
    if (stateClass == u"22"_s || stateClass == u"23"_s)
        return Error::make(ErrorKind::InvalidArgument, u"The store %1 refused the data while %2."_s.arg(where, doing),
            detail, context);
    if (stateClass == u"XX"_s)
        return Error::make(ErrorKind::StoreCorrupt,
            u"The PostgreSQL store %1 reported damaged data while %2; ask its administrator to check the "
            u"server."_s.arg(where, doing),
            detail, context);
    return Error::make(
        ErrorKind::StoreUnavailable, u"The PostgreSQL store %1 failed while %2."_s.arg(where, doing), detail, context);
}

Error connectError(
    const QString& libpqMessage, const QString& database, const ErrorSource& source, bool timedOut, int timeoutSeconds)
{
    const QString detail = scrubSecrets(libpqMessage.trimmed(), source.password);
    const QVariantMap context {{u"address"_s, source.display}};
    const QString& where = source.display;
    if (timedOut)
        return Error::make(ErrorKind::StoreUnavailable,
            u"No answer from the PostgreSQL server of %1 within %2 s (connect_timeout); check that it runs and "
            u"that the network lets you through."_s.arg(where, QString::number(timeoutSeconds)),
            detail, context);
    // Connection failures carry no SQLSTATE: libpq gives the server's sentence, so the sentence is matched.
    static const QRegularExpression missingDatabase(uR"(database "[^"]*" does not exist)"_s);
    if (missingDatabase.match(libpqMessage).hasMatch())
        return Error::make(ErrorKind::StoreNotFound,
            u"There is no database \"%1\" on the PostgreSQL server of %2. Create it first (for example: createdb "
            u"%1); Flashback creates its tables in an existing database, not the database itself."_s.arg(
                database, where),
            detail, context);
    if (libpqMessage.contains(u"password authentication failed"_s) || libpqMessage.contains(u"no password"_s)
        || libpqMessage.contains(u"authentication failed"_s) || libpqMessage.contains(u"fe_sendauth"_s)
        || libpqMessage.contains(u"no pg_hba.conf entry"_s) || libpqMessage.contains(u"role \""_s))
        return Error::make(ErrorKind::StoreUnavailable,
            u"The PostgreSQL server of %1 refused the login: check the user name and password (in the address, "
            u"~/.pgpass or PGPASSWORD) and the server's pg_hba.conf."_s.arg(where),
            detail, context);
    if (libpqMessage.contains(u"could not translate host name"_s))
        return Error::make(ErrorKind::StoreUnavailable,
            u"The host name in %1 is not known (DNS found no such host); check its spelling and your network."_s.arg(
                where),
            detail, context);
    if (libpqMessage.contains(u"service"_s) && libpqMessage.contains(u"not found"_s))
        return Error::make(ErrorKind::InvalidArgument,
            u"The PostgreSQL address %1 names a service that no service file defines (see ~/.pg_service.conf and "
            u"PGSERVICEFILE)."_s.arg(where),
            detail, context);
    if (libpqMessage.contains(u"invalid"_s) && libpqMessage.contains(u"option"_s))
        return Error::make(
            ErrorKind::InvalidArgument, u"The PostgreSQL address %1 is not valid."_s.arg(where), detail, context);
    return Error::make(ErrorKind::StoreUnavailable,
        u"Cannot connect to the PostgreSQL server of %1: is it running, and does it accept connections there?"_s.arg(
            where),
        detail, context);
}

} // namespace flashback::postgres
