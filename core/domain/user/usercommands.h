// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/commandspec.h"

#include <QLatin1StringView>
#include <QList>

namespace flashback {

/// Command names of the User aggregate.
namespace UserCommands {
inline constexpr QLatin1StringView CreateUser("CreateUser");
inline constexpr QLatin1StringView ChangeName("ChangeName");
inline constexpr QLatin1StringView ChangeEmail("ChangeEmail");
inline constexpr QLatin1StringView ChangePassword("ChangePassword");
inline constexpr QLatin1StringView SuspendUser("SuspendUser");
inline constexpr QLatin1StringView ReactivateUser("ReactivateUser");
inline constexpr QLatin1StringView RecordLogin("RecordLogin");
inline constexpr QLatin1StringView DeleteUser("DeleteUser");
} // namespace UserCommands

/// The User aggregate's type name, as stored in events and used in command specs.
inline constexpr QLatin1StringView UserAggregateType("User");

/// The specs of the User commands, in the order a menu lists them. `required` marks what a form asks for;
/// business rules (ReasonRequired, PasswordTooShort, ...) are checked by UserAggregate::decide().
QList<CommandSpec> userCommandSpecs();

} // namespace flashback
