// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchquery.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

EventFilter SearchQuery::eventFilter() const
{
    EventFilter filter;
    filter.types = types;
    filter.actor = actor;
    filter.aggregateType = aggregateType;
    filter.streamId = streamId;
    filter.since = since;
    filter.until = until;
    return filter;
}

std::optional<std::chrono::seconds> SearchQuery::parseSpan(const QString& text)
{
    using namespace std::chrono;
    const QString span = text.trimmed().toLower();
    if (span == u"hour"_s)
        return hours(1);
    if (span == u"day"_s)
        return hours(24);
    if (span == u"week"_s)
        return hours(24 * 7);
    static const QRegularExpression pattern(u"^(\\d{1,6})\\s*([mhdw])$"_s);
    const QRegularExpressionMatch match = pattern.match(span);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 count = match.captured(1).toLongLong();
    if (count <= 0)
        return std::nullopt;
    static const QHash<QChar, qint64> unit {{u'm', 60}, {u'h', 3600}, {u'd', 86400}, {u'w', 7 * 86400}};
    return seconds(count * unit.value(match.captured(2).at(0)));
}

} // namespace flashback
