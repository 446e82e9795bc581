// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace flashback {

/// One difference between two JSON documents.
struct JsonChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    QString path; ///< Dotted path with array indexes in brackets: "address.lines[2]".
    QJsonValue before; ///< Undefined when added.
    QJsonValue after; ///< Undefined when removed.

    bool operator==(const JsonChange&) const = default;
};

QString jsonChangeKindName(JsonChange::Kind kind);

/// Structural diff: objects are compared key by key (sorted), arrays index by index; a value whose type changes
/// is one Changed entry. Equal documents give an empty list.
QList<JsonChange> diffJson(const QJsonObject& before, const QJsonObject& after);

/// A value as one line of JSON ("sarah", 3, {"a":1}); "(absent)" for Undefined (a field not there).
QString jsonValueText(const QJsonValue& value);

/// The value at a dotted path ("a.b[2].c"), Undefined when absent.
QJsonValue valueAtPath(const QJsonObject& object, const QString& path);

} // namespace flashback
