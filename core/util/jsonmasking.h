// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace flashback {

/// What a masked value shows instead of itself, in views and on the clipboard.
inline constexpr char16_t MaskPlaceholder[] = u"••••••";

/// `value` with masked values replaced by the placeholder, so a masked value never reaches a view or the clipboard
/// unless revealed. An entry of `keys` without a dot is a key name, masked at any depth ("password_hash"); one with
/// dots is a path from the top ("address.street"), which goes through arrays ("addresses.street" masks the street
/// of every address).
QJsonValue maskedJson(const QJsonValue& value, const QStringList& keys);
QJsonObject maskedJson(const QJsonObject& object, const QStringList& keys);
/// `value`, found at `path` of a document ("address.lines[2]", as JsonChange and FieldChange name it), masked as it
/// is inside maskedJson() of that document: the placeholder when the path itself is masked.
QJsonValue maskedJsonAt(const QString& path, const QJsonValue& value, const QStringList& keys);
/// Whether anything `keys` masks occurs in `value`.
bool containsMaskedKey(const QJsonValue& value, const QStringList& keys);
/// Entries as a user typed them, trimmed, without blanks or repeats; empty with `problem` set when one is neither a
/// key name nor a dotted path.
QStringList normalizedMaskEntries(const QStringList& entries, QString* problem = nullptr);

} // namespace flashback
