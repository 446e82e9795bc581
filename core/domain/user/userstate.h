// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/timestamp.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace flashback {

struct DecodedEvent;

/// The lifecycle of a user account.
enum class UserStatus { Active, Suspended, Deleted };

QString userStatusName(UserStatus status);

/// A User aggregate's state, folded from its events. Plain data: the rules live in UserAggregate.
struct UserState {
    QString userId;
    QString username;
    QString email;
    QString firstName;
    QString lastName;
    QString role;
    UserStatus status = UserStatus::Active;
    QString passwordHash;
    std::optional<Timestamp> createdAt;
    std::optional<Timestamp> updatedAt;
    std::optional<Timestamp> deletedAt;
    QString deletedBy; ///< Empty when unknown.
    QString deletionReason;
    QString suspensionReason;
    std::optional<Timestamp> lastLoginAt;
    qint64 loginCount = 0;

    /// Whether a USER_CREATED event has been applied.
    bool created() const { return createdAt.has_value(); }
    bool isDeleted() const { return status == UserStatus::Deleted; }
    bool isSuspended() const { return status == UserStatus::Suspended; }

    /// Folds one (upcast) event into the state. Unknown event types are ignored and nothing is validated:
    /// history is history.
    void apply(const DecodedEvent& event);

    /// The DOMAIN.md state keys (user_id, username, ..., login_count); timestamps as ISO-8601 text, absent
    /// values as JSON null.
    QJsonObject toJson() const;
    /// The inverse of toJson(), for snapshots. Missing or malformed values give the defaults.
    static UserState fromJson(const QJsonObject& object);
};

} // namespace flashback
