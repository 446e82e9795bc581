// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace flashback {

class ElidedLabel;
class EventListModel;
class OpenStreams;
class RecordTableView;
class Selection;
class Settings;
class StoreSession;
class TimePicker;
class TimestampDelegate;

/// The current stream's events as a table, in step with the Selection both ways; "go to" takes a revision
/// ("42", "#42") or a time ("2025-03-17 15:46", local or with Z/offset) and selects that event or the last one
/// before the time.
class EventsPane : public QWidget {
    Q_OBJECT
public:
    EventsPane(StoreSession* session, OpenStreams* streams, Selection* selection, Settings* settings,
        QWidget* parent = nullptr);

    EventListModel* model() const { return m_model; }
    RecordTableView* view() const { return m_view; }
    QLineEdit* goToEdit() const { return m_goTo; }
    QToolButton* pickTimeButton() const { return m_pick; }
    TimePicker* timePicker() const { return m_picker; }
    /// Pops up the calendar at the selected event's time.
    void pickTime();
    void focusGoTo();
    /// Selects the event `step` rows from the selected one (←/→ in the window), clamped to the stream.
    void step(int step);
    void selectFirst();
    void selectLast();
    /// Parses `text` as a revision or a time and selects that event; false (with a message) when it cannot.
    bool goTo(const QString& text);

private:
    void showSelected();
    void selectRow(int row);
    void updateTitle();

    QPointer<Selection> m_selection;
    QPointer<Settings> m_settings;
    EventListModel* m_model = nullptr;
    QLineEdit* m_goTo = nullptr;
    QToolButton* m_pick = nullptr;
    TimePicker* m_picker = nullptr;
    ElidedLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    RecordTableView* m_view = nullptr;
    TimestampDelegate* m_timeDelegate = nullptr;
    bool m_syncing = false;
};

} // namespace flashback
