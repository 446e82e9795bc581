// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QDateTime;

namespace flashback {

/// "2025-03-17 15:47:23.123" in the local zone, or "2025-03-17 15:47:23.123Z" in UTC: one format everywhere in
/// the window, milliseconds always shown (events of one command share a second).
QString formatTime(qint64 microsSinceEpoch, bool utc);
QString formatTime(const QDateTime& time, bool utc);
/// With the microseconds, for the Event pane.
QString formatTimeExact(qint64 microsSinceEpoch, bool utc);

} // namespace flashback
