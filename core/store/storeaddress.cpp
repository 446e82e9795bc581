// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeaddress.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

Result<StoreAddress> StoreAddress::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Error::invalidArgument(
            u"No store given: pass --store with a file path or a PostgreSQL address, or set FLASHBACK_STORE."_s);
    if (trimmed.startsWith(u"sqlite:"_s))
        return StoreAddress {Kind::Sqlite, trimmed.mid(7)};
    if (trimmed.startsWith(u"memory:"_s))
        return StoreAddress {Kind::Memory, trimmed.mid(7)};
    if (trimmed.startsWith(u"postgresql://"_s) || trimmed.startsWith(u"postgres://"_s))
        return StoreAddress {Kind::Postgres, trimmed};
    static const QRegularExpression conninfo(uR"(^\s*[a-z_]+\s*=)"_s);
    if (conninfo.match(trimmed).hasMatch())
        return StoreAddress {Kind::Postgres, trimmed};
    return StoreAddress {Kind::Sqlite, trimmed};
}

QString StoreAddress::display() const
{
    switch (kind) {
    case Kind::Sqlite:
        return location;
    case Kind::Memory:
        return u"memory:"_s + location;
    case Kind::Postgres: {
        QString shown = location;
        static const QRegularExpression uriPassword(uR"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)"_s);
        shown.replace(uriPassword, u"\\1:***@"_s);
        static const QRegularExpression keyPassword(uR"((\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+))"_s);
        shown.replace(keyPassword, u"\\1***"_s);
        static const QRegularExpression queryPassword(uR"(([?&]password=)[^&]*)"_s);
        shown.replace(queryPassword, u"\\1***"_s);
        return shown;
    }
    }
    return location;
}

QString StoreAddress::withoutPassword(const QString& address)
{
    QString clean = address.trimmed();
    if (clean.startsWith(u"postgresql://"_s) || clean.startsWith(u"postgres://"_s)) {
        // postgresql://user:secret@host/db -> postgresql://user@host/db
        static const QRegularExpression uriPassword(uR"(^(postgres(?:ql)?://[^:/@?]*):[^@/?]*@)"_s);
        clean.replace(uriPassword, u"\\1@"_s);
        static const QRegularExpression queryPassword(uR"(([?&])password=[^&]*&?)"_s);
        clean.replace(queryPassword, u"\\1"_s);
        if (clean.endsWith(u'?') || clean.endsWith(u'&'))
            clean.chop(1);
        return clean;
    }
    static const QRegularExpression conninfo(uR"(^\s*[a-z_]+\s*=)"_s);
    if (!conninfo.match(clean).hasMatch())
        return clean; // a file path: nothing secret in it
    // password=secret or password='se cret'
    static const QRegularExpression keyPassword(uR"(\s*\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|\S+))"_s);
    clean.replace(keyPassword, QString());
    return clean.trimmed();
}

} // namespace flashback
