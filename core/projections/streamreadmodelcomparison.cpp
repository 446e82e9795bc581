// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamreadmodelcomparison.h"

#include "store/eventstore.h"

#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

bool StreamReadModelComparison::drifted() const
{
    return std::any_of(rows.cbegin(), rows.cend(), [](const StreamRowComparison& row) {
        return !row.drift.isEmpty() || row.stored.has_value() != row.atCheckpoint.has_value();
    });
}

namespace {

Status cancelled(const StreamComparisonOptions& options)
{
    if (options.cancel && options.cancel->load())
        return Error::make(ErrorKind::Cancelled, u"The read-model comparison was cancelled."_s);
    return {};
}

/// Folds the stream into `atCheckpoint` (events up to `checkpoint`) and `atHead` (all of them), filling in the
/// stream's side of `comparison`.
Status replayStream(EventStore& store, const QString& streamId, qint64 checkpoint, FreshReadModel& atCheckpoint,
    FreshReadModel& atHead, StreamReadModelComparison& comparison, const StreamComparisonOptions& options)
{
    StreamReadOptions read;
    read.limit = std::max<qint64>(1, options.batchSize);
    for (;;) {
        if (auto status = cancelled(options); !status)
            return status;
        auto events = store.readStream(streamId, read);
        if (!events)
            return events.error();
        QList<RecordedEvent> before;
        for (const RecordedEvent& event : std::as_const(*events)) {
            comparison.streamRevision = event.revision;
            comparison.handlesStream = comparison.handlesStream || atHead.projection().handles(event);
            if (event.position <= checkpoint) {
                before.append(event);
                comparison.revisionAtCheckpoint = event.revision;
            } else {
                if (comparison.eventsBehind++ == 0)
                    comparison.oldestPendingAt = event.recordedAt;
            }
        }
        if (auto status = atCheckpoint.feed(before); !status)
            return status;
        if (auto status = atHead.feed(*events); !status)
            return status;
        if (events->size() < read.limit)
            return {};
        read.fromRevision = events->constLast().revision + 1;
    }
}

/// Key order: numbers as numbers (audit_log's positions), text as text, column by column.
bool keyLess(const ReadModelTable& table, const ReadModelRow& a, const ReadModelRow& b)
{
    for (const QString& column : table.primaryKey) {
        const QVariant x = a.value(column);
        const QVariant y = b.value(column);
        const ColumnSpec* spec = table.column(column);
        if (spec && spec->type == ColumnType::Integer) {
            if (x.toLongLong() != y.toLongLong())
                return x.toLongLong() < y.toLongLong();
        } else if (const int order = x.toString().compare(y.toString()); order != 0) {
            return order < 0;
        }
    }
    return false;
}

/// The keys of the rows either fresh copy holds, in key order, at most maxRows per table (the rest counted).
Result<QList<std::pair<const ReadModelTable*, ReadModelRow>>> rowKeys(
    const FreshReadModel& atCheckpoint, const FreshReadModel& atHead, qint64 maxRows, qint64& notCompared)
{
    QList<std::pair<const ReadModelTable*, ReadModelRow>> keys;
    for (const ReadModelTable& table : atHead.schema().tables) {
        QHash<QString, ReadModelRow> byText;
        for (const FreshReadModel* copy : {&atCheckpoint, &atHead}) {
            auto rows = copy->rows(table.name);
            if (!rows)
                return rows.error();
            for (const ReadModelRow& row : std::as_const(*rows)) {
                const ReadModelRow key = primaryKeyOf(table, row);
                byText.insert(describeKey(table, key), key);
            }
        }
        QList<ReadModelRow> sorted = byText.values();
        std::sort(sorted.begin(), sorted.end(),
            [&](const ReadModelRow& a, const ReadModelRow& b) { return keyLess(table, a, b); });
        for (qsizetype i = 0; i < sorted.size(); ++i) {
            if (i < maxRows)
                keys.append({&table, sorted.at(i)});
            else
                ++notCompared;
        }
    }
    return keys;
}

} // namespace

Result<StreamReadModelComparison> compareStreamWithReadModel(EventStore& store, std::shared_ptr<Projection> projection,
    const QString& streamId, const DomainCatalog& catalog, const StreamComparisonOptions& options)
{
    if (!projection)
        return Error::invalidArgument(u"No projection to compare with."_s);
    auto& models = store.readModels();
    StreamReadModelComparison comparison;
    for (int attempt = 0;; ++attempt) {
        auto before = models.checkpoint(projection->name());
        if (!before)
            return before.error();
        comparison = {};
        comparison.projection = projection->name();
        comparison.streamId = streamId;
        comparison.checkpoint = *before;
        FreshReadModel atCheckpoint(projection, catalog);
        FreshReadModel atHead(projection, catalog);
        if (auto status = replayStream(store, streamId, before->position, atCheckpoint, atHead, comparison, options);
            !status)
            return status.error();
        if (comparison.streamRevision == 0)
            return Error::notFound(u"StreamNotFound"_s, u"There is no stream %1."_s.arg(streamId));
        auto keys = rowKeys(atCheckpoint, atHead, options.maxRows, comparison.rowsNotCompared);
        if (!keys)
            return keys.error();
        for (const auto& [table, key] : std::as_const(*keys)) {
            if (auto status = cancelled(options); !status)
                return status.error();
            StreamRowComparison row;
            row.table = table->name;
            row.key = describeKey(*table, key);
            row.keyValues = key;
            auto stored = storedRow(models, atHead.schema(), *table, key);
            if (!stored)
                return stored.error();
            auto expected = atCheckpoint.row(table->name, key);
            if (!expected)
                return expected.error();
            auto latest = atHead.row(table->name, key);
            if (!latest)
                return latest.error();
            row.stored = *stored;
            row.atCheckpoint = *expected;
            row.atHead = *latest;
            const ReadModelRow none;
            row.drift = differingColumns(*table, row.stored.value_or(none), row.atCheckpoint.value_or(none));
            row.pending = differingColumns(*table, row.stored.value_or(none), row.atHead.value_or(none));
            comparison.rows.append(row);
        }
        auto after = models.checkpoint(projection->name());
        if (!after)
            return after.error();
        const bool still = after->position == before->position && after->generation == before->generation;
        if (still || attempt + 1 >= options.attempts) {
            comparison.settled = still;
            return comparison;
        }
    }
}

} // namespace flashback
