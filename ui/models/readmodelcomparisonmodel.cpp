// SPDX-License-Identifier: GPL-3.0-or-later
#include "readmodelcomparisonmodel.h"

#include "projections/builtinprojections.h"

#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// Top-level items have internal id 0; a child carries its parent's row + 1.
constexpr quintptr TopLevel = 0;

bool hasColumn(const QList<ColumnDifference>& differences, const QString& column)
{
    return std::any_of(differences.cbegin(), differences.cend(),
        [&](const ColumnDifference& difference) { return difference.column == column; });
}

QString statusText(ReadModelComparisonModel::Status status)
{
    switch (status) {
    case ReadModelComparisonModel::Status::Equal:
        return u"equal"_s;
    case ReadModelComparisonModel::Status::Pending:
        return u"not yet projected"_s;
    case ReadModelComparisonModel::Status::Drift:
        return u"drift"_s;
    }
    return {};
}

QString fieldCount(qsizetype count)
{
    return count == 1 ? u"1 field"_s : u"%1 fields"_s.arg(count);
}

} // namespace

ReadModelComparisonModel::ReadModelComparisonModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

void ReadModelComparisonModel::setComparison(const StreamReadModelComparison& comparison)
{
    beginResetModel();
    m_comparison = comparison;
    m_fields.clear();
    const auto projection = builtinProjection(comparison.projection);
    const ReadModelSchema schema = projection ? projection->schema() : ReadModelSchema {};
    for (const StreamRowComparison& row : std::as_const(m_comparison.rows)) {
        QStringList names;
        if (const ReadModelTable* table = schema.table(row.table)) {
            for (const ColumnSpec& column : table->columns)
                names.append(column.name);
        } else { // not a table Flashback knows: the columns either side has
            for (const auto* side : {&row.stored, &row.atHead, &row.atCheckpoint}) {
                if (*side) {
                    for (const QString& name : (*side)->keys()) {
                        if (!names.contains(name))
                            names.append(name);
                    }
                }
            }
        }
        m_fields.append(names);
    }
    endResetModel();
}

void ReadModelComparisonModel::clear()
{
    setComparison({});
}

ReadModelComparisonModel::Status ReadModelComparisonModel::rowStatus(const StreamRowComparison& row)
{
    if (!row.drift.isEmpty() || row.stored.has_value() != row.atCheckpoint.has_value())
        return Status::Drift;
    if (!row.pending.isEmpty() || row.stored.has_value() != row.atHead.has_value())
        return Status::Pending;
    return Status::Equal;
}

ReadModelComparisonModel::Status ReadModelComparisonModel::columnStatus(
    const StreamRowComparison& row, const QString& column)
{
    if (hasColumn(row.drift, column))
        return Status::Drift;
    if (hasColumn(row.pending, column))
        return Status::Pending;
    return Status::Equal;
}

QString ReadModelComparisonModel::valueText(const QVariant& value)
{
    if (!value.isValid() || value.isNull())
        return u"\u2014"_s;
    if (value.metaType().id() == QMetaType::Bool)
        return value.toBool() ? u"true"_s : u"false"_s;
    const QString text = value.toString();
    if (text.startsWith(u'{') || text.startsWith(u'[')) {
        const QJsonDocument json = QJsonDocument::fromJson(text.toUtf8());
        if (!json.isNull())
            return QString::fromUtf8(json.toJson(QJsonDocument::Compact));
    }
    return text;
}

const QStringList& ReadModelComparisonModel::fields(int row) const
{
    return m_fields.at(row);
}

QModelIndex ReadModelComparisonModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, TopLevel);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ReadModelComparisonModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, TopLevel);
}

int ReadModelComparisonModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_comparison.rows.size());
    if (parent.internalId() != TopLevel || parent.column() != 0)
        return 0;
    return int(fields(parent.row()).size());
}

int ReadModelComparisonModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant ReadModelComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == TopLevel)
        return rowData(m_comparison.rows.at(index.row()), index.column(), role);
    const int row = int(index.internalId() - 1);
    return fieldData(m_comparison.rows.at(row), fields(row).at(index.row()), index.column(), role);
}

QVariant ReadModelComparisonModel::rowData(const StreamRowComparison& row, int column, int role) const
{
    const Status status = rowStatus(row);
    if (role == StatusRole)
        return int(status);
    if (role == Qt::ToolTipRole && column == StatusColumn) {
        if (status == Status::Drift)
            return u"The stored row is not what replaying the same events gives: something changed it behind the "
                   u"projection's back, or the projection is not deterministic."_s;
        if (status == Status::Pending)
            return u"Events after the projection's checkpoint will change this row when they are projected."_s;
        return u"The stored row is what replaying its events gives."_s;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case FieldColumn: // the whole line in the Read Model pane (spanned): its key and what is wrong with it
        return u"%1 \u00b7 %2 \u2014 %3"_s.arg(row.table, row.key, rowData(row, StatusColumn, role).toString());
    case StoredColumn:
        return row.stored ? u"stored"_s : u"no row"_s;
    case ReplayedColumn:
        return row.atHead ? u"replayed"_s : u"no row"_s;
    case StatusColumn: {
        if (status == Status::Drift) {
            if (row.stored.has_value() != row.atCheckpoint.has_value())
                return row.stored ? u"drift: no event accounts for this row"_s : u"drift: the row is missing"_s;
            return u"drift in %1"_s.arg(fieldCount(row.drift.size()));
        }
        if (status == Status::Pending)
            return u"%1 not yet projected"_s.arg(fieldCount(row.pending.size()));
        return statusText(status);
    }
    }
    return {};
}

QVariant ReadModelComparisonModel::fieldData(
    const StreamRowComparison& row, const QString& field, int column, int role) const
{
    const Status status = columnStatus(row, field);
    if (role == StatusRole)
        return int(status);
    const QVariant stored = row.stored ? row.stored->value(field) : QVariant();
    const QVariant replayed = row.atHead ? row.atHead->value(field) : QVariant();
    if (role == Qt::ToolTipRole) {
        if (status == Status::Drift) {
            const QVariant expected = row.atCheckpoint ? row.atCheckpoint->value(field) : QVariant();
            return u"Replaying the events up to the checkpoint gives %1; the read model holds %2."_s.arg(
                valueText(expected), valueText(stored));
        }
        if (status == Status::Pending)
            return u"Becomes %1 when the events after the checkpoint are projected."_s.arg(valueText(replayed));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case FieldColumn:
        return field;
    case StoredColumn:
        return valueText(stored);
    case ReplayedColumn:
        return valueText(replayed);
    case StatusColumn:
        return status == Status::Equal ? QString() : statusText(status);
    }
    return {};
}

QVariant ReadModelComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FieldColumn:
        return u"Field"_s;
    case StoredColumn:
        if (m_comparison.rows.isEmpty())
            return u"Read model"_s;
        return u"Read model \u00b7 revision %1"_s.arg(QLocale().toString(m_comparison.revisionAtCheckpoint));
    case ReplayedColumn:
        if (m_comparison.rows.isEmpty())
            return u"Aggregate (replayed)"_s;
        return u"Aggregate \u00b7 revision %1"_s.arg(QLocale().toString(m_comparison.streamRevision));
    case StatusColumn:
        return u"Status"_s;
    }
    return {};
}

} // namespace flashback
