// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/timestamp.h"

#include <QByteArray>
#include <QString>

namespace flashback {

/// An aggregate's state at one revision, so loading replays only the tail. `schemaVersion` is the aggregate's
/// snapshot format: a snapshot written by an older format is ignored, never misread.
struct Snapshot {
    QString streamId;
    QString aggregateType;
    qint64 revision = 0;
    int schemaVersion = 1;
    QByteArray state; ///< Compact JSON object.
    Timestamp takenAt;
};

} // namespace flashback
