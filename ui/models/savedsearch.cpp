// SPDX-License-Identifier: GPL-3.0-or-later
#include "savedsearch.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

// The names stored in the settings file: stable, whatever the enum's order becomes.
const QStringList RangeNames {u"any"_s, u"hour"_s, u"day"_s, u"week"_s, u"between"_s};

} // namespace

QJsonObject SavedSearch::toJson() const
{
    QJsonObject json {{u"name"_s, name}, {u"text"_s, text}, {u"types"_s, QJsonArray::fromStringList(types)},
        {u"actor"_s, actor}, {u"range"_s, RangeNames.at(int(range))}, {u"oldest_first"_s, oldestFirst}};
    if (range == Range::Between) {
        json.insert(u"from"_s, from.toUTC().toString(Qt::ISODate));
        json.insert(u"to"_s, to.toUTC().toString(Qt::ISODate));
    }
    return json;
}

std::optional<SavedSearch> SavedSearch::fromJson(const QJsonObject& json)
{
    SavedSearch saved;
    saved.name = json.value(u"name"_s).toString().trimmed();
    if (saved.name.isEmpty())
        return std::nullopt;
    saved.text = json.value(u"text"_s).toString();
    for (const QJsonValue& type : json.value(u"types"_s).toArray()) {
        if (type.isString() && !type.toString().isEmpty())
            saved.types.append(type.toString());
    }
    saved.actor = json.value(u"actor"_s).toString();
    const qsizetype range = RangeNames.indexOf(json.value(u"range"_s).toString());
    saved.range = range < 0 ? Range::AnyTime : Range(range);
    if (saved.range == Range::Between) {
        saved.from = QDateTime::fromString(json.value(u"from"_s).toString(), Qt::ISODate);
        saved.to = QDateTime::fromString(json.value(u"to"_s).toString(), Qt::ISODate);
        if (!saved.from.isValid() || !saved.to.isValid())
            saved.range = Range::AnyTime; // a range that cannot be read is not guessed at
    }
    saved.oldestFirst = json.value(u"oldest_first"_s).toBool();
    return saved;
}

} // namespace flashback
