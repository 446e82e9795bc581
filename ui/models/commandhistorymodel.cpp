// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandhistorymodel.h"

#include "timeformat.h"

using namespace Qt::StringLiterals;

namespace flashback {

void CommandHistoryModel::setEntries(const QList<IssuedCommand>& entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

const IssuedCommand* CommandHistoryModel::entry(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_entries.size())
        return nullptr;
    return &m_entries.at(index.row());
}

void CommandHistoryModel::setUtc(bool utc)
{
    if (m_utc == utc)
        return;
    m_utc = utc;
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(int(m_entries.size()) - 1, TimeColumn), {Qt::DisplayRole});
}

int CommandHistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CommandHistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CommandHistoryModel::data(const QModelIndex& index, int role) const
{
    const IssuedCommand* issued = entry(index);
    if (!issued)
        return {};
    if (role == OutcomeRole)
        return int(issued->outcome);
    const QString stream = issued->resultStream.isEmpty() ? issued->streamId : issued->resultStream;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return formatTime(issued->at, m_utc);
        case CommandColumn:
            return issued->command;
        case StreamColumn:
            return stream.isEmpty() ? u"(new stream)"_s : stream;
        case OutcomeColumn:
            if (issued->outcome == IssuedCommand::Outcome::Failed)
                return issued->dryRun ? issued->errorCode + u" (dry run)"_s : issued->errorCode;
            return u"%1 → r%2"_s.arg(outcomeName(issued->outcome)).arg(issued->revision);
        }
    }
    if (role == Qt::ToolTipRole) {
        QString tip = u"%1 by %2"_s.arg(issued->command, issued->actor);
        if (!issued->reason.isEmpty())
            tip += u"\nReason: "_s + issued->reason;
        if (!issued->secretFields.isEmpty())
            tip += u"\nSecrets given (not kept): "_s + issued->secretFields.join(u", "_s);
        if (issued->outcome == IssuedCommand::Outcome::Failed)
            tip += u"\n%1: %2"_s.arg(issued->errorCode, issued->errorMessage);
        return tip;
    }
    return {};
}

QVariant CommandHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return u"Issued"_s;
    case CommandColumn:
        return u"Command"_s;
    case StreamColumn:
        return u"Stream"_s;
    case OutcomeColumn:
        return u"Outcome"_s;
    }
    return {};
}

} // namespace flashback
