// SPDX-License-Identifier: GPL-3.0-or-later
#include "inmemoryoperatoraudit.h"

#include "memorybackend.h"

using namespace Qt::StringLiterals;

namespace flashback {

InMemoryOperatorAudit::InMemoryOperatorAudit(std::shared_ptr<MemoryBackend> backend, bool readOnly)
    : m_backend(std::move(backend))
    , m_readOnly(readOnly)
{ }

Result<qint64> InMemoryOperatorAudit::recordOperatorAction(const OperatorAction& action)
{
    if (m_readOnly)
        return Error::make(ErrorKind::StoreReadOnly, u"The in-memory store is open read-only."_s);
    if (auto status = action.checkRecordable(); !status)
        return status.error();
    std::lock_guard lock(m_backend->mutex);
    OperatorAction row = action;
    row.id = qint64(m_backend->operatorAudit.size()) + 1;
    if (row.at.micros() == 0)
        row.at = Timestamp::now();
    m_backend->operatorAudit.append(row);
    return row.id;
}

Result<QList<OperatorAction>> InMemoryOperatorAudit::listOperatorActions(const OperatorAuditQuery& query)
{
    std::lock_guard lock(m_backend->mutex);
    QList<OperatorAction> rows;
    for (auto it = m_backend->operatorAudit.crbegin(); it != m_backend->operatorAudit.crend(); ++it) {
        if (qint64(rows.size()) >= query.limit)
            break;
        const OperatorAction& row = *it;
        if ((query.since && row.at < *query.since) || (query.until && !(row.at < *query.until))
            || (!query.actor.isEmpty() && row.actor != query.actor)
            || (!query.actions.isEmpty() && !query.actions.contains(row.action))
            || (!query.result.isEmpty() && row.result != query.result) || (query.beforeId && row.id >= *query.beforeId))
            continue;
        rows.append(row);
    }
    return rows;
}

} // namespace flashback
