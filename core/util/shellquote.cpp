// SPDX-License-Identifier: GPL-3.0-or-later
#include "shellquote.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

QString shellQuote(const QString& text)
{
    // Anchored at both ends for real: with ^...$ a value ending in a newline passed as "plain" and left unquoted,
    // so a pasted line ran without the options after it (--dry-run among them).
    static const QRegularExpression plain(QRegularExpression::anchoredPattern(u"[A-Za-z0-9_./:@%+=,-]+"_s));
    if (plain.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(u"'"_s, uR"('\'')"_s);
    return u'\'' + quoted + u'\'';
}

} // namespace flashback
