// SPDX-License-Identifier: GPL-3.0-or-later
#include "inmemoryreadmodels.h"
#include "memorybackend.h"
#include "readmodels/readmodelsql.h"
#include "store/eventfilter.h"

using namespace Qt::StringLiterals;

namespace flashback {

ProjectionCheckpoint& MemoryBackend::checkpointFor(const QString& projection)
{
    auto it = checkpoints.find(projection);
    if (it == checkpoints.end()) {
        ProjectionCheckpoint fresh;
        fresh.name = projection;
        fresh.updatedAt = Timestamp::now();
        fresh.movedAt = fresh.updatedAt;
        it = checkpoints.insert(projection, fresh);
    }
    return *it;
}

namespace {

/// SQL-like comparison: numbers as numbers, text as text; null sorts first.
int compareValues(const QVariant& a, const QVariant& b)
{
    const bool aNull = a.isNull() || !a.isValid();
    const bool bNull = b.isNull() || !b.isValid();
    if (aNull || bNull)
        return aNull == bNull ? 0 : (aNull ? -1 : 1);
    const auto numeric = [](const QVariant& v) {
        const int id = v.metaType().id();
        return id == QMetaType::LongLong || id == QMetaType::Int || id == QMetaType::Double || id == QMetaType::Bool
            || id == QMetaType::ULongLong || id == QMetaType::UInt;
    };
    if (numeric(a) && numeric(b)) {
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    return a.toString().compare(b.toString());
}

bool holds(const ReadModelRow& row, const ReadModelQuery::Condition& condition)
{
    const QVariant value = row.value(condition.column);
    using Op = ReadModelQuery::Condition::Op;
    if (condition.op == Op::Matches) // the definition the SQL backends' indexes implement
        return condition.text.matches(value.toString());
    if (value.isNull() || !value.isValid() || condition.value.isNull())
        return false;
    if (condition.op == Op::In) {
        const QVariantList options = condition.value.toList();
        return std::any_of(options.cbegin(), options.cend(),
            [&](const QVariant& option) { return !option.isNull() && compareValues(value, option) == 0; });
    }
    if (condition.op == Op::Contains)
        return containsIgnoringAsciiCase(value.toString().toUtf8(), condition.value.toString().toUtf8());
    const int order = compareValues(value, condition.value);
    switch (condition.op) {
    case Op::Equals:
        return order == 0;
    case Op::NotEquals:
        return order != 0;
    case Op::Less:
        return order < 0;
    case Op::LessOrEqual:
        return order <= 0;
    case Op::Greater:
        return order > 0;
    case Op::GreaterOrEqual:
        return order >= 0;
    case Op::Contains:
    case Op::In:
    case Op::Matches:
        break;
    }
    return false;
}

Status checkColumns(const ReadModelTable& table, const ReadModelQuery& query)
{
    for (const auto& list : {query.where, query.anyOf}) {
        for (const auto& condition : list) {
            if (!table.column(condition.column))
                return Error::invalidArgument(
                    u"The read model table %1 has no column '%2'."_s.arg(table.name, condition.column));
            if (condition.op == ReadModelQuery::Condition::Op::Matches && condition.column != table.textColumn)
                return Error::invalidArgument(
                    u"The read model table %1 has no text index on '%2'."_s.arg(table.name, condition.column));
        }
    }
    for (const auto& order : query.orderBy) {
        if (!table.column(order.column))
            return Error::invalidArgument(
                u"The read model table %1 has no column '%2'."_s.arg(table.name, order.column));
    }
    if (query.after && (query.after->size() != query.orderBy.size() || query.orderBy.isEmpty()))
        return Error::invalidArgument(u"A page cursor needs one value per sort column."_s);
    return {};
}

class InMemoryReadModelTransaction final : public ReadModelTransaction {
public:
    InMemoryReadModelTransaction(std::shared_ptr<MemoryBackend> backend, ReadModelSchema schema, qint64 generation,
        bool rebuild, qint64 startPosition)
        : m_backend(std::move(backend))
        , m_schema(std::move(schema))
        , m_generation(generation)
        , m_rebuild(rebuild)
        , m_startPosition(startPosition)
    { }

    qint64 startPosition() const override { return m_startPosition; }

    Result<std::optional<ReadModelRow>> get(const QString& table, const ReadModelRow& key) override
    {
        auto spec = tableSpec(table);
        if (!spec)
            return spec.error();
        const QString physical = physicalName(**spec);
        const QString text = InMemoryReadModels::keyText(**spec, key);
        // Looked up in place: a copy of the staged table would be detached (copied whole) by the next put.
        if (const auto staged = m_staged.constFind(physical); staged != m_staged.cend() && staged->contains(text))
            return staged->value(text);
        std::lock_guard lock(m_backend->mutex);
        const auto rows = m_backend->readModels.constFind(physical);
        if (rows == m_backend->readModels.cend() || !rows->contains(text))
            return std::optional<ReadModelRow> {};
        return std::optional<ReadModelRow>(rows->value(text));
    }

    Status put(const QString& table, const ReadModelRow& row) override
    {
        auto spec = tableSpec(table);
        if (!spec)
            return spec.error();
        ReadModelRow normalised;
        for (auto it = row.begin(); it != row.end(); ++it) {
            const ColumnSpec* column = (*spec)->column(it.key());
            if (!column)
                return Error::invalidArgument(
                    u"The read model table %1 has no column '%2'."_s.arg((*spec)->name, it.key()));
            normalised.insert(it.key(), ReadModelSql::fromSql(column->type, it.value()));
        }
        for (const auto& column : (*spec)->columns) {
            if (!normalised.contains(column.name))
                normalised.insert(column.name, QVariant());
        }
        for (const auto& keyColumn : (*spec)->primaryKey) {
            if (normalised.value(keyColumn).isNull())
                return Error::invalidArgument(u"A key of %1 needs the column '%2'."_s.arg((*spec)->name, keyColumn));
        }
        m_staged[physicalName(**spec)][InMemoryReadModels::keyText(**spec, normalised)] = normalised;
        return {};
    }

    Status remove(const QString& table, const ReadModelRow& key) override
    {
        auto spec = tableSpec(table);
        if (!spec)
            return spec.error();
        m_staged[physicalName(**spec)][InMemoryReadModels::keyText(**spec, key)] = std::nullopt;
        return {};
    }

    Status commit(qint64 position, qint64 eventsHandled) override { return apply(position, eventsHandled, true); }
    Status commitWithoutCheckpoint() override { return apply(0, 0, false); }

private:
    Result<const ReadModelTable*> tableSpec(const QString& name) const { return m_schema.requireTable(name); }

    QString physicalName(const ReadModelTable& table) const
    {
        return ReadModelSql::physicalName(m_schema.projection, table.name, m_generation);
    }

    Status apply(qint64 position, qint64 eventsHandled, bool advance)
    {
        if (m_done)
            return Error::internal(u"A projection batch was committed twice."_s);
        std::lock_guard lock(m_backend->mutex);
        ProjectionCheckpoint& checkpoint = m_backend->checkpointFor(m_schema.projection);
        const bool live = checkpoint.generation == m_generation;
        const bool rebuilding = checkpoint.rebuildGeneration && *checkpoint.rebuildGeneration == m_generation;
        if ((!live && !rebuilding) || (m_rebuild != rebuilding)
            || (advance && (m_rebuild ? checkpoint.rebuildPosition : checkpoint.position) != m_startPosition))
            return Error::make(ErrorKind::ConcurrencyConflict,
                u"The checkpoint of %1 moved while this batch ran."_s.arg(m_schema.projection));
        for (auto table = m_staged.cbegin(); table != m_staged.cend(); ++table) {
            auto& rows = m_backend->readModels[table.key()];
            for (auto row = table->cbegin(); row != table->cend(); ++row) {
                if (row.value())
                    rows.insert(row.key(), *row.value());
                else
                    rows.remove(row.key());
            }
        }
        if (advance) {
            const Timestamp now = Timestamp::now();
            if (m_rebuild) {
                checkpoint.rebuildPosition = position;
            } else {
                if (position > checkpoint.position)
                    checkpoint.movedAt = now;
                checkpoint.position = position;
            }
            checkpoint.eventsProcessed += eventsHandled;
            checkpoint.updatedAt = now;
        }
        m_done = true;
        return {};
    }

    std::shared_ptr<MemoryBackend> m_backend;
    ReadModelSchema m_schema;
    qint64 m_generation;
    bool m_rebuild;
    qint64 m_startPosition;
    bool m_done = false;
    QHash<QString, QMap<QString, std::optional<ReadModelRow>>> m_staged;
};

} // namespace

InMemoryReadModels::InMemoryReadModels(std::shared_ptr<MemoryBackend> backend, bool readOnly)
    : m_backend(std::move(backend))
    , m_readOnly(readOnly)
{ }

QString InMemoryReadModels::keyText(const ReadModelTable& table, const ReadModelRow& row)
{
    QStringList parts;
    for (const auto& column : table.primaryKey)
        parts.append(row.value(column).toString());
    return parts.join(QChar(0x1F));
}

Result<ProjectionCheckpoint> InMemoryReadModels::checkpoint(const QString& name)
{
    std::lock_guard lock(m_backend->mutex);
    if (!m_backend->checkpoints.contains(name)) {
        ProjectionCheckpoint fresh;
        fresh.name = name;
        return fresh;
    }
    return m_backend->checkpoints.value(name);
}

Result<QList<ProjectionCheckpoint>> InMemoryReadModels::checkpoints()
{
    std::lock_guard lock(m_backend->mutex);
    QList<ProjectionCheckpoint> all = m_backend->checkpoints.values();
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return all;
}

Status InMemoryReadModels::controlProjection(
    const QString& name, const ProjectionControl& control, const ReadModelSchema& schema)
{
    if (m_readOnly)
        return Error::make(ErrorKind::StoreReadOnly, u"The in-memory store is open read-only."_s);
    std::lock_guard lock(m_backend->mutex);
    ProjectionCheckpoint& checkpoint = m_backend->checkpointFor(name);
    const Timestamp now = Timestamp::now();
    const auto dropGeneration = [&](qint64 generation) {
        for (const auto& table : schema.tables)
            m_backend->readModels.remove(ReadModelSql::physicalName(schema.projection, table.name, generation));
    };
    using Action = ProjectionControl::Action;
    switch (control.action) {
    case Action::Pause:
        checkpoint.paused = true;
        break;
    case Action::Resume:
        checkpoint.paused = false;
        checkpoint.failedPosition.reset();
        checkpoint.lastError.clear();
        break;
    case Action::MarkFailed:
        checkpoint.failedPosition = control.position;
        checkpoint.lastError = control.error;
        break;
    case Action::StartRebuild: {
        const qint64 next = std::max(checkpoint.generation, checkpoint.rebuildGeneration.value_or(0)) + 1;
        if (checkpoint.rebuildGeneration)
            dropGeneration(*checkpoint.rebuildGeneration);
        dropGeneration(next);
        checkpoint.rebuildGeneration = next;
        checkpoint.rebuildPosition = 0;
        break;
    }
    case Action::FinishRebuild: {
        if (!checkpoint.rebuildGeneration)
            return Error::invalidArgument(u"Projection %1 is not being rebuilt."_s.arg(name));
        const qint64 old = checkpoint.generation;
        checkpoint.generation = *checkpoint.rebuildGeneration;
        checkpoint.position = checkpoint.rebuildPosition;
        checkpoint.rebuildGeneration.reset();
        checkpoint.rebuildPosition = 0;
        checkpoint.failedPosition.reset();
        checkpoint.lastError.clear();
        checkpoint.movedAt = now;
        dropGeneration(old);
        break;
    }
    case Action::CancelRebuild:
        if (!checkpoint.rebuildGeneration)
            return Error::invalidArgument(u"Projection %1 is not being rebuilt."_s.arg(name));
        dropGeneration(*checkpoint.rebuildGeneration);
        checkpoint.rebuildGeneration.reset();
        checkpoint.rebuildPosition = 0;
        break;
    case Action::Reset:
        if (checkpoint.rebuildGeneration)
            dropGeneration(*checkpoint.rebuildGeneration);
        dropGeneration(checkpoint.generation);
        checkpoint.position = 0;
        checkpoint.generation += 1;
        checkpoint.rebuildGeneration.reset();
        checkpoint.rebuildPosition = 0;
        checkpoint.failedPosition.reset();
        checkpoint.lastError.clear();
        checkpoint.eventsProcessed = 0;
        checkpoint.movedAt = now;
        break;
    }
    checkpoint.updatedAt = now;
    return {};
}

Status InMemoryReadModels::recordThroughput(const QString& name, double eventsPerSecond)
{
    std::lock_guard lock(m_backend->mutex);
    m_backend->checkpointFor(name).throughput = eventsPerSecond;
    return {};
}

Result<bool> InMemoryReadModels::acquireLease(
    const QString& name, const QString& worker, std::chrono::milliseconds lease)
{
    std::lock_guard lock(m_backend->mutex);
    ProjectionCheckpoint& checkpoint = m_backend->checkpointFor(name);
    const Timestamp now = Timestamp::now();
    const bool mine = checkpoint.leaseHolder == worker;
    if (!checkpoint.leaseHolder.isEmpty() && !mine && now < checkpoint.leaseUntil)
        return false;
    if (!mine)
        checkpoint.leaseSince = now;
    checkpoint.leaseHolder = worker;
    checkpoint.leaseUntil = now.addMicros(qint64(lease.count()) * 1000);
    return true;
}

Status InMemoryReadModels::releaseLease(const QString& name, const QString& worker)
{
    std::lock_guard lock(m_backend->mutex);
    ProjectionCheckpoint& checkpoint = m_backend->checkpointFor(name);
    if (checkpoint.leaseHolder == worker) {
        checkpoint.leaseHolder.clear();
        checkpoint.leaseUntil = {};
        checkpoint.leaseSince = {};
    }
    return {};
}

Result<std::unique_ptr<ReadModelTransaction>> InMemoryReadModels::beginReadModelTransaction(
    const ReadModelSchema& schema, qint64 generation)
{
    if (m_readOnly)
        return Error::make(ErrorKind::StoreReadOnly, u"The in-memory store is open read-only."_s);
    std::lock_guard lock(m_backend->mutex);
    ProjectionCheckpoint& checkpoint = m_backend->checkpointFor(schema.projection);
    const bool rebuilding = checkpoint.rebuildGeneration && *checkpoint.rebuildGeneration == generation;
    if (checkpoint.generation != generation && !rebuilding)
        return Error::make(ErrorKind::ConcurrencyConflict,
            u"Generation %1 of projection %2 is neither live nor being rebuilt."_s.arg(
                QString::number(generation), schema.projection));
    return std::unique_ptr<ReadModelTransaction>(new InMemoryReadModelTransaction(
        m_backend, schema, generation, rebuilding, rebuilding ? checkpoint.rebuildPosition : checkpoint.position));
}

Result<QList<ReadModelRow>> InMemoryReadModels::queryReadModel(
    const ReadModelSchema& schema, const ReadModelQuery& query)
{
    const ReadModelTable* table = schema.table(query.table);
    if (!table)
        return Error::invalidArgument(u"The read model %1 has no table '%2'."_s.arg(schema.projection, query.table));
    if (auto status = checkColumns(*table, query); !status)
        return status.error();
    QList<ReadModelRow> rows;
    {
        std::lock_guard lock(m_backend->mutex);
        const qint64 generation = m_backend->checkpoints.contains(schema.projection)
            ? m_backend->checkpoints.value(schema.projection).generation
            : 1;
        rows = m_backend->readModels.value(ReadModelSql::physicalName(schema.projection, table->name, generation))
                   .values();
    }
    const auto keep = [&](const ReadModelRow& row) {
        for (const auto& condition : query.where) {
            if (!holds(row, condition))
                return false;
        }
        if (query.anyOf.isEmpty())
            return true;
        return std::any_of(query.anyOf.begin(), query.anyOf.end(), [&](const auto& c) { return holds(row, c); });
    };
    const auto order = [&](const ReadModelRow& a, const ReadModelRow& b) {
        for (const auto& entry : query.orderBy) {
            const int c = compareValues(a.value(entry.column), b.value(entry.column));
            if (c != 0)
                return entry.descending ? c > 0 : c < 0;
        }
        return false;
    };
    QList<ReadModelRow> result;
    for (const auto& row : std::as_const(rows)) {
        if (!keep(row))
            continue;
        if (query.after) {
            int c = 0;
            for (qsizetype i = 0; i < query.orderBy.size() && c == 0; ++i)
                c = compareValues(row.value(query.orderBy[i].column), query.after->at(i));
            const bool descending = query.orderBy.constFirst().descending;
            if (descending ? c >= 0 : c <= 0)
                continue;
        }
        result.append(row);
    }
    std::stable_sort(result.begin(), result.end(), order);
    if (query.limit >= 0 && result.size() > query.limit)
        result.resize(query.limit);
    return result;
}

} // namespace flashback
