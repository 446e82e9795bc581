// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace flashback::UserRules {

inline constexpr qsizetype MinUsernameLength = 3;
inline constexpr qsizetype MaxUsernameLength = 64;
inline constexpr qsizetype MinPasswordLength = 8;
inline constexpr qsizetype MaxEmailLength = 254;

/// 3 to 64 characters, each an ASCII letter, a digit, '.', '_' or '-'.
bool isValidUsername(QStringView username);

/// A practical well-formedness check, not RFC 5322: one '@'; a local part of up to 64 characters with no spaces,
/// no leading, trailing or doubled dots; a domain of at least two dot-separated labels of letters, digits and
/// inner hyphens, ending in a label of at least two letters.
bool isValidEmail(QStringView email);

/// Passwords are measured in characters (Unicode code points), not bytes.
bool isLongEnoughPassword(QStringView password);

/// True when the text is empty or only whitespace: such a reason explains nothing.
bool isBlank(QStringView text);

/// The key a username or email is unique under: case-folded, so "Sarah" and "sarah" collide.
QString uniquenessKey(QStringView value);

} // namespace flashback::UserRules
