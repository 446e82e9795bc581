// SPDX-License-Identifier: GPL-3.0-or-later
#include "fieldhistorymodel.h"

#include "statetreemodel.h"
#include "util/jsonmasking.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString shown(const QJsonValue& value, bool masked)
{
    if (value.isUndefined())
        return u"(none)"_s;
    if (masked)
        return QString::fromUtf16(MaskPlaceholder);
    return StateTreeModel::display(value);
}

} // namespace

void FieldHistoryModel::setHistory(
    const QString& streamId, const QString& path, const QList<FieldChange>& changes, bool masked)
{
    beginResetModel();
    m_streamId = streamId;
    m_path = path;
    m_changes = changes;
    m_masked = masked;
    endResetModel();
}

void FieldHistoryModel::clear()
{
    setHistory({}, {}, {}, false);
}

int FieldHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int FieldHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FieldHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_changes.size())
        return {};
    const FieldChange& change = m_changes.at(index.row());
    if (role == RevisionRole)
        return change.revision;
    if (role == OccurredAtRole)
        return change.occurredAt.micros();
    if (role == Qt::TextAlignmentRole && index.column() == RevisionColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (Column(index.column())) {
    case RevisionColumn:
        return change.revision;
    case TimeColumn:
        // A QDateTime, which the window's TimestampDelegate shows in the zone the user chose.
        return QDateTime::fromMSecsSinceEpoch(change.occurredAt.micros() / 1000, Qt::UTC);
    case TypeColumn:
        return change.eventType;
    case ActorColumn:
        return change.actor;
    case ReasonColumn:
        return change.reason;
    case ChangeColumn:
        return u"%1 → %2"_s.arg(shown(change.before, m_masked), shown(change.after, m_masked));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant FieldHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case RevisionColumn:
        return u"Rev"_s;
    case TimeColumn:
        return u"Occurred"_s;
    case TypeColumn:
        return u"Event"_s;
    case ActorColumn:
        return u"Actor"_s;
    case ReasonColumn:
        return u"Reason"_s;
    case ChangeColumn:
        return u"Before → after"_s;
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace flashback
