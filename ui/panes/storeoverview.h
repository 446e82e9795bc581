// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace flashback {

class Selection;
class Settings;
class StoreSession;
class WhoDeletedBox;

/// The start page of an open store, where the timeline will be once a stream is chosen: what the store holds
/// (events, streams, the time they span), the "Who deleted …?" box for the most common ticket, and the ways in
/// (search every event, choose a stream). Nothing here touches the store but through the session.
class StoreOverview : public QWidget {
    Q_OBJECT
public:
    StoreOverview(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent = nullptr);

    WhoDeletedBox* whoDeleted() const { return m_who; }
    QLabel* title() const { return m_title; }
    QLabel* figures() const { return m_figures; }
    QPushButton* searchButton() const { return m_search; }

Q_SIGNALS:
    /// "Search every event…": the window shows the Search pane with its field focused.
    void searchRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void requestFigures();

    QPointer<StoreSession> m_session;
    QPointer<Settings> m_settings;
    QLabel* m_title;
    QLabel* m_figures;
    WhoDeletedBox* m_who;
    QPushButton* m_search;
    QLabel* m_streamsHint;
    QTimer m_refresh; ///< New events update the figures at most once a second.
    bool m_stale = false; ///< Events arrived while hidden.
};

} // namespace flashback
