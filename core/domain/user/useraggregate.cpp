// SPDX-License-Identifier: GPL-3.0-or-later
#include "useraggregate.h"
#include "domain/passwordhasher.h"
#include "usercommands.h"
#include "userevents.h"
#include "userrules.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QJsonValue textOrNull(const Command& command, const QString& field)
{
    return command.has(field) ? QJsonValue(command.string(field)) : QJsonValue();
}

// The reason is a command field; a caller may also give it only as the command's metadata reason.
QString reasonOf(const Command& command)
{
    const QString field = command.string(u"reason"_s);
    return UserRules::isBlank(field) ? command.metadata.reason : field;
}

QList<ProposedEvent> one(QLatin1StringView type, QJsonObject data)
{
    return {ProposedEvent {type, std::move(data)}};
}

Error hasherMissing()
{
    return Error::internal(u"The User aggregate was asked to hash a password without a password hasher."_s);
}

} // namespace

QString UserAggregate::type() const
{
    return UserAggregateType;
}

void UserAggregate::apply(const DecodedEvent& event)
{
    m_state.apply(event);
}

bool UserAggregate::restoreState(const QJsonObject& state)
{
    if (state.value(u"user_id"_s).toString().isEmpty())
        return false;
    m_state = UserState::fromJson(state);
    return true;
}

QJsonObject UserAggregate::state() const
{
    UserState copy = m_state;
    copy.userId = id();
    return copy.toJson();
}

std::optional<Error> UserAggregate::checkExists() const
{
    if (!exists())
        return Error::notFound(u"UserNotFound"_s, u"There is no user with id %1."_s.arg(id()), {{u"user_id"_s, id()}});
    return std::nullopt;
}

std::optional<Error> UserAggregate::checkLiveUser() const
{
    if (auto error = checkExists())
        return error;
    if (m_state.isDeleted()) {
        return Error::domain(u"UserDeleted"_s,
            u"User '%1' has been deleted and can no longer be changed."_s.arg(m_state.username),
            {{u"user_id"_s, id()}});
    }
    return std::nullopt;
}

Result<QList<ProposedEvent>> UserAggregate::decide(const Command& command, DecisionContext& context) const
{
    const QString& name = command.name;
    if (name == UserCommands::RecordLogin)
        return recordLogin(command);
    if (name == UserCommands::CreateUser)
        return createUser(command, context);
    if (name == UserCommands::ChangeName)
        return changeName(command);
    if (name == UserCommands::ChangeEmail)
        return changeEmail(command);
    if (name == UserCommands::ChangePassword)
        return changePassword(command, context);
    if (name == UserCommands::SuspendUser)
        return suspendUser(command);
    if (name == UserCommands::ReactivateUser)
        return reactivateUser(command);
    if (name == UserCommands::DeleteUser)
        return deleteUser(command);
    return Error::invalidArgument(u"The User aggregate has no command '%1'."_s.arg(name), {}, {{u"command"_s, name}});
}

UserAggregate::Decision UserAggregate::createUser(const Command& command, DecisionContext& context) const
{
    if (exists()) {
        return Error::domain(
            u"UserAlreadyExists"_s, u"A user with id %1 already exists."_s.arg(id()), {{u"user_id"_s, id()}});
    }
    const QString username = command.string(u"username"_s);
    if (!UserRules::isValidUsername(username)) {
        return Error::domain(u"InvalidUsername"_s,
            u"The username '%1' is not valid: use 3 to 64 letters, digits, dots, underscores or hyphens."_s.arg(
                username),
            {{u"field"_s, u"username"_s}});
    }
    const QString email = command.string(u"email"_s);
    if (!UserRules::isValidEmail(email)) {
        return Error::domain(
            u"InvalidEmail"_s, u"'%1' is not a well-formed email address."_s.arg(email), {{u"field"_s, u"email"_s}});
    }
    const QString password = command.string(u"password"_s);
    if (!UserRules::isLongEnoughPassword(password)) {
        return Error::domain(u"PasswordTooShort"_s,
            u"The password must be at least %1 characters long."_s.arg(UserRules::MinPasswordLength),
            {{u"field"_s, u"password"_s}});
    }
    const QString role = command.has(u"role"_s) ? command.string(u"role"_s) : u"user"_s;
    if (role != u"user"_s && role != u"admin"_s) {
        return Error::invalidArgument(u"The role must be 'user' or 'admin', not '%1'."_s.arg(role), {},
            {{u"command"_s, command.name}, {u"field"_s, u"role"_s}});
    }
    if (!context.passwordHasher)
        return hasherMissing();
    // Uniqueness of username and email is not checked here: the reservations of the new event are, atomically
    // with the append (see reservations() and reservationConflict()).
    return one(UserEvents::UserCreated,
        {
            {u"username"_s, username},
            {u"email"_s, email},
            {u"first_name"_s, command.string(u"first_name"_s)},
            {u"last_name"_s, command.string(u"last_name"_s)},
            {u"password_hash"_s, context.passwordHasher->hash(password)},
            {u"hashing_method"_s, PasswordHasher::method()},
            {u"role"_s, role},
        });
}

