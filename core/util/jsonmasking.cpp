// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/jsonmasking.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <vector>

namespace flashback {

namespace {

// What is left of the rules at one place in the document: the names that mask a key anywhere below, and the
// paths that have matched so far, by what remains of them.
struct Rules {
    QStringList names;
    std::vector<QStringList> paths; // each non-empty
};

Rules rulesFrom(const QStringList& entries)
{
    Rules rules;
    for (const QString& raw : entries) {
        // Fails closed: an entry edited by hand into no valid path (" ssn", "a..b") still masks the key it names.
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        QStringList segments = entry.split(u'.');
        if (segments.size() == 1 || segments.contains(QString()))
            rules.names.append(entry);
        else
            rules.paths.push_back(std::move(segments));
    }
    return rules;
}

// The rules for the value under `key`; `masked` tells whether that value itself is masked.
Rules below(const Rules& rules, const QString& key, bool& masked)
{
    masked = rules.names.contains(key);
    Rules next {rules.names, {}};
    for (const QStringList& path : rules.paths) {
        if (path.constFirst() != key)
            continue;
        if (path.size() == 1)
            masked = true;
        else
            next.paths.push_back(path.mid(1));
    }
    return next;
}

QJsonValue masked(const QJsonValue& value, const Rules& rules);

QJsonObject masked(const QJsonObject& object, const Rules& rules)
{
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool hide = false;
        const Rules next = below(rules, it.key(), hide);
        if (hide && !it.value().isNull())
            result.insert(it.key(), QString::fromUtf16(MaskPlaceholder));
        else
            result.insert(it.key(), masked(it.value(), next));
    }
    return result;
}

QJsonValue masked(const QJsonValue& value, const Rules& rules)
{
    if (value.isObject())
        return masked(value.toObject(), rules);
    if (value.isArray()) {
        // A path goes through arrays: "addresses.street" masks the street of every address.
        QJsonArray result;
        for (const QJsonValue& item : value.toArray())
            result.append(masked(item, rules));
        return result;
    }
    return value;
}

bool contains(const QJsonValue& value, const Rules& rules)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool hide = false;
            const Rules next = below(rules, it.key(), hide);
            if (hide || contains(it.value(), next))
                return true;
        }
    } else if (value.isArray()) {
        for (const QJsonValue& item : value.toArray()) {
            if (contains(item, rules))
                return true;
        }
    }
    return false;
}

} // namespace

QJsonObject maskedJson(const QJsonObject& object, const QStringList& keys)
{
    return masked(object, rulesFrom(keys));
}

QJsonValue maskedJson(const QJsonValue& value, const QStringList& keys)
{
    return masked(value, rulesFrom(keys));
}

QJsonValue maskedJsonAt(const QString& path, const QJsonValue& value, const QStringList& keys)
{
    if (value.isUndefined() || value.isNull())
        return value;
    Rules rules = rulesFrom(keys);
    // "address.lines[2].text": the keys address, lines, text; an array index changes nothing (rules go through).
    static const QRegularExpression index(QStringLiteral("\\[\\d+\\]"));
    for (const QString& key : QString(path).remove(index).split(u'.', Qt::SkipEmptyParts)) {
        bool hide = false;
        rules = below(rules, key, hide);
        if (hide)
            return QString::fromUtf16(MaskPlaceholder);
    }
    return masked(value, rules);
}

bool containsMaskedKey(const QJsonValue& value, const QStringList& keys)
{
    return contains(value, rulesFrom(keys));
}

QStringList normalizedMaskEntries(const QStringList& entries, QString* problem)
{
    QStringList result;
    for (const QString& raw : entries) {
        const QString entry = raw.trimmed();
        if (entry.isEmpty())
            continue;
        if (entry.startsWith(u'.') || entry.endsWith(u'.') || entry.contains(u"..") || entry.contains(u' ')) {
            if (problem)
                *problem = QStringLiteral("\"%1\" is neither a key name nor a dotted path such as address.street")
                               .arg(entry);
            return {};
        }
        if (!result.contains(entry))
            result.append(entry);
    }
    if (problem)
        problem->clear();
    return result;
}

} // namespace flashback
