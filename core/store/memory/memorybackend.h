#pragma once

#include "store/commitsignal.h"
#include "store/readoptions.h"
#include "store/unitofwork.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QUuid>

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
    std::shared_ptr<CommitSignal> signal;

    static QString reservationKey(const QString& scope, const QString& key) { return scope + QChar(0x1F) + key; }
};

} // namespace flashback