UserAggregate::Decision UserAggregate::changeName(const Command& command) const
{
    if (auto error = checkLiveUser())
        return *error;
    const QString firstName = command.has(u"first_name"_s) ? command.string(u"first_name"_s) : m_state.firstName;
    const QString lastName = command.has(u"last_name"_s) ? command.string(u"last_name"_s) : m_state.lastName;
    if (firstName == m_state.firstName && lastName == m_state.lastName) {
        return Error::domain(u"NothingToChange"_s,
            u"The name is already '%1 %2'; nothing was changed."_s.arg(firstName, lastName), {{u"user_id"_s, id()}});
    }
    return one(UserEvents::UserNameChanged, {{u"first_name"_s, firstName}, {u"last_name"_s, lastName}});
}

UserAggregate::Decision UserAggregate::changeEmail(const Command& command) const
{
    if (auto error = checkLiveUser())
        return *error;
    const QString email = command.string(u"email"_s);
    if (!UserRules::isValidEmail(email)) {
        return Error::domain(
            u"InvalidEmail"_s, u"'%1' is not a well-formed email address."_s.arg(email), {{u"field"_s, u"email"_s}});
    }
    // Only an identical address is "no change": fixing the case of an address is a legitimate change.
    if (email == m_state.email) {
        return Error::domain(u"NothingToChange"_s,
            u"The email address is already '%1'; nothing was changed."_s.arg(email), {{u"user_id"_s, id()}});
    }
    return one(UserEvents::UserEmailChanged, {{u"email"_s, email}, {u"previous_email"_s, m_state.email}});
}

UserAggregate::Decision UserAggregate::changePassword(const Command& command, DecisionContext& context) const
{
    if (auto error = checkLiveUser())
        return *error;
    const QString current = command.string(u"current_password"_s);
    if (!PasswordHasher::verify(current, m_state.passwordHash)) {
        return Error::domain(
            u"IncorrectPassword"_s, u"The current password is incorrect."_s, {{u"field"_s, u"current_password"_s}});
    }
    const QString next = command.string(u"new_password"_s);
    if (!UserRules::isLongEnoughPassword(next)) {
        return Error::domain(u"PasswordTooShort"_s,
            u"The new password must be at least %1 characters long."_s.arg(UserRules::MinPasswordLength),
            {{u"field"_s, u"new_password"_s}});
    }
    if (next == current) {
        return Error::domain(u"PasswordUnchanged"_s, u"The new password must be different from the current one."_s,
            {{u"field"_s, u"new_password"_s}});
    }
    if (!context.passwordHasher)
        return hasherMissing();
    return one(UserEvents::PasswordChanged,
        {
            {u"password_hash"_s, context.passwordHasher->hash(next)},
            {u"hashing_method"_s, PasswordHasher::method()},
        });
}

UserAggregate::Decision UserAggregate::suspendUser(const Command& command) const
{
    if (auto error = checkLiveUser())
        return *error;
    if (m_state.isSuspended()) {
        return Error::domain(u"AlreadySuspended"_s,
            u"User '%1' is already suspended (reason: %2)."_s.arg(m_state.username, m_state.suspensionReason),
            {{u"user_id"_s, id()}});
    }
    const QString reason = reasonOf(command);
    if (UserRules::isBlank(reason)) {
        return Error::domain(
            u"ReasonRequired"_s, u"A reason is required to suspend a user."_s, {{u"field"_s, u"reason"_s}});
    }
    return one(UserEvents::UserSuspended, {{u"reason"_s, reason}});
}

