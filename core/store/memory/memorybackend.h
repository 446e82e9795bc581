// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatoraction.h"
#include "outbox/outboxmessage.h"
#include "readmodels/projectioncheckpoint.h"
#include "readmodels/readmodeltable.h"
#include "snapshots/snapshot.h"
#include "store/commitsignal.h"
#include "store/readoptions.h"
#include "store/unitofwork.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QUuid>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace flashback {

/// The shared state behind InMemoryEventStore instances. Every member is guarded by `mutex`.
struct MemoryBackend {
    struct Stream {
        StreamInfo info;
        std::vector<qint64> positions; ///< positions[revision - 1]
    };

    QString name;
    mutable std::mutex mutex;
    std::vector<RecordedEvent> events; ///< events[position - 1]
    QSet<QUuid> eventIds;
    QHash<QString, Stream> streams;
    QHash<QString, QString> reservations; ///< "scope\x1Fkey" -> owner stream
    QHash<QString, CommandRecordInfo> commands;
    QHash<QString, QMap<qint64, Snapshot>> snapshots; ///< stream -> revision -> snapshot
    std::map<qint64, OutboxEntry> outbox;
    QSet<QString> outboxKeys;
    qint64 nextOutboxId = 1;
    QHash<QString, ProjectionCheckpoint> checkpoints;
    /// Physical read-model table name -> primary-key text -> row.
    QHash<QString, QMap<QString, ReadModelRow>> readModels;
    QList<OperatorAction> operatorAudit; ///< Oldest first; id = index + 1.
    std::shared_ptr<CommitSignal> signal;

    /// The checkpoint row of a projection, created at position 0 when missing.
    ProjectionCheckpoint& checkpointFor(const QString& projection);

    static QString reservationKey(const QString& scope, const QString& key) { return scope + QChar(0x1F) + key; }
};

} // namespace flashback
