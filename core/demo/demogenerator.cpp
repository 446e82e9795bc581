// SPDX-License-Identifier: GPL-3.0-or-later
#include "demogenerator.h"
#include "commands/decision.h"
#include "demoplan.h"
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "outbox/outboxdispatcher.h"
#include "outbox/welcomemailsender.h"
#include "projections/builtinprojections.h"
#include "projections/projectionrunner.h"
#include "store/eventstore.h"
#include "util/logging.h"

#include <QHash>
#include <QJsonDocument>

#include <unordered_map>

#include <memory>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

constexpr int CommandsPerTransaction = 2000;

/// Drives the real aggregates through the plan and writes what they decide in large transactions. Keeps the
/// aggregates and the reservations in memory, so a step the rules refuse is skipped before it reaches the store.
class DemoWriter {
public:
    DemoWriter(EventStore& store, const DomainCatalog& catalog, const DemoOptions& options)
        : m_store(store)
        , m_catalog(catalog)
        , m_hasher(options.passwordIterations, options.seed)
        , m_ids(options.seed)
        , m_progress(options.progress)
    { }

    /// Writes the plan; `beforeLast` runs once everything but the last step (Sara's rename) is committed.
    Status run(const DemoPlan& plan, const std::function<Status()>& beforeLast)
    {
        for (qsizetype i = 0; i < plan.steps.size(); ++i) {
            const bool last = i + 1 == plan.steps.size();
            if (last) {
                if (auto status = flush(plan.steps.size()); !status)
                    return status;
                if (auto status = beforeLast(); !status)
                    return status;
            }
            if (auto status = execute(plan, plan.steps.at(i)); !status)
                return status;
            if (m_work.appends.size() >= CommandsPerTransaction) {
                if (auto status = flush(plan.steps.size()); !status)
                    return status;
            }
        }
        return flush(plan.steps.size());
    }

    qint64 written() const { return m_written; }
    qint64 skipped() const { return m_skipped; }
    const Aggregate* aggregate(const QString& streamId) const
    {
        const auto it = m_aggregates.find(streamId);
        return it == m_aggregates.end() ? nullptr : it->second.get();
    }

private:
    Aggregate& aggregateFor(const QString& streamId, const QString& type)
    {
        auto& slot = m_aggregates[streamId];
        if (!slot) {
            slot = m_catalog.aggregate(type)->create();
            slot->setId(streamId);
        }
        return *slot;
    }

    Status execute(const DemoPlan& plan, const PlannedStep& step)
    {
        const QString& streamId = plan.streamIds.at(step.user);
        Aggregate& aggregate = aggregateFor(streamId, u"User"_s);
        Command command = step.command;
        command.metadata.commandId = uuidText(m_ids.newV7(step.at));
        command.metadata.correlationId = command.metadata.commandId;
        command.metadata.causationId = command.metadata.commandId;

        Decision decision;
        if (!step.legacyType.isEmpty()) {
            decision = legacyDecision(aggregate, step, command);
        } else {
            const CommandSpec* spec = m_catalog.command(command.name);
            auto fields = spec->validate(command.fields);
            if (!fields)
                return fields.error();
            command.fields = *fields;
            if (spec->field(u"reason"_s) && command.metadata.reason.isEmpty())
                command.metadata.reason = command.string(u"reason"_s);
            DecisionContext context {step.at, &m_hasher};
            auto decided = decide(aggregate, command, context, m_ids, m_catalog.upcasters());
            if (!decided) {
                ++m_skipped;
                qCDebug(lcDemo) << "skipped" << command.name << "on" << streamId << decided.error().toString();
                return {};
            }
            decision = std::move(decided).value();
            decision.append.command = CommandRecord {command.metadata.commandId, command.name, {}};
            if (step.legacyCreate)
                makeLegacyCreate(decision, m_catalog.upcasters());
        }
        for (const auto& change : std::as_const(decision.reservations)) {
            const QString key = change.scope + u'\x1f' + change.key;
            const auto owner = m_reservations.constFind(key);
            if (change.action == ReservationChange::Action::Claim && owner != m_reservations.cend()
                && *owner != change.ownerStreamId) {
                ++m_skipped; // the rules would say UsernameTaken/EmailTaken: this step never happened
                return {};
            }
        }
        for (const auto& change : std::as_const(decision.reservations)) {
            const QString key = change.scope + u'\x1f' + change.key;
            if (change.action == ReservationChange::Action::Claim)
                m_reservations.insert(key, change.ownerStreamId);
            else if (m_reservations.value(key) == change.ownerStreamId)
                m_reservations.remove(key);
        }
        applyPolicies(decision, aggregate, *m_catalog.aggregate(aggregate.type()), step.at);
        m_work.appends.append(std::move(decision.append));
        m_work.reservations += decision.reservations;
        m_work.outbox += decision.outbox;
        if (decision.snapshot)
            m_work.snapshots.append(*decision.snapshot);
        return {};
    }