UserAggregate::Decision UserAggregate::reactivateUser(const Command& command) const
{
    if (auto error = checkLiveUser())
        return *error;
    if (!m_state.isSuspended()) {
        return Error::domain(u"NotSuspended"_s,
            u"User '%1' is not suspended, so there is nothing to reactivate."_s.arg(m_state.username),
            {{u"user_id"_s, id()}});
    }
    const QString reason = reasonOf(command);
    return one(
        UserEvents::UserReactivated, {{u"reason"_s, UserRules::isBlank(reason) ? QJsonValue() : QJsonValue(reason)}});
}

UserAggregate::Decision UserAggregate::recordLogin(const Command& command) const
{
    if (auto error = checkLiveUser())
        return *error;
    if (m_state.isSuspended()) {
        return Error::domain(u"UserSuspended"_s,
            u"User '%1' is suspended and cannot log in (reason: %2)."_s.arg(m_state.username, m_state.suspensionReason),
            {{u"user_id"_s, id()}});
    }
    return one(UserEvents::UserLoggedIn,
        {{u"ip"_s, textOrNull(command, u"ip"_s)}, {u"user_agent"_s, textOrNull(command, u"user_agent"_s)}});
}

UserAggregate::Decision UserAggregate::deleteUser(const Command& command) const
{
    if (auto error = checkExists())
        return *error;
    if (m_state.isDeleted()) {
        return Error::domain(
            u"UserAlreadyDeleted"_s, u"User '%1' is already deleted."_s.arg(m_state.username), {{u"user_id"_s, id()}});
    }
    const QString reason = reasonOf(command);
    if (UserRules::isBlank(reason)) {
        return Error::domain(
            u"ReasonRequired"_s, u"A reason is required to delete a user."_s, {{u"field"_s, u"reason"_s}});
    }
    // Who deleted is recorded as the event's metadata actor, not in the payload.
    return one(UserEvents::UserDeleted, {{u"reason"_s, reason}});
}

QList<ReservationChange> UserAggregate::reservations(const QList<DecodedEvent>& newEvents) const
{
    using Action = ReservationChange::Action;
    QList<ReservationChange> changes;
    const auto change = [&](Action action, QLatin1StringView scope, const QString& value) {
        if (!value.isEmpty())
            changes.append(ReservationChange {action, scope, UserRules::uniquenessKey(value), id()});
    };
    // Several events may come from one decision; track the names as they would be after each of them.
    QString username = m_state.username;
    QString email = m_state.email;
    const auto changeEmailTo = [&](const QString& newEmail) {
        if (UserRules::uniquenessKey(newEmail) != UserRules::uniquenessKey(email)) {
            change(Action::Claim, EmailScope, newEmail);
            change(Action::Release, EmailScope, email);
        }
        email = newEmail;
    };
    for (const DecodedEvent& event : newEvents) {
        if (event.type == UserEvents::UserCreated) {
            username = event.data.value("username"_L1).toString();
            email = event.data.value("email"_L1).toString();
            change(Action::Claim, UsernameScope, username);
            change(Action::Claim, EmailScope, email);
        } else if ((event.type == UserEvents::UserEmailChanged || event.type == UserEvents::UserUpdated)
            && event.data.value("email"_L1).isString()) {
            changeEmailTo(event.data.value("email"_L1).toString());
        } else if (event.type == UserEvents::UserDeleted) {
            change(Action::Release, UsernameScope, username);
            change(Action::Release, EmailScope, email);
        }
    }
    return changes;
}

std::optional<Error> UserAggregate::reservationConflict(const QString& scope, const QString& key) const
{
    if (scope == UsernameScope) {
        return Error::domain(u"UsernameTaken"_s, u"The username '%1' is already taken by another user."_s.arg(key),
            {{u"field"_s, u"username"_s}});
    }
    if (scope == EmailScope) {
        return Error::domain(u"EmailTaken"_s, u"The email address '%1' is already used by another user."_s.arg(key),
            {{u"field"_s, u"email"_s}});
    }
    return std::nullopt;
}

} // namespace flashback
