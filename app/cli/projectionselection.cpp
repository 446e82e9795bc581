// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectionselection.h"
#include "commandline.h"

using namespace Qt::StringLiterals;

namespace flashback::cli {

Result<ProjectionList> selectProjections(const QStringList& names)
{
    const ProjectionList all = builtinProjections();
    QStringList wanted;
    for (const auto& value : names) {
        for (const auto& part : value.split(u',', Qt::SkipEmptyParts)) {
            if (const QString name = part.trimmed(); !name.isEmpty() && !wanted.contains(name))
                wanted.append(name);
        }
    }
    if (wanted.isEmpty())
        return all;
    QStringList known;
    for (const auto& projection : all)
        known.append(projection->name());
    ProjectionList selected;
    for (const auto& name : std::as_const(wanted)) {
        if (!known.contains(name))
            return usageError(u"UnknownProjection"_s,
                u"There is no projection '%1' (known projections: %2)."_s.arg(name, known.join(u", "_s)));
    }
    for (const auto& projection : all) {
        if (wanted.contains(projection->name()))
            selected.append(projection);
    }
    return selected;
}

QString batchLine(const BatchReport& batch)
{
    return u"%1%2: %3 \u2192 %4 (%5 read, %6 handled)\n"_s.arg(batch.projection,
        batch.rebuild ? u" [rebuild, generation %1]"_s.arg(batch.generation) : QString(),
        QString::number(batch.fromPosition), QString::number(batch.toPosition), QString::number(batch.scanned),
        QString::number(batch.handled));
}

} // namespace flashback::cli
