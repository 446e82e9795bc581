// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace flashback {

/// `text` as one word for a POSIX shell: as it is when it holds only characters no shell treats specially,
/// otherwise in single quotes (a quote inside written as '\''). For the command lines Flashback shows to copy.
QString shellQuote(const QString& text);

} // namespace flashback
