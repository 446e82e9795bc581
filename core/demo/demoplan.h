// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/command.h"
#include "demogenerator.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <random>

namespace flashback {

/// One step of the demo history: a command a person or system issued at a moment, or (for users imported from
/// the reference system) a legacy event recorded as it was.
struct PlannedStep {
    Timestamp at;
    int user = 0; ///< Index into DemoPlan::streamIds.
    Command command;
    /// Record the USER_CREATED this step produces in the reference system's v1 form (no `role`).
    bool legacyCreate = false;
    /// Instead of a command: a legacy event of this type with `legacyData`, appended as is.
    QString legacyType;
    QJsonObject legacyData;
};

/// The whole demo history, in chronological order.
struct DemoPlan {
    QStringList streamIds;
    QList<PlannedStep> steps;
    int deletedUser = -1;
    int suspendedUser = -1;
    int renamedUser = -1;
    int longStreamUser = -1;
    Timestamp deletedAt;
};

/// Builds the plan from the options alone: the same options give the same plan.
DemoPlan buildDemoPlan(const DemoOptions& options);

} // namespace flashback