    /// Users imported from the reference system were created without a role (schema version 1).
    static void makeLegacyCreate(Decision& decision, const UpcasterChain& upcasters)
    {
        NewEvent& created = decision.append.events.first();
        QJsonObject data = QJsonDocument::fromJson(created.data).object();
        data.remove(u"role"_s);
        created.data = NewEvent::encode(data);
        created.schemaVersion = 1;
        decision.events.first() = DecodedEvent::decode(created, upcasters);
        decision.events.first().revision = 1;
    }

    Decision legacyDecision(const Aggregate& aggregate, const PlannedStep& step, const Command& command)
    {
        Decision decision;
        decision.append.streamId = aggregate.id();
        decision.append.aggregateType = aggregate.type();
        decision.append.expected = ExpectedRevision::exact(aggregate.revision());
        NewEvent event {
            m_ids.newV7(step.at), step.legacyType, 1, step.at, NewEvent::encode(step.legacyData), command.metadata};
        DecodedEvent decoded = DecodedEvent::decode(event, m_catalog.upcasters());
        decoded.revision = aggregate.revision() + 1;
        decision.events.append(decoded);
        decision.append.events.append(event);
        return decision;
    }

    Status flush(qint64 planned)
    {
        if (m_work.appends.isEmpty())
            return {};
        auto committed = m_store.commit(m_work);
        if (!committed)
            return committed.error();
        m_written += committed->events.size();
        m_work = {};
        if (m_progress)
            m_progress(m_written, planned);
        return {};
    }

    EventStore& m_store;
    const DomainCatalog& m_catalog;
    PasswordHasher m_hasher;
    IdGenerator m_ids;
    std::function<void(qint64, qint64)> m_progress;
    std::unordered_map<QString, std::unique_ptr<Aggregate>> m_aggregates;
    QHash<QString, QString> m_reservations;
    UnitOfWork m_work;
    qint64 m_written = 0;
    qint64 m_skipped = 0;
};

} // namespace

Result<DemoSummary> generateDemo(EventStore& store, const DomainCatalog& catalog, const DemoOptions& options)
{
    if (options.users < 0 || options.longStreamLogins < 0)
        return Error::invalidArgument(u"The number of demo users and logins cannot be negative."_s);
    if (!catalog.aggregate(u"User"_s))
        return Error::internal(u"The demo needs the built-in User domain."_s);
    auto head = store.headPosition();
    if (!head)
        return head.error();
    if (*head > 0)
        return Error::invalidArgument(
            u"The store %1 already holds %2 events; demo data goes into a new or empty store."_s.arg(
                store.address(), QString::number(*head)));

    const DemoPlan plan = buildDemoPlan(options);
    DemoWriter writer(store, catalog, options);
    const auto project = [&](const ProjectionList& projections) -> Status {
        if (!options.runProjections)
            return {};
        ProjectionRunnerOptions runnerOptions;
        runnerOptions.workerId = u"flashback-demo"_s;
        runnerOptions.batchSize = 2000;
        ProjectionRunner runner(store, projections, runnerOptions, catalog);
        auto report = runner.catchUp();
        if (!report)
            return report.error();
        return {};
    };
    if (auto status = writer.run(plan, [&] { return project(builtinProjections()); }); !status)
        return status.error();
    qint64 mailsDelivered = 0;
    if (options.runProjections) {
        // Only `users` is left behind (the story of Sara's rename); the audit log and search see everything.
        if (auto status = project({builtinProjection(u"audit_log"_s), builtinProjection(u"search_index"_s)}); !status)
            return status.error();
        WelcomeMailSender sender(store);
        OutboxDispatcher dispatcher(store, {});
        dispatcher.registerHandler(WelcomeMailSender::Topic, sender.handler());
        auto delivered = dispatcher.dispatchUntilIdle();
        if (!delivered)
            return delivered.error();
        mailsDelivered = delivered->delivered;
    }
    qCDebug(lcDemo) << "demo:" << writer.written() << "events," << writer.skipped() << "steps refused by the rules";

    auto statistics = store.statistics();
    if (!statistics)
        return statistics.error();
    DemoSummary summary;
    summary.users = plan.streamIds.size();
    summary.events = statistics->eventCount;
    summary.deletedUserId = plan.streamIds.at(plan.deletedUser);
    summary.suspendedUserId = plan.streamIds.at(plan.suspendedUser);
    summary.renamedUserId = plan.streamIds.at(plan.renamedUser);
    summary.longStreamUserId = plan.streamIds.at(plan.longStreamUser);
    if (const Aggregate* longStream = writer.aggregate(summary.longStreamUserId))
        summary.longStreamEvents = longStream->revision();
    summary.deletedAt = plan.deletedAt;
    summary.renamePosition = statistics->headPosition;
    summary.mailsDelivered = mailsDelivered;
    summary.firstEventAt = statistics->firstOccurredAt.value_or(Timestamp());
    summary.lastEventAt = statistics->lastOccurredAt.value_or(Timestamp());
    return summary;
}

} // namespace flashback
