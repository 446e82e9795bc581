// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/aggregate.h"
#include "userstate.h"

namespace flashback {

/// The built-in User aggregate (DOMAIN.md): accounts that are created, renamed, suspended, logged into and
/// deleted. Usernames and emails are unique across live users through reservations in scopes
/// "user.username" and "user.email", keyed by the case-folded value.
class UserAggregate : public Aggregate {
public:
    static constexpr QLatin1StringView UsernameScope {"user.username"};
    static constexpr QLatin1StringView EmailScope {"user.email"};

    QString type() const override;

    /// CreateUser, ChangeName, ChangeEmail, ChangePassword, SuspendUser, ReactivateUser, RecordLogin, DeleteUser.
    /// Rule violations are Error::domain with the DOMAIN.md code; a missing user is Error::notFound
    /// ("UserNotFound"). Needs context.passwordHasher for CreateUser and ChangePassword.
    Result<QList<ProposedEvent>> decide(const Command& command, DecisionContext& context) const override;

    QJsonObject state() const override;
    /// Version 1: the state() JSON. Bump it when UserState's shape changes.
    int snapshotVersion() const override { return 1; }
    bool restoreState(const QJsonObject& state) override;
    const UserState& userState() const { return m_state; }

    /// USER_CREATED claims its username and email; USER_EMAIL_CHANGED claims the new email and frees the old
    /// one; USER_DELETED frees both, so a deleted user's names can be taken again.
    QList<ReservationChange> reservations(const QList<DecodedEvent>& newEvents) const override;

    /// "user.username" gives UsernameTaken, "user.email" gives EmailTaken.
    std::optional<Error> reservationConflict(const QString& scope, const QString& key) const override;

protected:
    void apply(const DecodedEvent& event) override;

private:
    using Decision = Result<QList<ProposedEvent>>;

    Decision createUser(const Command& command, DecisionContext& context) const;
    Decision changeName(const Command& command) const;
    Decision changeEmail(const Command& command) const;
    Decision changePassword(const Command& command, DecisionContext& context) const;
    Decision suspendUser(const Command& command) const;
    Decision reactivateUser(const Command& command) const;
    Decision recordLogin(const Command& command) const;
    Decision deleteUser(const Command& command) const;

    /// UserNotFound, then UserDeleted: the first checks of every command but CreateUser and DeleteUser.
    std::optional<Error> checkLiveUser() const;
    std::optional<Error> checkExists() const;

    UserState m_state;
};

} // namespace flashback
