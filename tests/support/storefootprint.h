// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventstore.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace flashback::test {

/// Everything a command could write, as text: the head, every stream and its revision, the outbox rows, the
/// owners of `reservations` (scope, key) and whether `commandIds` are recorded. A dry run must leave it as it was.
QString footprint(
    EventStore& store, const QList<std::pair<QString, QString>>& reservations, const QStringList& commandIds);

} // namespace flashback::test
