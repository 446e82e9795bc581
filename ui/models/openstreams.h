// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requesthandle.h"
#include "store/readoptions.h"
#include "store/streamindex.h"
#include "util/result.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace flashback {

class Selection;
class StoreSession;
class TimelineBuckets;
struct RecordedEvent;

/// The compact indexes of the streams the Selection has open: loaded off the GUI thread when a stream is opened,
/// grown in place by live commits (one change signal per batch), dropped when it is closed. The timeline draws
/// them; the events list takes its rows, times and types from them without reading a payload.
class OpenStreams : public QObject {
    Q_OBJECT
public:
    explicit OpenStreams(QObject* parent = nullptr);

    void setSession(StoreSession* session);
    void setSelection(Selection* selection);

    /// The streams in the Selection's order.
    QStringList streams() const { return m_order; }
    /// The index of an open stream (empty while it loads), or nullptr when it is not open.
    std::shared_ptr<const StreamIndex> index(const QString& streamId) const;
    /// The timeline buckets built with the index on the worker, or nullptr when there are none or the index grew
    /// since (live events): the timeline then builds them from what it has.
    std::shared_ptr<const TimelineBuckets> buckets(const QString& streamId) const;
    bool isLoading(const QString& streamId) const;
    /// Events read so far and expected in all while `streamId` loads (both 0 when unknown or not loading).
    std::pair<qint64, qint64> loadingProgress(const QString& streamId) const;
    /// Events committed to open streams since the last acknowledge() (the "N new events" badge).
    qint64 unseenEvents() const { return m_unseen; }
    void acknowledge();
    /// Cancels every index read still running (the user pressed Escape); those streams stay open, empty, until
    /// reloadCancelled() (or a live event for them) reads them again.
    void cancelLoading();
    /// Whether the last read of `streamId` was cancelled, leaving it empty.
    bool wasCancelled(const QString& streamId) const;
    void reloadCancelled();

Q_SIGNALS:
    /// The set of open streams changed; their indexes may still be loading.
    void streamsChanged(const QStringList& streams);
    /// A stream's index was loaded, or grew by `added` events at its end (0: replaced wholesale).
    void indexChanged(const QString& streamId, qint64 added);
    void loadingChanged(const QString& streamId, bool loading);
    /// A long read moved on: ask loadingProgress(); a few times a second at most.
    void loadingProgressChanged();
    void unseenEventsChanged(qint64 count);
    void failed(const flashback::Error& error);

private:
    /// A live event for a stream whose index is being read: applied when the read is in.
    struct LiveEvent {
        qint64 revision = 0;
        qint64 position = 0;
        qint64 occurredAt = 0;
        QString type;
    };
    struct Entry {
        std::shared_ptr<StreamIndex> index;
        std::shared_ptr<const TimelineBuckets> buckets;
        RequestHandle request;
        std::shared_ptr<ReadProgress> progress; ///< Of the whole read while it runs.
        bool loading = false;
        bool complete = false; ///< The first read finished.
        bool cancelled = false; ///< The user cancelled the read: empty until loaded again.
        quint64 generation = 0;
        QList<LiveEvent> pending;
    };

    void setStreams(const QStringList& streams);
    void load(const QString& streamId, qint64 fromRevision);
    /// A read ended: the entry for `streamId` when it is still the one that asked and the read succeeded (else
    /// nullptr, the failure reported).
    template <typename T> Entry* finishLoad(const QString& streamId, quint64 generation, const Result<T>& result);
    /// Emits the change of a read that came in (a whole index, or `added` events at its end) and applies the live
    /// events that waited for it.
    void settleLoad(const QString& streamId, Entry& entry, bool whole, qint64 added);
    void onEventsCommitted(const QList<RecordedEvent>& events);
    /// Appends what continues the index; on a gap, reads the rest from the store. Returns the events added.
    qint64 applyLive(const QString& streamId, Entry& entry, const QList<LiveEvent>& events);
    void reloadAll();

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    QStringList m_order;
    QHash<QString, Entry> m_entries;
    quint64 m_generation = 0;
    qint64 m_unseen = 0;
    QTimer m_progressTimer;
};

} // namespace flashback
