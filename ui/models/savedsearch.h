// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace flashback {

/// A search the user saved under a name, with every field of the Search pane as it was: the text, the type chips,
/// the actor, the time range (a quick range stays relative: "last day" is the last day when it is run again),
/// the order. Kept per store in the settings (Settings::savedSearches).
struct SavedSearch {
    enum class Range { AnyTime, LastHour, LastDay, LastWeek, Between };

    QString name;
    QString text;
    QStringList types;
    QString actor;
    Range range = Range::AnyTime;
    QDateTime from; ///< Range::Between only
    QDateTime to;
    bool oldestFirst = false;

    QJsonObject toJson() const;
    /// Nothing for an entry without a name (a settings file edited by hand, or written by a later version
    /// with fields this one does not know: those are ignored, the rest kept).
    static std::optional<SavedSearch> fromJson(const QJsonObject& json);

    friend bool operator==(const SavedSearch&, const SavedSearch&) = default;
};

} // namespace flashback
