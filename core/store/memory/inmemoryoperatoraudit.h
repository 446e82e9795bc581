// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatorauditlog.h"

#include <memory>

namespace flashback {

struct MemoryBackend;

/// The operator audit of an in-memory store, under the backend's lock.
class InMemoryOperatorAudit final : public OperatorAuditLog {
public:
    InMemoryOperatorAudit(std::shared_ptr<MemoryBackend> backend, bool readOnly);
    Result<qint64> recordOperatorAction(const OperatorAction& action) override;
    Result<QList<OperatorAction>> listOperatorActions(const OperatorAuditQuery& query) override;

private:
    std::shared_ptr<MemoryBackend> m_backend;
    bool m_readOnly;
};

} // namespace flashback
