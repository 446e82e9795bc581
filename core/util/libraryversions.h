// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace flashback {

/// The version of the libpq the program runs with (not the one it was built against), e.g. "15.18".
QString libpqVersionText();
/// The version of the SQLite library the program runs with, e.g. "3.40.1".
QString sqliteVersionText();

} // namespace flashback
