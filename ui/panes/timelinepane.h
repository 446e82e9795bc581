// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QToolButton;

namespace flashback {

class OpenStreams;
class Selection;
class Settings;
class TimelineView;

/// The open streams on the timeline, one lane each, with the axis mode, fit and zoom, "follow the head" and the
/// "N new events" badge. Reads the Selection and writes the event the user picks back into it.
class PlaybackBar;
class Player;

class TimelinePane : public QWidget {
    Q_OBJECT
public:
    TimelinePane(OpenStreams* streams, Selection* selection, Settings* settings, QWidget* parent = nullptr);

    TimelineView* view() const { return m_view; }
    bool followsHead() const;
    void setFollowHead(bool follow);
    /// Selects the newest event of the current stream and clears the badge.
    void jumpToNewest();
    QToolButton* newEventsBadge() const { return m_badge; }
    /// "Loading the stream… N of M events" while an open stream is read, and its Cancel button.
    QLabel* loadingLabel() const { return m_loading; }
    QToolButton* cancelLoadingButton() const { return m_cancel; }
    /// Shown after a cancelled read: reads the cancelled streams again.
    QToolButton* loadAgainButton() const { return m_loadAgain; }

    PlaybackBar* playbackBar() const { return m_playback; }
    Player* player() const { return m_player; }
    /// Play / Pause (Go menu, Ctrl+Shift+P).
    void togglePlay();

    /// Shows `page` (owned by this pane from now on) instead of the hint while no stream is open.
    void setEmptyPage(QWidget* page);

Q_SIGNALS:
    void followHeadChanged(bool follow);

private:
    void rebuildLanes();
    void onIndexChanged(const QString& streamId, qint64 added);
    void updateBadge(qint64 unseen);
    void updateLoading();
    void updateCompressedGaps();

    QPointer<OpenStreams> m_streams;
    QPointer<Selection> m_selection;
    TimelineView* m_view = nullptr;
    QToolButton* m_byTime = nullptr;
    QToolButton* m_byRevision = nullptr;
    QToolButton* m_follow = nullptr;
    QToolButton* m_badge = nullptr;
    QLabel* m_loading = nullptr;
    QToolButton* m_cancel = nullptr;
    QToolButton* m_loadAgain = nullptr;
    QWidget* m_empty = nullptr;
    Player* m_player = nullptr;
    PlaybackBar* m_playback = nullptr; ///< Shown while no stream is open: a hint, or the page setEmptyPage() gave.
};

} // namespace flashback
