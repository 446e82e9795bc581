#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace flashback {

/// What a masked value shows instead of itself, in views and on the clipboard.
inline constexpr char16_t MaskPlaceholder[] = u"••••••";

/// `value` with the value of every key in `keys` (at any depth, in objects and arrays) replaced by the
/// placeholder, so a masked value never reaches a view or the clipboard unless revealed.
QJsonValue maskedJson(const QJsonValue& value, const QStringList& keys);
QJsonObject maskedJson(const QJsonObject& object, const QStringList& keys);
/// Whether any key of `keys` occurs in `value` at any depth.
bool containsMaskedKey(const QJsonValue& value, const QStringList& keys);

} // namespace flashback
