// SPDX-License-Identifier: GPL-3.0-or-later
#include "playbackbar.h"

#include "models/openstreams.h"
#include "models/player.h"
#include "models/selection.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

struct SpeedChoice {
    QString label;
    Player::Timing timing;
    double rate;
};

const QList<SpeedChoice>& speedChoices()
{
    static const QList<SpeedChoice> choices {
        {u"1 event/s"_s, Player::Timing::EventsPerSecond, 1},
        {u"2 events/s"_s, Player::Timing::EventsPerSecond, 2},
        {u"5 events/s"_s, Player::Timing::EventsPerSecond, 5},
        {u"10 events/s"_s, Player::Timing::EventsPerSecond, 10},
        {u"25 events/s"_s, Player::Timing::EventsPerSecond, 25},
        {u"100 events/s"_s, Player::Timing::EventsPerSecond, 100},
        {u"Own pace ×10"_s, Player::Timing::Original, 10},
        {u"Own pace ×100"_s, Player::Timing::Original, 100},
        {u"Own pace ×1,000"_s, Player::Timing::Original, 1000},
        {u"Own pace ×100,000"_s, Player::Timing::Original, 100000},
    };
    return choices;
}

constexpr int DefaultSpeed = 2; // 5 events a second: readable, and a 50-event story in ten seconds

} // namespace

