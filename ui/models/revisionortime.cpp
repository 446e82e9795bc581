// SPDX-License-Identifier: GPL-3.0-or-later
#include "revisionortime.h"

#include "store/streamindex.h"

#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

RevisionOrTime RevisionOrTime::parse(const QString& text, bool utc)
{
    RevisionOrTime parsed;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return parsed;
    static const QRegularExpression revision(
        uR"(^(?:#|rev(?:ision)?\s*)?(\d+)$)"_s, QRegularExpression::CaseInsensitiveOption);
    if (const auto match = revision.match(trimmed); match.hasMatch()) {
        parsed.revision = match.captured(1).toLongLong();
        return parsed;
    }
    static const QRegularExpression zone(uR"([+-]\d\d:?\d\d$)"_s);
    const bool hasZone = trimmed.endsWith(u'Z', Qt::CaseInsensitive) || zone.match(trimmed).hasMatch();
    if (hasZone || utc) {
        parsed.time = Timestamp::parse(trimmed);
        return parsed;
    }
    for (const QString& format : {u"yyyy-MM-dd HH:mm:ss.zzz"_s, u"yyyy-MM-dd HH:mm:ss"_s, u"yyyy-MM-dd HH:mm"_s,
             u"yyyy-MM-ddTHH:mm:ss"_s, u"yyyy-MM-ddTHH:mm"_s, u"yyyy-MM-dd"_s}) {
        const QDateTime local = QDateTime::fromString(trimmed, format);
        if (local.isValid()) {
            parsed.time = Timestamp::fromDateTime(local);
            break;
        }
    }
    return parsed;
}

std::optional<qint64> RevisionOrTime::resolve(const StreamIndex& index) const
{
    if (index.size() == 0)
        return std::nullopt;
    if (revision) {
        if (*revision < index.firstRevision || *revision > index.lastRevision())
            return std::nullopt;
        return revision;
    }
    if (!time)
        return std::nullopt;
    // The last revision that occurred at or before the time: from the end, as events may be backdated.
    for (qsizetype i = index.size() - 1; i >= 0; --i) {
        if (index.occurredAt[size_t(i)] <= time->micros())
            return index.revisionAt(i);
    }
    return std::nullopt;
}

} // namespace flashback
