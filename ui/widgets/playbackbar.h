// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QSlider;
class QToolButton;

namespace flashback {

class OpenStreams;
class Player;
class Selection;

/// Under the timeline: first, previous, play/pause, next, last; a revision slider that moves the selection as it
/// is dragged (every pane follows); the revision shown of how many; and the speed — events per second, or the
/// events' own pace sped up with long gaps compressed (said on the bar when one was).
class PlaybackBar : public QWidget {
    Q_OBJECT
public:
    PlaybackBar(Player* player, Selection* selection, OpenStreams* streams, QWidget* parent = nullptr);

    QSlider* slider() const { return m_slider; }
    QToolButton* playButton() const { return m_play; }
    QToolButton* firstButton() const { return m_first; }
    QToolButton* previousButton() const { return m_previous; }
    QToolButton* nextButton() const { return m_next; }
    QToolButton* lastButton() const { return m_last; }
    QComboBox* speed() const { return m_speed; }
    QLabel* position() const { return m_position; }

private:
    void follow();
    void applySpeed(int choice);
    void step(qint64 delta);
    void jump(bool toLast);

    QPointer<Player> m_player;
    QPointer<Selection> m_selection;
    QPointer<OpenStreams> m_streams;
    QToolButton* m_first;
    QToolButton* m_previous;
    QToolButton* m_play;
    QToolButton* m_next;
    QToolButton* m_last;
    QSlider* m_slider;
    QLabel* m_position;
    QComboBox* m_speed;
    bool m_following = false;
};

} // namespace flashback
