// SPDX-License-Identifier: GPL-3.0-or-later
#include "aggregatescenario.h"

#include "commands/decision.h"
#include "domain/domaincatalog.h"
#include "events/eventscript.h"
#include "timetravel/jsondiff.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
/// Few iterations and a fixed salt: a scenario's hashes are the same on every run and cost nothing.
constexpr int ScenarioHashIterations = 1000;
constexpr quint64 ScenarioSaltSeed = 0x466c6173686261ULL;
} // namespace

QStringList AggregateScenario::Outcome::eventTypes() const
{
    QStringList types;
    for (const DecodedEvent& event : events)
        types.append(event.type);
    return types;
}

AggregateScenario::AggregateScenario(
    const DomainCatalog& catalog, const QString& aggregateType, const QString& streamId)
    : m_catalog(catalog)
    , m_aggregateType(aggregateType)
    , m_streamId(streamId)
    , m_hasher(ScenarioHashIterations, ScenarioSaltSeed)
{
    if (const AggregateDefinition* definition = catalog.aggregate(aggregateType)) {
        m_aggregate = definition->create();
        m_aggregate->setId(streamId);
    } else {
        m_problem = u"Flashback knows no aggregate type '%1'."_s.arg(aggregateType);
    }
}

AggregateScenario::~AggregateScenario() = default;

bool AggregateScenario::fold(const QString& script, QList<DecodedEvent>* folded)
{
    if (!m_aggregate)
        return false;
    auto events = parseEventScript(script, m_ids);
    if (!events) {
        m_problem = events.error().message;
        return false;
    }
    return fold(*events, folded);
}

bool AggregateScenario::fold(const QList<NewEvent>& events, QList<DecodedEvent>* folded)
{
    if (!m_aggregate)
        return false;
    for (const NewEvent& event : events) {
        DecodedEvent decoded = DecodedEvent::decode(event, m_catalog.upcasters());
        decoded.revision = m_aggregate->revision() + 1;
        m_aggregate->replay(decoded);
        if (folded)
            folded->append(std::move(decoded));
    }
    return true;
}

bool AggregateScenario::given(const QString& script)
{
    return fold(script, nullptr);
}

bool AggregateScenario::given(const QList<NewEvent>& events)
{
    return fold(events, nullptr);
}

AggregateScenario::Outcome AggregateScenario::when(Command command, Timestamp now)
{
    Outcome outcome;
    if (!m_aggregate) {
        outcome.error = Error::invalidArgument(m_problem);
        return outcome;
    }
    command.streamId = m_streamId;
    auto prepared = prepareCommand(m_catalog, std::move(command));
    if (prepared && prepared->definition->type != m_aggregateType)
        prepared = Error::invalidArgument(u"%1 is a command of %2, not of %3."_s.arg(
            prepared->spec->name, prepared->definition->type, m_aggregateType));
    if (!prepared) {
        outcome.error = prepared.error();
        outcome.state = state();
        return outcome;
    }
    DecisionContext context {now, &m_hasher};
    auto decision = decide(*m_aggregate, prepared->command, context, m_ids, m_catalog.upcasters());
    if (!decision) {
        outcome.error = decision.error();
    } else {
        for (const DecodedEvent& event : std::as_const(decision->events))
            m_aggregate->replay(event);
        outcome.events = decision->events;
    }
    outcome.state = state();
    return outcome;
}

AggregateScenario::Outcome AggregateScenario::whenEvents(const QString& script)
{
    Outcome outcome;
    if (!fold(script, &outcome.events))
        outcome.error = Error::invalidArgument(m_problem);
    outcome.state = state();
    return outcome;
}

QJsonObject AggregateScenario::state() const
{
    return m_aggregate ? m_aggregate->state() : QJsonObject();
}

qint64 AggregateScenario::revision() const
{
    return m_aggregate ? m_aggregate->revision() : 0;
}

QString jsonDifferences(const QJsonObject& actual, const QString& expectedJson)
{
    QJsonParseError parseError {};
    const QJsonDocument expected = QJsonDocument::fromJson(expectedJson.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !expected.isObject())
        return u"the expected value is not a JSON object (%1)"_s.arg(parseError.errorString());
    QStringList lines;
    for (const JsonChange& change : diffJson(expected.object(), actual)) {
        lines.append(u"%1: expected %2, got %3"_s.arg(change.path,
            change.before.isUndefined() ? u"nothing"_s : jsonValueText(change.before),
            change.after.isUndefined() ? u"nothing"_s : jsonValueText(change.after)));
    }
    return lines.join(u'\n');
}

} // namespace flashback
