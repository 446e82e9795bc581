// SPDX-License-Identifier: GPL-3.0-or-later
#include "userrules.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace flashback::UserRules {

namespace {

bool isAsciiLetterOrDigit(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}

// Letters and digits of any script are allowed in addresses (internationalised mail is common enough); the
// punctuation is the RFC 5322 "atext" set that real providers accept.
bool isLocalPartChar(QChar c)
{
    static constexpr QLatin1StringView Punctuation("!#$%&'*+/=?^_`{|}~-");
    return isAsciiLetterOrDigit(c) || Punctuation.contains(c) || (c.unicode() > 0x7f && c.isLetterOrNumber());
}

bool isValidLocalPart(QStringView local)
{
    if (local.isEmpty() || local.size() > 64 || local.startsWith(u'.') || local.endsWith(u'.')
        || local.contains(u".."_s))
        return false;
    for (const QChar c : local) {
        if (c != u'.' && !isLocalPartChar(c))
            return false;
    }
    return true;
}

bool isValidDomainLabel(QStringView label)
{
    if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
        return false;
    for (const QChar c : label) {
        if (c != u'-' && !isAsciiLetterOrDigit(c) && !(c.unicode() > 0x7f && c.isLetterOrNumber()))
            return false;
    }
    return true;
}

bool isValidDomain(QStringView domain)
{
    const auto labels = domain.split(u'.');
    if (labels.size() < 2)
        return false;
    for (const auto label : labels) {
        if (!isValidDomainLabel(label))
            return false;
    }
    const QStringView topLevel = labels.constLast();
    if (topLevel.size() < 2)
        return false;
    for (const QChar c : topLevel) {
        if (!c.isLetter())
            return false;
    }
    return true;
}

} // namespace

bool isValidUsername(QStringView username)
{
    if (username.size() < MinUsernameLength || username.size() > MaxUsernameLength)
        return false;
    for (const QChar c : username) {
        if (!isAsciiLetterOrDigit(c) && c != u'.' && c != u'_' && c != u'-')
            return false;
    }
    return true;
}

bool isValidEmail(QStringView email)
{
    if (email.size() > MaxEmailLength)
        return false;
    const qsizetype at = email.indexOf(u'@');
    if (at < 0 || email.indexOf(u'@', at + 1) >= 0)
        return false;
    return isValidLocalPart(email.left(at)) && isValidDomain(email.mid(at + 1));
}

bool isLongEnoughPassword(QStringView password)
{
    qsizetype codePoints = 0;
    for (qsizetype i = 0; i < password.size(); ++i) {
        if (!password[i].isLowSurrogate())
            ++codePoints;
    }
    return codePoints >= MinPasswordLength;
}

bool isBlank(QStringView text)
{
    return text.trimmed().isEmpty();
}

QString uniquenessKey(QStringView value)
{
    return value.toString().toCaseFolded();
}

} // namespace flashback::UserRules
