// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "projectionselection.h"
#include "subcommands.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// pause and resume: the same shape, one control action on each named projection.
Status runControl(CliContext& context, const QStringList& arguments, bool pause)
{
    const QString verb = pause ? u"pause"_s : u"resume"_s;
    CommandLine commandLine(verb, u"PROJECTION..."_s,
        pause ? u"Pauses projections: runners leave them where they are until they are resumed. Readers keep "
                u"seeing the read model as it was."_s
              : u"Resumes paused projections, and clears a failure so that the event that failed is tried again by "
                u"the next runner (flashback-cli project)."_s);
    commandLine.addPositional(u"PROJECTION"_s, u"users or audit_log; several may be given."_s);
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    const QStringList names = commandLine.positionalArguments();
    if (names.isEmpty())
        return usageError(u"MissingArgument"_s, u"%1 needs the name of a projection (users or audit_log)."_s.arg(verb));
    auto projections = selectProjections(names);
    if (!projections)
        return projections.error();

    auto store = context.openStore();
    if (!store)
        return store.error();
    auto& models = (*store)->readModels();
    OperatorAudit audit(**store, context.operatorContext(), DomainCatalog::builtin());
    QJsonArray changed;
    for (const auto& projection : std::as_const(*projections)) {
        const auto control = pause ? ProjectionControl::pause() : ProjectionControl::resume();
        auto status = audit.controlProjection(projection->name(), control, projection->schema());
        context.warnIfNotAudited(audit);
        if (!status)
            return status;
        auto checkpoint = models.checkpoint(projection->name());
        if (!checkpoint)
            return checkpoint.error();
        changed.append(QJsonObject {{u"projection"_s, projection->name()}, {u"paused"_s, checkpoint->paused},
            {u"position"_s, checkpoint->position}});
        if (!context.options().json) {
            context.print(pause
                    ? u"Paused %1 at position %2.\n"_s.arg(projection->name()).arg(checkpoint->position)
                    : u"Resumed %1 at position %2; the next runner continues from there.\n"_s.arg(projection->name())
                          .arg(checkpoint->position));
        }
    }
    if (context.options().json)
        context.printJson({{u"projections"_s, changed}});
    return {};
}

} // namespace

Status runPause(CliContext& context, const QStringList& arguments)
{
    return runControl(context, arguments, true);
}

Status runResume(CliContext& context, const QStringList& arguments)
{
    return runControl(context, arguments, false);
}

} // namespace flashback::cli
