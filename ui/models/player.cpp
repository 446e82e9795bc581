// SPDX-License-Identifier: GPL-3.0-or-later
#include "player.h"

#include "openstreams.h"
#include "selection.h"
#include "store/streamindex.h"

#include <algorithm>

namespace flashback {

Player::Player(Selection* selection, OpenStreams* streams, QObject* parent)
    : QObject(parent)
    , m_selection(selection)
    , m_streams(streams)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Player::advance);
    if (selection) {
        connect(selection, &Selection::currentStreamChanged, this, [this](const QString& stream) {
            if (isPlaying() && stream != m_stream)
                pause();
        });
    }
}

void Player::setEventsPerSecond(double rate)
{
    m_timing = Timing::EventsPerSecond;
    m_rate = std::clamp(rate, 1.0, 100.0);
    Q_EMIT timingChanged();
}

void Player::setOriginalTiming(double speedup, std::chrono::milliseconds maxGap)
{
    m_timing = Timing::Original;
    m_rate = std::clamp(speedup, 1.0, 100000.0);
    m_maxGap = std::max(maxGap, std::chrono::milliseconds(1));
    Q_EMIT timingChanged();
}

QList<std::pair<qint64, qint64>> Player::compressedGaps(const StreamIndex& index) const
{
    QList<std::pair<qint64, qint64>> gaps;
    if (m_timing != Timing::Original)
        return gaps;
    for (qsizetype at = 0; at + 1 < index.size(); ++at) {
        bool compressed = false;
        delayAfter(index, index.firstRevision + at, m_timing, m_rate, m_maxGap, &compressed);
        if (compressed)
            gaps.append({index.occurredAt[size_t(at)], index.occurredAt[size_t(at + 1)]});
    }
    return gaps;
}

std::chrono::milliseconds Player::delayAfter(const StreamIndex& index, qint64 revision, Timing timing, double rate,
    std::chrono::milliseconds maxGap, bool* compressed)
{
    if (compressed)
        *compressed = false;
    if (timing == Timing::EventsPerSecond)
        return std::chrono::milliseconds(qint64(1000.0 / std::max(rate, 1.0)));
    const qsizetype at = qsizetype(revision - index.firstRevision);
    if (at < 0 || at + 1 >= index.size())
        return std::chrono::milliseconds(0);
    // Backdated events can go back in time: they follow at once.
    const qint64 gapMicros = std::max<qint64>(0, index.occurredAt[size_t(at + 1)] - index.occurredAt[size_t(at)]);
    const auto played = std::chrono::milliseconds(qint64(double(gapMicros) / 1000.0 / std::max(rate, 1.0)));
    if (played > maxGap) {
        if (compressed)
            *compressed = true;
        return maxGap;
    }
    return played;
}

void Player::play()
{
    if (!m_selection || m_selection->currentStream().isEmpty())
        return;
    m_stream = m_selection->currentStream();
    const auto index = m_streams ? m_streams->index(m_stream) : nullptr;
    if (!index || index->size() == 0)
        return;
    if (m_selection->revision() >= index->lastRevision() || m_selection->revision() < index->firstRevision)
        m_selection->selectEvent(m_stream, index->firstRevision);
    m_playing = true;
    Q_EMIT playingChanged(true);
    schedule();
}

void Player::pause()
{
    const bool was = m_playing;
    m_playing = false;
    m_timer.stop();
    if (was)
        Q_EMIT playingChanged(false);
}

void Player::toggle()
{
    if (isPlaying())
        pause();
    else
        play();
}

void Player::schedule()
{
    const auto index = m_streams ? m_streams->index(m_stream) : nullptr;
    if (!index || !m_selection) {
        pause();
        return;
    }
    bool compressed = false;
    const auto delay = delayAfter(*index, m_selection->revision(), m_timing, m_rate, m_maxGap, &compressed);
    if (compressed) {
        const qsizetype at = qsizetype(m_selection->revision() - index->firstRevision);
        Q_EMIT gapCompressed(m_selection->revision(),
            std::chrono::milliseconds((index->occurredAt[size_t(at + 1)] - index->occurredAt[size_t(at)]) / 1000));
    }
    m_timer.start(delay);
}

void Player::advance()
{
    if (!m_playing)
        return;
    const auto index = m_streams ? m_streams->index(m_stream) : nullptr;
    if (!index || !m_selection || m_selection->currentStream() != m_stream) {
        pause();
        return;
    }
    const qint64 next = m_selection->revision() + 1;
    if (next > index->lastRevision()) {
        pause(); // the end of the stream: the last event stays selected
        return;
    }
    m_selection->selectEvent(m_stream, next);
    if (next >= index->lastRevision()) {
        pause();
        return;
    }
    schedule();
}

} // namespace flashback
