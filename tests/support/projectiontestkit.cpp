// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectiontestkit.h"
#include "domain/domaincatalog.h"
#include "projections/projectionrunner.h"
#include "readmodels/readmodeltransaction.h"
#include "search/searchindexprojection.h"
#include "store/eventstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

using namespace Qt::StringLiterals;

namespace flashback::test {

RenamedProjection::RenamedProjection(std::shared_ptr<Projection> inner, QString name)
    : m_inner(std::move(inner))
    , m_name(std::move(name))
{ }

ReadModelSchema RenamedProjection::schema() const
{
    ReadModelSchema schema = m_inner->schema();
    schema.projection = m_name;
    return schema;
}

FlakyProjection::FlakyProjection(qint64 failAtPosition, int failures)
    : failAt(failAtPosition)
    , failuresLeft(failures)
{ }

QString FlakyProjection::name() const
{
    return u"flaky"_s;
}

ReadModelSchema FlakyProjection::schema() const
{
    ReadModelTable seen {
        u"seen"_s, {{u"position"_s, ColumnType::Integer}, {u"type"_s, ColumnType::Text}}, {u"position"_s}, {}};
    return {u"flaky"_s, {seen}};
}

bool FlakyProjection::handles(const RecordedEvent& event) const
{
    return event.type != u"IGNORED"_s;
}

Status FlakyProjection::handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer)
{
    Q_UNUSED(decoded);
    if (event.position == failAt.load()) {
        ++attemptsAtFailure;
        if (failuresLeft.load() > 0) {
            --failuresLeft;
            return Error::internal(u"flaky failure at %1"_s.arg(event.position));
        }
    }
    return writer.put(u"seen"_s, {{u"position"_s, event.position}, {u"type"_s, event.type}});
}

QString TallyProjection::name() const
{
    return u"tally"_s;
}

ReadModelSchema TallyProjection::schema() const
{
    ReadModelTable applied {
        u"applied"_s, {{u"position"_s, ColumnType::Integer}, {u"times"_s, ColumnType::Integer}}, {u"position"_s}, {}};
    return {u"tally"_s, {applied}};
}

Status TallyProjection::handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer)
{
    Q_UNUSED(decoded);
    if (m_delay.count() > 0)
        QThread::usleep(ulong(m_delay.count()));
    auto existing = writer.get(u"applied"_s, {{u"position"_s, event.position}});
    if (!existing)
        return existing.error();
    const qint64 times = existing->has_value() ? (*existing)->value(u"times"_s).toLongLong() : 0;
    return writer.put(u"applied"_s, {{u"position"_s, event.position}, {u"times"_s, times + 1}});
}

Result<QList<ReadModelRow>> allRows(
    EventStore& store, const ReadModelSchema& schema, const QString& table, const QString& orderColumn)
{
    ReadModelQuery query;
    query.projection = schema.projection;
    query.table = table;
    query.orderBy = {{orderColumn, false}};
    query.limit = 1000000000;
    return store.readModels().queryReadModel(schema, query);
}

Result<QList<ReadModelRow>> scratchBuild(EventStore& store, std::shared_ptr<Projection> projection, const QString& name,
    const QString& table, const QString& orderColumn)
{
    auto renamed = std::make_shared<RenamedProjection>(std::move(projection), name);
    ProjectionRunnerOptions options;
    options.workerId = u"scratch"_s;
    ProjectionRunner runner(store, {renamed}, options);
    auto run = runner.catchUp();
    if (!run)
        return run.error();
    return allRows(store, renamed->schema(), table, orderColumn);
}

Status catchUpSearchIndex(EventStore& store)
{
    ProjectionRunner runner(store, {std::make_shared<SearchIndexProjection>()}, {}, DomainCatalog::builtin());
    auto report = runner.catchUp();
    if (!report)
        return report.error();
    return {};
}

QString firstDifference(const QList<ReadModelRow>& actual, const QList<ReadModelRow>& expected)
{
    const auto show = [](const ReadModelRow& row) {
        return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(row)).toJson(QJsonDocument::Compact));
    };
    for (qsizetype i = 0; i < std::min(actual.size(), expected.size()); ++i) {
        if (actual[i] != expected[i])
            return u"row %1: %2 != %3"_s.arg(i).arg(show(actual[i]), show(expected[i]));
    }
    if (actual.size() != expected.size())
        return u"%1 rows, expected %2"_s.arg(actual.size()).arg(expected.size());
    return {};
}

} // namespace flashback::test
