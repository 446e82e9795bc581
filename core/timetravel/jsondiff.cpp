// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsondiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace flashback {

QString jsonChangeKindName(JsonChange::Kind kind)
{
    switch (kind) {
    case JsonChange::Kind::Added:
        return u"added"_s;
    case JsonChange::Kind::Removed:
        return u"removed"_s;
    case JsonChange::Kind::Changed:
        return u"changed"_s;
    }
    return {};
}

namespace {

QString join(const QString& base, const QString& key)
{
    return base.isEmpty() ? key : base + u'.' + key;
}

void diffValues(const QString& path, const QJsonValue& before, const QJsonValue& after, QList<JsonChange>& out);

void diffObjects(const QString& path, const QJsonObject& before, const QJsonObject& after, QList<JsonChange>& out)
{
    QStringList keys = before.keys();
    for (const QString& key : after.keys()) {
        if (!before.contains(key))
            keys.append(key);
    }
    std::sort(keys.begin(), keys.end());
    for (const QString& key : std::as_const(keys)) {
        const QString child = join(path, key);
        if (!after.contains(key))
            out.append({JsonChange::Kind::Removed, child, before.value(key), QJsonValue(QJsonValue::Undefined)});
        else if (!before.contains(key))
            out.append({JsonChange::Kind::Added, child, QJsonValue(QJsonValue::Undefined), after.value(key)});
        else
            diffValues(child, before.value(key), after.value(key), out);
    }
}

void diffArrays(const QString& path, const QJsonArray& before, const QJsonArray& after, QList<JsonChange>& out)
{
    const qsizetype common = std::min(before.size(), after.size());
    for (qsizetype i = 0; i < common; ++i)
        diffValues(path + u'[' + QString::number(i) + u']', before.at(i), after.at(i), out);
    for (qsizetype i = common; i < before.size(); ++i)
        out.append({JsonChange::Kind::Removed, path + u'[' + QString::number(i) + u']', before.at(i),
            QJsonValue(QJsonValue::Undefined)});
    for (qsizetype i = common; i < after.size(); ++i)
        out.append({JsonChange::Kind::Added, path + u'[' + QString::number(i) + u']', QJsonValue(QJsonValue::Undefined),
            after.at(i)});
}

void diffValues(const QString& path, const QJsonValue& before, const QJsonValue& after, QList<JsonChange>& out)
{
    if (before.isObject() && after.isObject())
        diffObjects(path, before.toObject(), after.toObject(), out);
    else if (before.isArray() && after.isArray())
        diffArrays(path, before.toArray(), after.toArray(), out);
    else if (before != after)
        out.append({JsonChange::Kind::Changed, path, before, after});
}

} // namespace

QList<JsonChange> diffJson(const QJsonObject& before, const QJsonObject& after)
{
    QList<JsonChange> changes;
    diffObjects({}, before, after, changes);
    return changes;
}

QJsonValue valueAtPath(const QJsonObject& object, const QString& path)
{
    static const QRegularExpression segment(uR"(([^.\[\]]+)|\[(\d+)\])"_s);
    QJsonValue current(object);
    auto it = segment.globalMatch(path);
    bool any = false;
    while (it.hasNext()) {
        const auto match = it.next();
        any = true;
        if (match.capturedLength(1) > 0) {
            if (!current.isObject())
                return QJsonValue(QJsonValue::Undefined);
            const QJsonObject o = current.toObject();
            const QString key = match.captured(1);
            if (!o.contains(key))
                return QJsonValue(QJsonValue::Undefined);
            current = o.value(key);
        } else {
            const QJsonArray a = current.toArray();
            const qsizetype index = match.captured(2).toLongLong();
            if (!current.isArray() || index >= a.size())
                return QJsonValue(QJsonValue::Undefined);
            current = a.at(index);
        }
    }
    return any ? current : QJsonValue(QJsonValue::Undefined);
}

QString jsonValueText(const QJsonValue& value)
{
    if (value.isUndefined())
        return QStringLiteral("(absent)");
    // QJsonDocument only takes arrays and objects: wrap the value and strip the brackets.
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace flashback
