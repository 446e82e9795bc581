// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "settings.h"

namespace flashback {

/// Applies the light, dark or the system's palette to the whole application (Fusion style for the two built-in
/// ones, so they look the same everywhere) and the presenter's font size change.
void applyTheme(Settings::Theme theme);
void applyFontDelta(int points);

} // namespace flashback
