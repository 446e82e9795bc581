// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projections/builtinprojections.h"
#include "projections/runreport.h"
#include "util/result.h"

#include <QString>
#include <QStringList>

namespace flashback::cli {

/// The built-in projections named in `names` (repeatable and comma-separated, like --type), in the built-in
/// order; all of them when `names` is empty. An unknown name is UnknownProjection (exit 2) listing the known ones.
Result<ProjectionList> selectProjections(const QStringList& names);

/// One progress line for a committed batch: "users: 500 → 1000 (500 read, 498 handled)".
QString batchLine(const BatchReport& batch);

} // namespace flashback::cli
