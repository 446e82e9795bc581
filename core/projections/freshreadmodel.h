// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projection.h"
#include "readmodels/readmodelstore.h"
#include "util/result.h"

#include <QList>
#include <QString>
#include <QVariant>

#include <memory>
#include <optional>

namespace flashback {

class DomainCatalog;
class InMemoryReadModels;
struct MemoryBackend;

/// A projection's read model built anew in this process's memory from the events fed to it, to compare with the
/// copy a store holds (ARCHITECTURE.md section 6, projection drift). Nothing is written to any store. The
/// projection's handle() is the same code the runner calls, so a difference is drift, not a second opinion.
class FreshReadModel {
public:
    FreshReadModel(std::shared_ptr<Projection> projection, const DomainCatalog& catalog);
    ~FreshReadModel();
    FreshReadModel(const FreshReadModel&) = delete;
    FreshReadModel& operator=(const FreshReadModel&) = delete;

    const Projection& projection() const { return *m_projection; }
    const ReadModelSchema& schema() const { return m_schema; }
    /// The position of the last event fed (0 before any).
    qint64 position() const { return m_position; }
    /// Folds `events`, in position order and after those fed before; events the projection does not handle only
    /// move position(). A handler error is returned as it is, with the event's position and stream named.
    Status feed(const QList<RecordedEvent>& events);
    /// The row of `table` with the primary key of `key`, as the fresh build holds it (a lookup by key).
    Result<std::optional<ReadModelRow>> row(const QString& table, const ReadModelRow& key) const;
    /// Every row of `table` (implicitly shared copies, in the order of their keys' text).
    Result<QList<ReadModelRow>> rows(const QString& table) const;

private:
    std::shared_ptr<Projection> m_projection;
    ReadModelSchema m_schema;
    const DomainCatalog& m_catalog;
    std::shared_ptr<MemoryBackend> m_backend;
    std::unique_ptr<InMemoryReadModels> m_models;
    qint64 m_position = 0;
};

/// A column whose stored value is not the value a fresh build gives.
struct ColumnDifference {
    QString column;
    QVariant stored; ///< Null when the stored row has no value (or there is no stored row).
    QVariant expected;
};

/// The columns of `table` in which the rows differ, in the table's column order. Values compare as the column's
/// type says (SQLite hands booleans back as integers; JSON compares as JSON, not as text).
QList<ColumnDifference> differingColumns(
    const ReadModelTable& table, const ReadModelRow& stored, const ReadModelRow& expected);
/// Every column of `row` as a difference against nothing (a row only one side has).
QList<ColumnDifference> allColumns(const ReadModelTable& table, const ReadModelRow& row, bool rowIsStored);
/// The primary-key columns of `row`.
ReadModelRow primaryKeyOf(const ReadModelTable& table, const ReadModelRow& row);
/// The primary-key values of `row` in key order (a keyset cursor).
QVariantList primaryKeyValues(const ReadModelTable& table, const ReadModelRow& row);
/// "user_id=42" or "a=1, b=x": how a row is named in reports.
QString describeKey(const ReadModelTable& table, const ReadModelRow& row);
/// The stored row of `table` with the primary key of `key` (readers' generation), or nullopt.
Result<std::optional<ReadModelRow>> storedRow(
    ReadModelStore& models, const ReadModelSchema& schema, const ReadModelTable& table, const ReadModelRow& key);
/// A page of a stored table in primary-key order, after the keyset cursor `after`.
Result<QList<ReadModelRow>> storedPage(ReadModelStore& models, const ReadModelSchema& schema,
    const ReadModelTable& table, const std::optional<QVariantList>& after, qint64 limit);

} // namespace flashback
