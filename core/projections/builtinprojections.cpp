// SPDX-License-Identifier: GPL-3.0-or-later
#include "builtinprojections.h"
#include "auditlogprojection.h"
#include "search/searchindexprojection.h"
#include "usersprojection.h"

namespace flashback {

ProjectionList builtinProjections()
{
    return {std::make_shared<UsersProjection>(), std::make_shared<AuditLogProjection>(),
        std::make_shared<SearchIndexProjection>()};
}

std::shared_ptr<Projection> builtinProjection(const QString& name)
{
    return findProjection(builtinProjections(), name);
}

std::shared_ptr<Projection> findProjection(const ProjectionList& projections, const QString& name)
{
    for (const auto& projection : projections) {
        if (projection && projection->name() == name)
            return projection;
    }
    return nullptr;
}

ProjectionList projectionsWhere(const ProjectionList& projections, bool background)
{
    ProjectionList chosen;
    for (const auto& projection : projections) {
        if (projection && projection->background() == background)
            chosen.append(projection);
    }
    return chosen;
}

} // namespace flashback
