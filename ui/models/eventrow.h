// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"

#include <QString>

namespace flashback {

/// One event as a list shows it: the stored event plus what the worker worked out from its payload and metadata
/// (decoding costs, so it happens off the GUI thread, once per row loaded).
struct EventRow {
    RecordedEvent event;
    QString actor;
    QString reason;
    QString summary; ///< One line, masked fields left out (core's eventSummary).
};

} // namespace flashback
