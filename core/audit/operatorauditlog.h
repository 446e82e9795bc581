// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "operatoraction.h"
#include "util/result.h"

#include <QList>

namespace flashback {

/// The store's operator audit (OperatorAction): rows are added, never changed or removed (the SQL backends refuse
/// UPDATE and DELETE on the table). A store of an older schema opened read-only has none and lists nothing.
class OperatorAuditLog {
public:
    virtual ~OperatorAuditLog() = default;
    /// Appends `action` (its id is ignored) in a transaction of its own; the id it was given. `at` is taken now
    /// when it is unset.
    virtual Result<qint64> recordOperatorAction(const OperatorAction& action) = 0;
    virtual Result<QList<OperatorAction>> listOperatorActions(const OperatorAuditQuery& query) = 0;
};

} // namespace flashback
