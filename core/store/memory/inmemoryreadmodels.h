// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/readmodelstore.h"

#include <memory>

namespace flashback {

struct MemoryBackend;

/// Read models and checkpoints of an in-memory store: the same semantics as the SQL backends (including query
/// filtering, ordering and keyset paging), under the backend's lock.
class InMemoryReadModels final : public ReadModelStore {
public:
    InMemoryReadModels(std::shared_ptr<MemoryBackend> backend, bool readOnly);

    Result<ProjectionCheckpoint> checkpoint(const QString& name) override;
    Result<QList<ProjectionCheckpoint>> checkpoints() override;
    Status controlProjection(
        const QString& name, const ProjectionControl& control, const ReadModelSchema& schema) override;
    Status recordThroughput(const QString& name, double eventsPerSecond) override;
    Result<bool> acquireLease(const QString& name, const QString& worker, std::chrono::milliseconds lease) override;
    Status releaseLease(const QString& name, const QString& worker) override;
    Result<std::unique_ptr<ReadModelTransaction>> beginReadModelTransaction(
        const ReadModelSchema& schema, qint64 generation) override;
    Result<QList<ReadModelRow>> queryReadModel(const ReadModelSchema& schema, const ReadModelQuery& query) override;

    /// The text a row is stored under: its primary-key values joined.
    static QString keyText(const ReadModelTable& table, const ReadModelRow& row);

private:
    std::shared_ptr<MemoryBackend> m_backend;
    bool m_readOnly;
};

} // namespace flashback
