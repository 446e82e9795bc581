// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QString>

namespace flashback {

/// Writes `text` as UTF-8 to `path`, whole or not at all: a report that could not be finished leaves whatever
/// was there before. OutputNotWritable (a usage error: the path asked for cannot take it) naming the reason.
Status writeReportFile(const QString& path, const QString& text);

} // namespace flashback
