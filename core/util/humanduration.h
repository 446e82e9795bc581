// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <chrono>

namespace flashback {

/// A duration for people, at the precision that matters at its size: "250 ms", "3 s", "2 min", "1 h 5 min",
/// "3 d 4 h". The same text in the CLI's tables and in the window.
QString humanDuration(std::chrono::microseconds duration);

} // namespace flashback
