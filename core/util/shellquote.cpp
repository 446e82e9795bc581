#include "shellquote.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

QString shellQuote(const QString& text)
{
    static const QRegularExpression plain(uR"(^[A-Za-z0-9_./:@%+=,-]+$)"_s);
    if (plain.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(u"'"_s, uR"('\'')"_s);
    return u'\'' + quoted + u'\'';
}

} // namespace flashback
