// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"
#include "util/timestamp.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace flashback {

class OpenStreams;
class Selection;
class StoreSession;

/// A place in a store that a command line or a ticket can carry: a stream and, at most one of, a revision, an
/// instant (the last event at or before it) or an event id. Without any of them, the stream's newest event.
struct DeepLink {
    QString streamId;
    qint64 revision = 0;
    std::optional<Timestamp> at;
    QString eventId;

    bool isEmpty() const { return streamId.isEmpty(); }
};

/// Takes the window to a DeepLink once the store is open: opens the stream, waits for its index, resolves the
/// revision and selects it. A link that does not resolve is reported in words, never silently ignored.
class DeepLinkNavigator : public QObject {
    Q_OBJECT
public:
    DeepLinkNavigator(StoreSession* session, OpenStreams* streams, Selection* selection, QObject* parent = nullptr);

    /// Goes there now if the store is open, else as soon as it is.
    void navigate(const DeepLink& link);
    /// Opens, as swimlanes beside the current stream, every stream with an event whose payload or metadata holds
    /// `id` (a correlation or causation id), at most `limit` events looked at.
    void openStreamsSharing(const QString& id, qint64 limit = 5000);
    bool isPending() const { return m_pending.has_value(); }

Q_SIGNALS:
    void arrived(const QString& streamId, qint64 revision);
    void relatedOpened(const QString& id, int streams);
    void failed(const flashback::Error& error);

private:
    void start();
    void resolve();
    void findEventId(qint64 fromRevision);
    void fail(const QString& message);

    QPointer<StoreSession> m_session;
    QPointer<OpenStreams> m_streams;
    QPointer<Selection> m_selection;
    std::optional<DeepLink> m_pending;
    QString m_resolvedStream; ///< The link's stream id as the store spells it.
};

} // namespace flashback
