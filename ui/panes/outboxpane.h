// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/requesthandle.h"
#include "outbox/outboxmessage.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <chrono>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace flashback {

class OutboxModel;
class Settings;
class StoreSession;

/// The transactional outbox (ARCHITECTURE.md section 5): how many rows are pending, processing, completed,
/// failed and discarded, the rows with a status and a topic filter, and for a failed one its error, attempts and
/// next attempt. Retry puts a failed or discarded row back to pending; Discard parks a failed one for good; both
/// ask first, and neither is offered in a read-only session. It reloads every 2 seconds while it is shown and
/// when events arrive, keeping the selection.
class OutboxPane : public QWidget {
    Q_OBJECT
public:
    OutboxPane(StoreSession* session, Settings* settings, QWidget* parent = nullptr);

    OutboxModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* statusFilter() const { return m_status; }
    QLineEdit* topicFilter() const { return m_topic; }
    QPushButton* retryButton() const { return m_retry; }
    QPushButton* discardButton() const { return m_discard; }
    QLabel* counts() const { return m_counts; }
    QLabel* details() const { return m_details; }
    QLabel* notice() const { return m_notice; }
    const QHash<OutboxStatus, qint64>& statusCounts() const { return m_statusCounts; }

    /// Loads the rows again now (unless a load is on its way).
    void reload();
    /// Shows only rows of `status` (nullopt: every status).
    void setStatusFilter(std::optional<OutboxStatus> status);
    void selectRow(qint64 id);
    /// The id of the selected row, if any.
    std::optional<qint64> selectedId() const;
    /// Asks, then retries or discards the selected row.
    void retrySelected();
    void discardSelected();
    /// Without asking (after the confirmation; tests).
    void retry(qint64 id);
    void discard(qint64 id);

    static constexpr qint64 PageSize = 500;

Q_SIGNALS:
    /// A load arrived and the pane shows it.
    void reloaded();
    /// A retry or discard was done (`error` empty) or refused.
    void changed(qint64 id, const QString& error);

private:
    void storeChanged();
    void showCounts();
    void showSelection();
    void change(qint64 id, bool retry);
    bool writable() const;

    QPointer<StoreSession> m_session;
    QPointer<Settings> m_settings;
    OutboxModel* m_model;
    QSortFilterProxyModel* m_filtered;
    QComboBox* m_status;
    QLineEdit* m_topic;
    QPushButton* m_retry;
    QPushButton* m_discard;
    QTableView* m_table;
    QLabel* m_counts;
    QLabel* m_details;
    QLabel* m_notice;
    QTimer* m_timer;
    RequestHandle m_load;
    RequestHandle m_change;
    bool m_loading = false;
    QHash<OutboxStatus, qint64> m_statusCounts;
    QString m_loadError;
};

} // namespace flashback
