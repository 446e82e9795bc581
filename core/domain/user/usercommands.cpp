// SPDX-License-Identifier: GPL-3.0-or-later
#include "usercommands.h"

#include "userrules.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

FieldSpec field(QString name, QString label, FieldType type, bool required, QString description)
{
    FieldSpec spec;
    spec.name = std::move(name);
    spec.label = std::move(label);
    spec.type = type;
    spec.required = required;
    spec.description = std::move(description);
    return spec;
}

CommandSpec command(QLatin1StringView name, QString description, QList<FieldSpec> fields)
{
    CommandSpec spec;
    spec.name = name;
    spec.aggregateType = UserAggregateType;
    spec.description = std::move(description);
    spec.fields = std::move(fields);
    return spec;
}

FieldSpec reasonField(bool required, QString description)
{
    FieldSpec reason = field(u"reason"_s, u"Reason"_s, FieldType::Text, required, std::move(description));
    if (required) {
        reason.check = [](const QJsonValue& value) {
            return UserRules::isBlank(value.toString()) ? u"A reason that says something is required."_s : QString();
        };
    }
    return reason;
}

// The form-side checks of the aggregate's rules (useraggregate.cpp decides with the same UserRules).
FieldSpec usernameField()
{
    FieldSpec username = field(u"username"_s, u"Username"_s, FieldType::String, true,
        u"3 to 64 letters, digits, dots, underscores or hyphens; unique."_s);
    username.check = [](const QJsonValue& value) {
        return UserRules::isValidUsername(value.toString())
            ? QString()
            : u"3 to 64 letters, digits, dots, underscores or hyphens."_s;
    };
    return username;
}

FieldSpec emailField()
{
    FieldSpec email = field(u"email"_s, u"Email"_s, FieldType::Email, true, u"Unique across live users."_s);
    email.check = [](const QJsonValue& value) {
        return UserRules::isValidEmail(value.toString()) ? QString() : u"Not a well-formed email address."_s;
    };
    return email;
}

FieldSpec passwordField(QString name, QString label, QString description)
{
    FieldSpec password = field(std::move(name), std::move(label), FieldType::Password, true, std::move(description));
    password.check = [](const QJsonValue& value) {
        return UserRules::isLongEnoughPassword(value.toString())
            ? QString()
            : u"At least %1 characters."_s.arg(UserRules::MinPasswordLength);
    };
    return password;
}

} // namespace

QList<CommandSpec> userCommandSpecs()
{
    FieldSpec role = field(u"role"_s, u"Role"_s, FieldType::Enum, false, u"What the user may do."_s);
    role.choices = QStringList {u"user"_s, u"admin"_s};
    role.defaultValue = u"user"_s;

    CommandSpec create = command(UserCommands::CreateUser, u"Registers a new user account."_s,
        {
            usernameField(),
            emailField(),
            field(u"first_name"_s, u"First name"_s, FieldType::String, false, {}),
            field(u"last_name"_s, u"Last name"_s, FieldType::String, false, {}),
            passwordField(u"password"_s, u"Password"_s, u"At least 8 characters; only a salted hash is stored."_s),
            role,
        });
    create.createsStream = true;

    return {
        create,
        command(UserCommands::ChangeName, u"Changes the user's first and/or last name."_s,
            {
                field(u"first_name"_s, u"First name"_s, FieldType::String, false, u"Left as is when absent."_s),
                field(u"last_name"_s, u"Last name"_s, FieldType::String, false, u"Left as is when absent."_s),
            }),
        command(UserCommands::ChangeEmail, u"Changes the user's email address."_s, {emailField()}),
        command(UserCommands::ChangePassword, u"Changes the user's password after checking the current one."_s,
            {
                field(u"current_password"_s, u"Current password"_s, FieldType::Password, true, {}),
                passwordField(
                    u"new_password"_s, u"New password"_s, u"At least 8 characters, different from the current one."_s),
            }),
        command(UserCommands::SuspendUser, u"Suspends the account: the user can no longer log in."_s,
            {reasonField(true, u"Why the account is suspended, e.g. fraud_detected."_s)}),
        command(UserCommands::ReactivateUser, u"Lifts a suspension."_s,
            {reasonField(false, u"Why the suspension is lifted."_s)}),
        command(UserCommands::RecordLogin, u"Records a successful login."_s,
            {
                field(u"ip"_s, u"IP address"_s, FieldType::String, false, {}),
                field(u"user_agent"_s, u"User agent"_s, FieldType::String, false, {}),
            }),
        command(UserCommands::DeleteUser, u"Deletes the account; its username and email become free again."_s,
            {reasonField(true, u"Why the account is deleted."_s)}),
    };
}

} // namespace flashback
