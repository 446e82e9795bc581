// SPDX-License-Identifier: GPL-3.0-or-later
#include "runreport.h"

using namespace Qt::StringLiterals;

namespace flashback {

QString projectionOutcomeName(ProjectionOutcome outcome)
{
    switch (outcome) {
    case ProjectionOutcome::CaughtUp:
        return u"caught up"_s;
    case ProjectionOutcome::Paused:
        return u"paused"_s;
    case ProjectionOutcome::Failed:
        return u"failed"_s;
    case ProjectionOutcome::LeaseHeldElsewhere:
        return u"lease held elsewhere"_s;
    case ProjectionOutcome::Stopped:
        return u"stopped"_s;
    }
    return u"caught up"_s;
}

const ProjectionRunReport* RunReport::find(const QString& name) const
{
    for (const auto& report : projections) {
        if (report.name == name)
            return &report;
    }
    return nullptr;
}

qint64 RunReport::eventsHandled() const
{
    qint64 total = 0;
    for (const auto& report : projections)
        total += report.eventsHandled;
    return total;
}

} // namespace flashback
