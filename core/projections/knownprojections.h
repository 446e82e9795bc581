// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projectionlag.h"

#include <QStringList>

namespace flashback {

class EventStore;

/// Every projection the store knows: the built-in ones, then any other with a checkpoint row (a team's own, or a
/// worker's), but not the outbox's mailbox, whose row belongs to a sink that follows no events.
Result<QStringList> knownProjections(EventStore& store);

/// The lag of every known projection at `now`: what the window's Projections pane samples every second.
Result<QList<ProjectionLag>> lagOfKnownProjections(
    EventStore& store, Timestamp now, std::chrono::milliseconds stalledAfter = std::chrono::seconds(10));

} // namespace flashback
