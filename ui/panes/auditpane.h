// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatoraction.h"
#include "models/requesthandle.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace flashback {

class AuditResultProxy;
class OperatorAuditModel;
class Settings;
class StoreSession;

/// The store's operator audit: every command issued, projection paused, resumed, rebuilt or its rebuild cancelled,
/// and outbox row retried or discarded, from this window, another one or the CLI — who, when, from which host and
/// tool, on what, with what result — newest first, filtered by actor, action, result and time. New rows appear
/// within 2 seconds while it is shown; older ones page in with Load Older.
class AuditPane : public QWidget {
    Q_OBJECT
public:
    AuditPane(StoreSession* session, Settings* settings, QWidget* parent = nullptr);

    OperatorAuditModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLineEdit* actorFilter() const { return m_actor; }
    QComboBox* actionFilter() const { return m_action; }
    QComboBox* resultFilter() const { return m_result; }
    QComboBox* timeFilter() const { return m_time; }
    QPushButton* olderButton() const { return m_older; }
    QLabel* status() const { return m_status; }

    /// The query the filters make (newest first, one page).
    OperatorAuditQuery query() const;
    /// Loads the newest page again now (unless a load is on its way).
    void reload();
    /// Loads the page older than the oldest row shown.
    void loadOlder();

    static constexpr qint64 PageSize = 200;

Q_SIGNALS:
    /// A load arrived and the pane shows it.
    void reloaded();

private:
    void storeChanged();
    void filtersChanged();
    void showStatus();

    QPointer<StoreSession> m_session;
    OperatorAuditModel* m_model;
    AuditResultProxy* m_coloured;
    QLineEdit* m_actor;
    QComboBox* m_action;
    QComboBox* m_result;
    QComboBox* m_time;
    QTableView* m_table;
    QPushButton* m_older;
    QLabel* m_status;
    QTimer* m_timer;
    RequestHandle m_load;
    bool m_loading = false;
    bool m_more = false; ///< The last older page was full: there may be more.
    QString m_error;
};

} // namespace flashback
