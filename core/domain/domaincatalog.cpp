// SPDX-License-Identifier: GPL-3.0-or-later
#include "domaincatalog.h"
#include "user/userdomain.h"

namespace flashback {

const DomainCatalog& DomainCatalog::builtin()
{
    static const DomainCatalog catalog = [] {
        DomainCatalog built;
        registerUserDomain(built);
        return built;
    }();
    return catalog;
}

void DomainCatalog::add(AggregateDefinition definition)
{
    m_aggregates.append(std::move(definition));
}

const AggregateDefinition* DomainCatalog::aggregate(const QString& type) const
{
    for (const auto& definition : m_aggregates) {
        if (definition.type == type)
            return &definition;
    }
    return nullptr;
}

AggregateDefinition* DomainCatalog::aggregate(const QString& type)
{
    for (auto& definition : m_aggregates) {
        if (definition.type == type)
            return &definition;
    }
    return nullptr;
}

const CommandSpec* DomainCatalog::command(const QString& name) const
{
    for (const auto& definition : m_aggregates) {
        for (const auto& spec : definition.commands) {
            if (spec.name.compare(name, Qt::CaseInsensitive) == 0)
                return &spec;
        }
    }
    return nullptr;
}

QList<CommandSpec> DomainCatalog::commands() const
{
    QList<CommandSpec> all;
    for (const auto& definition : m_aggregates)
        all += definition.commands;
    return all;
}

QStringList DomainCatalog::maskedFields() const
{
    QStringList all;
    for (const auto& definition : m_aggregates) {
        for (const auto& field : definition.maskedFields) {
            if (!all.contains(field))
                all.append(field);
        }
    }
    return all;
}

} // namespace flashback
