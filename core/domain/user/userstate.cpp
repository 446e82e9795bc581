// SPDX-License-Identifier: GPL-3.0-or-later
#include "userstate.h"
#include "events/decodedevent.h"
#include "userevents.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

constexpr QLatin1StringView DefaultRole("user");

// Payload text when present; legacy and foreign payloads may lack a key or hold null.
std::optional<QString> textOf(const QJsonObject& data, QLatin1StringView key)
{
    const QJsonValue value = data.value(key);
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

void assignIfPresent(QString& target, const QJsonObject& data, QLatin1StringView key)
{
    if (auto value = textOf(data, key))
        target = std::move(*value);
}

QJsonValue timestampJson(const std::optional<Timestamp>& timestamp)
{
    return timestamp ? QJsonValue(timestamp->toIso()) : QJsonValue(QJsonValue::Null);
}

std::optional<Timestamp> timestampFrom(const QJsonValue& value)
{
    return value.isString() ? Timestamp::parse(value.toString()) : std::nullopt;
}

QJsonValue textOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// The reason lives in the payload; events from other writers may only have it in the metadata.
QString reasonOf(const DecodedEvent& event)
{
    if (auto reason = textOf(event.data, "reason"_L1))
        return *reason;
    return event.metadata().reason;
}

} // namespace

QString userStatusName(UserStatus status)
{
    switch (status) {
    case UserStatus::Active:
        return u"active"_s;
    case UserStatus::Suspended:
        return u"suspended"_s;
    case UserStatus::Deleted:
        return u"deleted"_s;
    }
    return u"active"_s;
}

void UserState::apply(const DecodedEvent& event)
{
    const QJsonObject& data = event.data;
    const QString& type = event.type;
    // Logins dominate long streams, so they are tested first.
    if (type == UserEvents::UserLoggedIn) {
        lastLoginAt = event.occurredAt;
        ++loginCount;
        return;
    }
    if (type == UserEvents::UserCreated) {
        username = textOf(data, "username"_L1).value_or(QString());
        email = textOf(data, "email"_L1).value_or(QString());
        firstName = textOf(data, "first_name"_L1).value_or(QString());
        lastName = textOf(data, "last_name"_L1).value_or(QString());
        passwordHash = textOf(data, "password_hash"_L1).value_or(QString());
        role = textOf(data, "role"_L1).value_or(DefaultRole);
        status = UserStatus::Active;
        createdAt = event.occurredAt;
    } else if (type == UserEvents::UserNameChanged || type == UserEvents::UserUpdated) {
        // USER_UPDATED: a null (or missing) field means "unchanged".
        assignIfPresent(firstName, data, "first_name"_L1);
        assignIfPresent(lastName, data, "last_name"_L1);
        assignIfPresent(email, data, "email"_L1);
    } else if (type == UserEvents::UserEmailChanged) {
        assignIfPresent(email, data, "email"_L1);
    } else if (type == UserEvents::PasswordChanged) {
        assignIfPresent(passwordHash, data, "password_hash"_L1);
    } else if (type == UserEvents::UserSuspended) {
        status = UserStatus::Suspended;
        suspensionReason = reasonOf(event);
    } else if (type == UserEvents::UserReactivated) {
        status = UserStatus::Active;
        suspensionReason.clear();
    } else if (type == UserEvents::UserDeleted) {
        status = UserStatus::Deleted;
        deletedAt = event.occurredAt;
        // Who deleted is the command's actor; the reference system wrote it into the payload instead.
        const EventMetadata metadata = event.metadata();
        deletedBy = !metadata.actor.isEmpty() ? metadata.actor : textOf(data, "deleted_by"_L1).value_or(QString());
        deletionReason = textOf(data, "reason"_L1).value_or(metadata.reason);
    } else {
        return;
    }
    updatedAt = event.occurredAt;
}

QJsonObject UserState::toJson() const
{
    const bool known = created();
    const auto text = [known](const QString& value) { return known ? QJsonValue(value) : QJsonValue(); };
    return QJsonObject {
        {u"user_id"_s, textOrNull(userId)},
        {u"username"_s, text(username)},
        {u"email"_s, text(email)},
        {u"first_name"_s, text(firstName)},
        {u"last_name"_s, text(lastName)},
        {u"role"_s, text(role)},
        {u"status"_s, known ? QJsonValue(userStatusName(status)) : QJsonValue()},
        {u"password_hash"_s, textOrNull(passwordHash)},
        {u"created_at"_s, timestampJson(createdAt)},
        {u"updated_at"_s, timestampJson(updatedAt)},
        {u"deleted_at"_s, timestampJson(deletedAt)},
        {u"deleted_by"_s, textOrNull(deletedBy)},
        {u"deletion_reason"_s, textOrNull(deletionReason)},
        {u"suspension_reason"_s, textOrNull(suspensionReason)},
        {u"last_login_at"_s, timestampJson(lastLoginAt)},
        {u"login_count"_s, loginCount},
    };
}

UserState UserState::fromJson(const QJsonObject& object)
{
    const auto text = [&object](QLatin1StringView key) { return object.value(key).toString(); };
    UserState state;
    state.userId = text("user_id"_L1);
    state.username = text("username"_L1);
    state.email = text("email"_L1);
    state.firstName = text("first_name"_L1);
    state.lastName = text("last_name"_L1);
    state.role = text("role"_L1);
    const QString status = text("status"_L1);
    if (status == userStatusName(UserStatus::Suspended))
        state.status = UserStatus::Suspended;
    else if (status == userStatusName(UserStatus::Deleted))
        state.status = UserStatus::Deleted;
    state.passwordHash = text("password_hash"_L1);
    state.createdAt = timestampFrom(object.value("created_at"_L1));
    state.updatedAt = timestampFrom(object.value("updated_at"_L1));
    state.deletedAt = timestampFrom(object.value("deleted_at"_L1));
    state.deletedBy = text("deleted_by"_L1);
    state.deletionReason = text("deletion_reason"_L1);
    state.suspensionReason = text("suspension_reason"_L1);
    state.lastLoginAt = timestampFrom(object.value("last_login_at"_L1));
    state.loginCount = object.value("login_count"_L1).toInteger();
    return state;
}

} // namespace flashback
