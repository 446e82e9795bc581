// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/readmodeltable.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace flashback {

/// A user as the users read model shows it (public state only: the read model holds no password hash).
/// Times the read model leaves empty are empty optionals.
struct UserView {
    QString userId;
    QString username;
    QString email;
    QString firstName;
    QString lastName;
    QString role;
    QString status; ///< "active", "suspended" or "deleted".
    std::optional<Timestamp> createdAt;
    std::optional<Timestamp> updatedAt;
    std::optional<Timestamp> deletedAt;
    QString deletedBy;
    QString deletionReason;
    QString suspensionReason;
    std::optional<Timestamp> lastLoginAt;
    qint64 loginCount = 0;
    qint64 revision = 0; ///< The stream revision the row reflects.
    std::optional<Timestamp> lastEventAt;
    qint64 lastPosition = 0; ///< The global position of the last event folded into the row.

    /// From a row of usersReadModel()'s "users" table.
    static UserView fromRow(const ReadModelRow& row);
    /// Snake-case keys as in the read model; absent times are null.
    QJsonObject toJson() const;
};

} // namespace flashback
