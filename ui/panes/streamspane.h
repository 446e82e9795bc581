// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace flashback {

class RecordTableView;
class Selection;
class Settings;
class StoreSession;
class StreamListModel;
class TimestampDelegate;

/// Every stream of the store, most recently active first (or sorted by any column, in the database), filtered as
/// you type. Choosing streams opens them in the Selection: one in the timeline and the events list, several as
/// swimlanes.
class StreamsPane : public QWidget {
    Q_OBJECT
public:
    StreamsPane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent = nullptr);

    StreamListModel* model() const { return m_model; }
    RecordTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    /// Moves the keyboard focus to the filter, text selected (Ctrl+L, "go to stream").
    void focusFilter();

private:
    void openSelectedStreams();
    void reselectCurrent();
    void updateCount(qint64 count);
    void loadTypes();

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    StreamListModel* m_model = nullptr;
    QLineEdit* m_filter = nullptr;
    QComboBox* m_types = nullptr;
    QLabel* m_count = nullptr;
    RecordTableView* m_view = nullptr;
    TimestampDelegate* m_timeDelegate = nullptr;
    QTimer m_debounce;
    bool m_syncing = false;
};

} // namespace flashback
