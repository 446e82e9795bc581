// SPDX-License-Identifier: GPL-3.0-or-later
#include "freshreadmodel.h"

#include "domain/domaincatalog.h"
#include "readmodels/readmodelsql.h"
#include "store/memory/inmemoryreadmodels.h"
#include "store/memory/memorybackend.h"

#include <QJsonDocument>

#include <cmath>

using namespace Qt::StringLiterals;

namespace flashback {

FreshReadModel::FreshReadModel(std::shared_ptr<Projection> projection, const DomainCatalog& catalog)
    : m_projection(std::move(projection))
    , m_schema(m_projection->schema())
    , m_catalog(catalog)
    , m_backend(std::make_shared<MemoryBackend>())
    , m_models(std::make_unique<InMemoryReadModels>(m_backend, false))
{
    m_backend->name = u"fresh:"_s + m_schema.projection;
}

FreshReadModel::~FreshReadModel() = default;

Status FreshReadModel::feed(const QList<RecordedEvent>& events)
{
    if (events.isEmpty())
        return {};
    auto tx = m_models->beginReadModelTransaction(m_schema, 1);
    if (!tx)
        return tx.error();
    qint64 handled = 0;
    for (const RecordedEvent& event : events) {
        if (!m_projection->handles(event))
            continue;
        const DecodedEvent decoded = DecodedEvent::decode(event, m_catalog.upcasters());
        if (auto status = m_projection->handle(event, decoded, **tx); !status) {
            Error error = status.error();
            error.message = u"Replaying %1 into a fresh %2 failed at position %3 (%4): %5"_s.arg(
                event.type, m_schema.projection, QString::number(event.position), event.streamId, error.message);
            return error;
        }
        ++handled;
    }
    if (auto status = (*tx)->commit(events.constLast().position, handled); !status)
        return status;
    m_position = events.constLast().position;
    return {};
}

// Both read the backend's maps directly: a query through InMemoryReadModels filters every row of the table, which
// made a check of n rows cost n * n.
Result<std::optional<ReadModelRow>> FreshReadModel::row(const QString& table, const ReadModelRow& key) const
{
    auto spec = m_schema.requireTable(table);
    if (!spec)
        return spec.error();
    std::lock_guard lock(m_backend->mutex);
    const auto rows = m_backend->readModels.constFind(ReadModelSql::physicalName(m_schema.projection, table, 1));
    if (rows == m_backend->readModels.cend())
        return std::optional<ReadModelRow>();
    const auto found = rows->constFind(InMemoryReadModels::keyText(**spec, key));
    if (found == rows->cend())
        return std::optional<ReadModelRow>();
    return std::optional<ReadModelRow>(*found);
}

Result<QList<ReadModelRow>> FreshReadModel::rows(const QString& table) const
{
    if (auto spec = m_schema.requireTable(table); !spec)
        return spec.error();
    std::lock_guard lock(m_backend->mutex);
    return m_backend->readModels.value(ReadModelSql::physicalName(m_schema.projection, table, 1)).values();
}

namespace {

bool absent(const QVariant& value)
{
    return !value.isValid() || value.isNull()
        || (value.metaType().id() == QMetaType::QString && value.toString().isNull());
}

bool sameValue(ColumnType type, const QVariant& a, const QVariant& b)
{
    const bool aAbsent = absent(a);
    const bool bAbsent = absent(b);
    if (type == ColumnType::Text) // NULL and '' are one value here: backends differ in which they hand back
        return (aAbsent ? QString() : a.toString()) == (bAbsent ? QString() : b.toString());
    if (aAbsent || bAbsent)
        return aAbsent == bAbsent;
    switch (type) {
    case ColumnType::Integer:
        return a.toLongLong() == b.toLongLong();
    case ColumnType::Real: {
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x == y || std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y));
    }
    case ColumnType::Boolean:
        return a.toBool() == b.toBool();
    case ColumnType::Json:
        return QJsonDocument::fromJson(a.toString().toUtf8()) == QJsonDocument::fromJson(b.toString().toUtf8());
    case ColumnType::Text:
        break;
    }
    return a == b;
}

ReadModelQuery tableQuery(const ReadModelSchema& schema, const ReadModelTable& table)
{
    ReadModelQuery query;
    query.projection = schema.projection;
    query.table = table.name;
    return query;
}

} // namespace

QList<ColumnDifference> differingColumns(
    const ReadModelTable& table, const ReadModelRow& stored, const ReadModelRow& expected)
{
    QList<ColumnDifference> differences;
    for (const ColumnSpec& column : table.columns) {
        const QVariant a = stored.value(column.name);
        const QVariant b = expected.value(column.name);
        if (!sameValue(column.type, a, b))
            differences.append({column.name, a, b});
    }
    return differences;
}

QList<ColumnDifference> allColumns(const ReadModelTable& table, const ReadModelRow& row, bool rowIsStored)
{
    QList<ColumnDifference> columns;
    for (const ColumnSpec& column : table.columns) {
        const QVariant value = row.value(column.name);
        columns.append(
            rowIsStored ? ColumnDifference {column.name, value, {}} : ColumnDifference {column.name, {}, value});
    }
    return columns;
}

ReadModelRow primaryKeyOf(const ReadModelTable& table, const ReadModelRow& row)
{
    ReadModelRow key;
    for (const QString& column : table.primaryKey)
        key.insert(column, row.value(column));
    return key;
}

QVariantList primaryKeyValues(const ReadModelTable& table, const ReadModelRow& row)
{
    QVariantList values;
    for (const QString& column : table.primaryKey)
        values.append(row.value(column));
    return values;
}

QString describeKey(const ReadModelTable& table, const ReadModelRow& row)
{
    QStringList parts;
    for (const QString& column : table.primaryKey)
        parts.append(column + u'=' + row.value(column).toString());
    return parts.join(u", "_s);
}

Result<std::optional<ReadModelRow>> storedRow(
    ReadModelStore& models, const ReadModelSchema& schema, const ReadModelTable& table, const ReadModelRow& key)
{
    ReadModelQuery query = tableQuery(schema, table);
    for (const QString& column : table.primaryKey)
        query.where.append({column, ReadModelQuery::Condition::Op::Equals, key.value(column)});
    query.limit = 1;
    auto rows = models.queryReadModel(schema, query);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<ReadModelRow>();
    return std::optional<ReadModelRow>(rows->constFirst());
}

Result<QList<ReadModelRow>> storedPage(ReadModelStore& models, const ReadModelSchema& schema,
    const ReadModelTable& table, const std::optional<QVariantList>& after, qint64 limit)
{
    ReadModelQuery query = tableQuery(schema, table);
    for (const QString& column : table.primaryKey)
        query.orderBy.append({column, false});
    query.after = after;
    query.limit = limit;
    return models.queryReadModel(schema, query);
}

} // namespace flashback
