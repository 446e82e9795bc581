// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readoptions.h"
#include "streamindex.h"
#include "util/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>

#include <atomic>

namespace flashback {

/// Fills a StreamIndex row by row from a backend's result, with the event type as the UTF-8 bytes the database
/// holds. Consecutive events mostly share a type, so a row costs one comparison with the previous row's bytes; a
/// new type is looked up by its bytes and converted to a QString once per stream, never per row.
/// Also watches the caller's cancel flag every few thousand rows, so a long read stops soon after it is set, and
/// tells the caller's `progress` (when given) how far it got, then and when it is done.
class StreamIndexBuilder {
public:
    StreamIndexBuilder(StreamIndex& index, const std::atomic<bool>* cancel, ReadProgress* progress = nullptr);
    ~StreamIndexBuilder();
    StreamIndexBuilder(const StreamIndexBuilder&) = delete;
    StreamIndexBuilder& operator=(const StreamIndexBuilder&) = delete;

    /// True when `cancel` is set: checked before a read begins.
    static bool isCancelled(const std::atomic<bool>* cancel)
    {
        return cancel && cancel->load(std::memory_order_relaxed);
    }
    /// The error a cancelled index read returns.
    static Error cancelled(const QString& streamId);

    /// Capacity for `events` more entries, so a long stream is read without reallocating (a hint: more may come).
    void reserve(qint64 events);

    /// Appends the next revision. False when the read must stop (cancelled, or too many types): see error().
    bool add(qint64 position, qint64 occurredAtMicros, QByteArrayView typeUtf8)
    {
        if ((++m_rows & CancelCheckMask) == 0) {
            if (isCancelled(m_cancel)) {
                m_cancelled = true;
                return false;
            }
            if (m_progress)
                m_progress->done.store(qint64(m_rows), std::memory_order_relaxed);
        }
        if (!m_haveLast || typeUtf8 != QByteArrayView(m_lastType)) {
            if (!switchType(typeUtf8))
                return false;
        }
        m_index.positions.push_back(position);
        m_index.occurredAt.push_back(occurredAtMicros);
        m_index.typeIds.push_back(m_lastId);
        return true;
    }

    /// Why add() returned false.
    Error error() const;

private:
    bool switchType(QByteArrayView typeUtf8);

    /// Rows between looks at the cancel flag (a power of two, minus one): an atomic load per row would be cheap
    /// too, but a read of a few thousand rows takes well under a millisecond.
    static constexpr quint64 CancelCheckMask = 4096 - 1;

    StreamIndex& m_index;
    const std::atomic<bool>* m_cancel = nullptr;
    ReadProgress* m_progress = nullptr;
    quint64 m_rows = 0;
    QHash<QByteArray, quint16> m_ids;
    QByteArray m_lastType;
    quint16 m_lastId = 0;
    bool m_haveLast = false;
    bool m_cancelled = false;
    bool m_tooManyTypes = false;
};

} // namespace flashback
