// SPDX-License-Identifier: GPL-3.0-or-later
#include "knownprojections.h"

#include "builtinprojections.h"
#include "readmodelschemas.h"
#include "store/eventstore.h"

namespace flashback {

Result<QStringList> knownProjections(EventStore& store)
{
    QStringList names;
    for (const auto& projection : builtinProjections())
        names.append(projection->name());
    auto checkpoints = store.readModels().checkpoints();
    if (!checkpoints)
        return checkpoints.error();
    // The mailbox has a checkpoint row too, but it is the outbox's sink, written without following the log:
    // not a projection, and never "behind".
    const QString mailbox = mailboxReadModel().projection;
    for (const ProjectionCheckpoint& checkpoint : std::as_const(*checkpoints)) {
        if (checkpoint.name != mailbox && !names.contains(checkpoint.name))
            names.append(checkpoint.name);
    }
    return names;
}

Result<QList<ProjectionLag>> lagOfKnownProjections(
    EventStore& store, Timestamp now, std::chrono::milliseconds stalledAfter)
{
    auto names = knownProjections(store);
    if (!names)
        return names.error();
    return computeLag(store, *names, now, stalledAfter);
}

} // namespace flashback
