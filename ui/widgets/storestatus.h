// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/readoptions.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace flashback {

class StoreSession;

/// The status bar's account of the open store: its address (never a password), backend, read-only or writable,
/// the connection's state, the head position and the stream and event counts (kept current by live commits).
class StoreStatus : public QWidget {
    Q_OBJECT
public:
    explicit StoreStatus(StoreSession* session, QWidget* parent = nullptr);
    /// The whole line as one string (tests, the accessible description).
    QString text() const;

private:
    void update();
    void requestStatistics();

    QPointer<StoreSession> m_session;
    QLabel* m_address = nullptr;
    QLabel* m_mode = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_counts = nullptr;
    StoreStatistics m_statistics;
    bool m_haveStatistics = false;
    QTimer m_refresh; ///< Coalesces statistics reads after live commits.
};

} // namespace flashback
