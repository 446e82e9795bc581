// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace flashback {

class OpenStreams;
class Selection;
class StreamIndex;

/// Plays the current stream's history like a video: the selection moves one event at a time (so the timeline's
/// playhead, the Events list, the Event and State panes all follow), at a number of events per second, or at the
/// events' own pace sped up, with long quiet spells compressed to at most `maxGap` of playing time. Pauses at the
/// last event, when the stream changes, or when asked.
class Player : public QObject {
    Q_OBJECT
public:
    enum class Timing { EventsPerSecond, Original };

    Player(Selection* selection, OpenStreams* streams, QObject* parent = nullptr);

    /// 1 to 100 events per second.
    void setEventsPerSecond(double rate);
    /// The events' own gaps divided by `speedup` (1 to 100,000), none longer than `maxGap`.
    void setOriginalTiming(double speedup, std::chrono::milliseconds maxGap = std::chrono::seconds(2));
    Timing timing() const { return m_timing; }
    double rate() const { return m_rate; }

    bool isPlaying() const { return m_playing; }
    /// Starts from the selected event (from the first when the last one is selected).
    void play();
    void pause();
    void toggle();

    /// How long to wait before moving from `revision` to the next one, and whether the gap was shortened. Pure:
    /// the timer's interval at these settings.
    static std::chrono::milliseconds delayAfter(const StreamIndex& index, qint64 revision, Timing timing, double rate,
        std::chrono::milliseconds maxGap, bool* compressed = nullptr);
    /// The quiet spells of `index` that playing at the current settings shortens, as [from, to] occurred-at
    /// microseconds: none unless the timing is original.
    QList<std::pair<qint64, qint64>> compressedGaps(const StreamIndex& index) const;

Q_SIGNALS:
    void playingChanged(bool playing);
    /// The timing, its rate or the gap cap changed.
    void timingChanged();
    /// A gap longer than the cap was shortened while playing (original timing): the bar says so.
    void gapCompressed(qint64 revision, std::chrono::milliseconds realGap);

private:
    void advance();
    void schedule();

    QPointer<Selection> m_selection;
    QPointer<OpenStreams> m_streams;
    QTimer m_timer;
    Timing m_timing = Timing::EventsPerSecond;
    double m_rate = 5;
    std::chrono::milliseconds m_maxGap {2000};
    QString m_stream; ///< The stream being played: another one selected pauses.
    bool m_playing = false; ///< Between steps the single-shot timer is idle, so it cannot say.
};

} // namespace flashback
