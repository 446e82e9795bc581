// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "aggregate.h"
#include "commands/commandspec.h"
#include "events/newevent.h"
#include "events/upcasterchain.h"
#include "outbox/outboxmessage.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace flashback {

/// Everything the core knows about one aggregate type.
struct AggregateDefinition {
    QString type;
    std::function<std::unique_ptr<Aggregate>()> create;
    QList<CommandSpec> commands;
    bool uuidStreamIds = true; ///< Stream ids of this type must be UUIDs.
    QStringList maskedFields; ///< Payload/state keys hidden unless revealed (e.g. "password_hash").
    /// Snapshot policy: a snapshot every `snapshotEvery` events (0: never). The handler writes it in the
    /// command's transaction when a command's events cross a multiple of it.
    qint64 snapshotEvery = 1000;
    /// Side effects the new events call for (e.g. the welcome mail for USER_CREATED), written to the outbox in
    /// the same transaction. Called with the events as they will be recorded.
    std::function<QList<OutboxMessage>(const QString& streamId, const QList<NewEvent>& events)> sideEffects;
};

/// The known domains: aggregate types, their commands and the upcasters of their events.
class DomainCatalog {
public:
    /// The built-in domains (User).
    static const DomainCatalog& builtin();

    void add(AggregateDefinition definition);
    UpcasterChain& upcasters() { return m_upcasters; }
    const UpcasterChain& upcasters() const { return m_upcasters; }

    const AggregateDefinition* aggregate(const QString& type) const;
    /// For configuring policies (snapshot interval, side effects) before the catalog is shared.
    AggregateDefinition* aggregate(const QString& type);
    const CommandSpec* command(const QString& name) const;
    QList<CommandSpec> commands() const;
    QStringList maskedFields() const;

private:
    QList<AggregateDefinition> m_aggregates;
    UpcasterChain m_upcasters;
};

} // namespace flashback
