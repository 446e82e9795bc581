// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1StringView>

namespace flashback::UserEvents {

/// Event type names of the User aggregate, as stored (see DOMAIN.md). Compile-time constants so they are safe to
/// use from any static initialiser.
inline constexpr QLatin1StringView UserCreated("USER_CREATED");
inline constexpr QLatin1StringView UserNameChanged("USER_NAME_CHANGED");
inline constexpr QLatin1StringView UserEmailChanged("USER_EMAIL_CHANGED");
/// The reference system's combined update: replayed, never emitted by new commands.
inline constexpr QLatin1StringView UserUpdated("USER_UPDATED");
inline constexpr QLatin1StringView PasswordChanged("PASSWORD_CHANGED");
inline constexpr QLatin1StringView UserSuspended("USER_SUSPENDED");
inline constexpr QLatin1StringView UserReactivated("USER_REACTIVATED");
inline constexpr QLatin1StringView UserLoggedIn("USER_LOGGED_IN");
inline constexpr QLatin1StringView UserDeleted("USER_DELETED");

/// USER_CREATED v2 added `role`; v1 payloads are upcast by adding role "user".
inline constexpr int UserCreatedSchemaVersion = 2;

} // namespace flashback::UserEvents
