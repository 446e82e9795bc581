// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projection.h"

#include <QList>
#include <QString>

#include <memory>

namespace flashback {

/// Projections are shared between a runner and whoever configured it (tests keep a handle on theirs).
using ProjectionList = QList<std::shared_ptr<Projection>>;

/// The built-in projections: "users" and "audit_log" over the User domain (DOMAIN.md, Projections), and
/// "search_index" over every event; fresh instances on every call.
ProjectionList builtinProjections();

/// The built-in projection called `name`, or null.
std::shared_ptr<Projection> builtinProjection(const QString& name);

/// The projection called `name` in `projections`, or null.
std::shared_ptr<Projection> findProjection(const ProjectionList& projections, const QString& name);

/// Those of `projections` whose background() is `background`, in their order: what a host runs on its own runner.
ProjectionList projectionsWhere(const ProjectionList& projections, bool background);

} // namespace flashback
