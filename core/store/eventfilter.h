// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"
#include "readoptions.h"

namespace flashback {

/// The reference semantics of EventFilter, used by the in-memory store and by tests: every backend must
/// select exactly the events this function accepts.
bool matchesFilter(const EventFilter& filter, const RecordedEvent& event);

/// ASCII case-insensitive substring test, the semantics of `text` (SQL LIKE in SQLite).
bool containsIgnoringAsciiCase(QByteArrayView haystack, QByteArrayView needle);

} // namespace flashback
