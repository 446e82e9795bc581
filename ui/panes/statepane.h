// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/replaycache.h"
#include "models/requesthandle.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QToolButton;
class QTreeView;
class QWidget;

namespace flashback {

class FieldHistoryModel;
class RecordTableView;
class Selection;
class Settings;
class StateTreeModel;
class StoreSession;

/// The aggregate's state after the selected revision, as a tree with what that revision's event added, changed
/// or removed highlighted (and the objects holding such fields expanded). Answers come from the worker's replay
/// cache, whose build this pane drives a slice at a time while a stream is shown, with its progress, memory and
/// any drifted snapshot on the status line. Masked fields (the domain's and View → Sensitive Fields) show as
/// •••••• until revealed for the revision shown; a masked value is never copied. The Last set column names the
/// event that last set each field, asked for as a request of its own once the state is shown (StateBlame).
class StatePane : public QWidget {
    Q_OBJECT
public:
    StatePane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent = nullptr);

    StateTreeModel* model() const { return m_model; }
    QTreeView* tree() const { return m_tree; }
    QLabel* header() const { return m_header; }
    QLabel* cacheStatus() const { return m_cacheStatus; }
    QToolButton* revealButton() const { return m_reveal; }
    /// The view shown (valid once an answer arrived).
    const StateView& shown() const { return m_view; }
    /// The value or path of `index` as Copy Value / Copy Path put them on the clipboard (masked stays masked).
    QString copyText(const QModelIndex& index, bool path) const;
    /// "Who changed this?" for the field at `path` of the stream shown: its history below the tree.
    void showHistory(const QString& path);
    FieldHistoryModel* historyModel() const { return m_history; }
    RecordTableView* historyView() const { return m_historyView; }
    QLabel* historyTitle() const { return m_historyTitle; }

private:
    void show(const QString& streamId, qint64 revision);
    void requestState();
    void present();
    void buildCache(const QString& streamId);
    void findBlame();
    void presentBlame();
    void updateCacheStatus(const ReplayProgress& progress);
    QStringList maskedKeys() const;

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    QPointer<Settings> m_settings;
    StateTreeModel* m_model;
    QTreeView* m_tree;
    QLabel* m_header;
    QLabel* m_cacheStatus;
    QToolButton* m_reveal;
    FieldHistoryModel* m_history;
    QWidget* m_historyBox;
    QLabel* m_historyTitle;
    RecordTableView* m_historyView;
    RequestHandle m_historyRequest;
    RequestHandle m_request;
    RequestHandle m_building;
    RequestHandle m_blameRequest;
    bool m_stateInFlight = false;
    QString m_wantedStream; ///< The selection's stream and revision: what the next state request asks for.
    qint64 m_wantedRevision = 0;
    QHash<QString, FieldBlame> m_blame;
    bool m_haveBlame = false;
    QString m_valueSizedFor; ///< The stream whose first state sized the Value column.
    QString m_buildingStream;
    StateView m_view;
    bool m_haveView = false;
    bool m_revealed = false;
};

} // namespace flashback