PlaybackBar::PlaybackBar(Player* player, Selection* selection, OpenStreams* streams, QWidget* parent)
    : QWidget(parent)
    , m_player(player)
    , m_selection(selection)
    , m_streams(streams)
    , m_first(new QToolButton(this))
    , m_previous(new QToolButton(this))
    , m_play(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_last(new QToolButton(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_position(new QLabel(this))
    , m_speed(new QComboBox(this))
{
    setAccessibleName(u"Playback"_s);
    const auto button = [](QToolButton* b, const QString& text, const QString& name, const QString& tip) {
        b->setText(text);
        b->setAccessibleName(name);
        b->setToolTip(tip);
        b->setAutoRaise(true);
    };
    button(m_first, u"«"_s, u"First event"_s, u"The stream's first event (Home in the timeline)"_s);
    button(m_previous, u"‹"_s, u"Previous event"_s, u"One event back (← in the timeline)"_s);
    button(m_play, u"▶ Play"_s, u"Play"_s, u"Play the stream's history from the selected event (Ctrl+Shift+P)"_s);
    button(m_next, u"›"_s, u"Next event"_s, u"One event on (→ in the timeline)"_s);
    button(m_last, u"»"_s, u"Last event"_s, u"The stream's last event (End in the timeline)"_s);
    m_slider->setAccessibleName(u"Revision"_s);
    m_slider->setToolTip(u"Drag to move through the stream's revisions; every pane follows"_s);
    m_slider->setTracking(true);
    m_position->setAccessibleName(u"Revision shown"_s);
    // Everything here may narrow, so the bar never makes the window wider than a laptop's screen (1024 px): the
    // speed shows its first characters, the position gives way first.
    m_slider->setMinimumWidth(m_slider->fontMetrics().averageCharWidth() * 6);
    m_position->setMinimumWidth(1); // explicit, so it may shrink; it keeps its full width while there is room
    m_speed->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_speed->setMinimumContentsLength(8);
    m_speed->setAccessibleName(u"Playing speed"_s);
    m_speed->setToolTip(u"Events a second, or the events' own pace sped up (gaps over 2 s of playing are "
                        u"compressed to 2 s)"_s);
    for (const SpeedChoice& choice : speedChoices())
        m_speed->addItem(choice.label);
    m_speed->setCurrentIndex(DefaultSpeed);
    applySpeed(DefaultSpeed);

    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    for (QToolButton* b : {m_first, m_previous, m_play, m_next, m_last})
        row->addWidget(b);
    row->addWidget(m_slider, 1);
    row->addWidget(m_position);
    row->addWidget(m_speed);

    connect(m_first, &QToolButton::clicked, this, [this] { jump(false); });
    connect(m_last, &QToolButton::clicked, this, [this] { jump(true); });
    connect(m_previous, &QToolButton::clicked, this, [this] { step(-1); });
    connect(m_next, &QToolButton::clicked, this, [this] { step(1); });
    connect(m_play, &QToolButton::clicked, player, &Player::toggle);
    connect(m_speed, &QComboBox::currentIndexChanged, this, &PlaybackBar::applySpeed);
    connect(m_slider, &QSlider::valueChanged, this, [this](int revision) {
        if (m_following || !m_selection || m_selection->currentStream().isEmpty())
            return;
        m_selection->selectEvent(m_selection->currentStream(), revision);
    });
    connect(player, &Player::playingChanged, this, [this](bool playing) {
        m_play->setText(playing ? u"⏸ Pause"_s : u"▶ Play"_s);
        m_play->setAccessibleName(playing ? u"Pause"_s : u"Play"_s);
    });
    connect(player, &Player::gapCompressed, this, [this](qint64, std::chrono::milliseconds gap) {
        const qint64 hours = gap.count() / 3'600'000;
        m_position->setToolTip(hours >= 48 ? u"A gap of %1 days was shortened to 2 s"_s.arg(hours / 24)
                : hours >= 1               ? u"A gap of %1 h was shortened to 2 s"_s.arg(hours)
                                           : u"A gap of %1 s was shortened to 2 s"_s.arg(gap.count() / 1000));
    });
    connect(selection, &Selection::eventSelected, this, &PlaybackBar::follow);
    connect(selection, &Selection::currentStreamChanged, this, &PlaybackBar::follow);
    connect(streams, &OpenStreams::indexChanged, this, &PlaybackBar::follow);
    follow();
}

void PlaybackBar::applySpeed(int choice)
{
    if (!m_player || choice < 0 || choice >= speedChoices().size())
        return;
    const SpeedChoice& speed = speedChoices().at(choice);
    if (speed.timing == Player::Timing::EventsPerSecond)
        m_player->setEventsPerSecond(speed.rate);
    else
        m_player->setOriginalTiming(speed.rate);
}

void PlaybackBar::follow()
{
    const QString stream = m_selection ? m_selection->currentStream() : QString();
    const auto index = m_streams && !stream.isEmpty() ? m_streams->index(stream) : nullptr;
    const bool usable = index && index->size() > 0;
    for (QWidget* w : std::initializer_list<QWidget*> {m_first, m_previous, m_play, m_next, m_last, m_slider})
        w->setEnabled(usable);
    m_following = true;
    if (usable) {
        // Streams longer than an int are past any screen's resolution; the slider stops at INT_MAX.
        m_slider->setRange(int(index->firstRevision), int(std::min<qint64>(index->lastRevision(), INT_MAX)));
        m_slider->setPageStep(std::max(1, int(index->size() / 20)));
        const qint64 revision = m_selection->revision();
        if (revision > 0)
            m_slider->setValue(int(std::min<qint64>(revision, INT_MAX)));
        const QLocale locale;
        m_position->setText(u"rev %1 of %2"_s.arg(
            locale.toString(std::max<qint64>(revision, 0)), locale.toString(index->lastRevision())));
    } else {
        m_position->setText(QString());
    }
    m_following = false;
}

void PlaybackBar::step(qint64 delta)
{
    if (!m_selection || m_selection->currentStream().isEmpty())
        return;
    const auto index = m_streams ? m_streams->index(m_selection->currentStream()) : nullptr;
    if (!index || index->size() == 0)
        return;
    const qint64 next = std::clamp(m_selection->revision() + delta, index->firstRevision, index->lastRevision());
    m_selection->selectEvent(m_selection->currentStream(), next);
}

void PlaybackBar::jump(bool toLast)
{
    const auto index = m_streams && m_selection ? m_streams->index(m_selection->currentStream()) : nullptr;
    if (!index || index->size() == 0)
        return;
    m_selection->selectEvent(m_selection->currentStream(), toLast ? index->lastRevision() : index->firstRevision);
}

} // namespace flashback
