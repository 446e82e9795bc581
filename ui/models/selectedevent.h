// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventdetails.h"
#include "requesthandle.h"
#include "util/error.h"

#include <QObject>
#include <QPointer>

#include <optional>

namespace flashback {

class Selection;
class StoreSession;

/// The event the Selection points at, loaded with its payload, metadata and upcast form whenever the selection
/// moves (a newer selection supersedes a read still running).
class SelectedEvent : public QObject {
    Q_OBJECT
public:
    explicit SelectedEvent(QObject* parent = nullptr);

    void setSession(StoreSession* session);
    void setSelection(Selection* selection);
    /// Masked keys and paths on top of the domain's own (those a user configured as sensitive); applied to the
    /// event on show at once.
    void setExtraMaskedKeys(const QStringList& keys);

    const std::optional<EventDetails>& details() const { return m_details; }
    bool isLoading() const { return m_loading; }

Q_SIGNALS:
    /// The selected event, or nullopt when nothing is selected.
    void changed();
    void loadingChanged(bool loading);
    void failed(const flashback::Error& error);

private:
    void load(const QString& streamId, qint64 revision);

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    QStringList m_extraMasked;
    QStringList m_domainMasked; ///< The domain's masked keys for the event on show.
    std::optional<EventDetails> m_details;
    RequestHandle m_request;
    bool m_loading = false;
    bool m_failed = false; ///< The last read failed: it is done again when the connection comes back.
};

} // namespace flashback
