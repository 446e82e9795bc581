// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelinepane.h"

#include "models/player.h"
#include "widgets/playbackbar.h"

#include "models/openstreams.h"
#include "models/selection.h"
#include "settings.h"
#include "timeline/timelineview.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

TimelinePane::TimelinePane(OpenStreams* streams, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_streams(streams)
    , m_selection(selection)
    , m_view(new TimelineView(this))
    , m_byTime(new QToolButton(this))
    , m_byRevision(new QToolButton(this))
    , m_follow(new QToolButton(this))
    , m_badge(new QToolButton(this))
    , m_loading(new QLabel(this))
    , m_cancel(new QToolButton(this))
    , m_loadAgain(new QToolButton(this))
    , m_empty(new QLabel(u"Choose a stream in the Streams pane to see its events on a timeline.\n"
                         u"Select several (Ctrl+click) to compare them as swimlanes."_s,
          this))
    , m_player(new Player(selection, streams, this))
    , m_playback(new PlaybackBar(m_player, selection, streams, this))
{
    setObjectName(u"timelinePane"_s);
    setAccessibleName(u"Timeline"_s);
    m_view->setAccessibleName(u"Timeline of the open streams"_s);
    m_byTime->setText(u"By time"_s);
    m_byTime->setToolTip(u"Place events by when they occurred"_s);
    m_byRevision->setText(u"By revision"_s);
    m_byRevision->setToolTip(u"Space events evenly by revision, so bursts become readable"_s);
    auto* axis = new QButtonGroup(this);
    for (QToolButton* button : {m_byTime, m_byRevision}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        axis->addButton(button);
    }
    m_byTime->setChecked(true);
    m_follow->setText(u"Follow new events"_s);
    m_follow->setCheckable(true);
    m_follow->setAutoRaise(true);
    m_follow->setToolTip(u"Select each new event of this stream as it is committed"_s);
    m_badge->setAutoRaise(true);
    m_badge->setVisible(false);
    m_badge->setToolTip(u"Events committed since you last looked: show the newest"_s);
    m_loading->setAccessibleName(u"Loading progress"_s);
    m_cancel->setText(u"Cancel"_s);
    m_cancel->setAccessibleName(u"Cancel loading"_s);
    m_cancel->setToolTip(u"Stop reading the stream (Esc)"_s);
    m_loadAgain->setText(u"Load again"_s);
    m_loadAgain->setAutoRaise(true);
    m_loadAgain->setVisible(false);
    m_cancel->setAutoRaise(true);
    m_cancel->setVisible(false);
    static_cast<QLabel*>(m_empty)->setAlignment(Qt::AlignCenter);
    static_cast<QLabel*>(m_empty)->setWordWrap(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_byTime);
    bar->addWidget(m_byRevision);
    bar->addSpacing(12);
    bar->addWidget(m_follow);
    bar->addWidget(m_badge);
    bar->addStretch(1);
    bar->addWidget(m_loading);
    bar->addWidget(m_cancel);
    bar->addWidget(m_loadAgain);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_playback);
    layout->addWidget(m_empty, 1);

    connect(m_byTime, &QToolButton::toggled, this,
        [this](bool on) { m_view->setAxisMode(on ? TimelineView::AxisMode::Time : TimelineView::AxisMode::Revision); });
    connect(m_view, &TimelineView::eventActivated, selection, &Selection::selectEvent);
    connect(selection, &Selection::eventSelected, this, [this](const QString& stream, qint64 revision) {
        if (revision > 0)
            m_view->setSelectedEvent(stream, revision);
        else
            m_view->clearSelection();
    });
    connect(streams, &OpenStreams::streamsChanged, this, &TimelinePane::rebuildLanes);
    connect(m_player, &Player::timingChanged, this, &TimelinePane::updateCompressedGaps);
    connect(selection, &Selection::currentStreamChanged, this, &TimelinePane::updateCompressedGaps);
    connect(streams, &OpenStreams::indexChanged, this, &TimelinePane::onIndexChanged);
    connect(streams, &OpenStreams::loadingChanged, this, &TimelinePane::updateLoading);
    connect(streams, &OpenStreams::loadingProgressChanged, this, &TimelinePane::updateLoading);
    connect(streams, &OpenStreams::unseenEventsChanged, this, &TimelinePane::updateBadge);
    connect(m_badge, &QToolButton::clicked, this, &TimelinePane::jumpToNewest);
    connect(m_cancel, &QToolButton::clicked, streams, &OpenStreams::cancelLoading);
    connect(m_loadAgain, &QToolButton::clicked, streams, &OpenStreams::reloadCancelled);
    connect(m_follow, &QToolButton::toggled, this, [this](bool on) {
        if (on)
            jumpToNewest();
        Q_EMIT followHeadChanged(on);
    });
    m_view->setUtc(settings->utc());
    connect(settings, &Settings::utcChanged, m_view, &TimelineView::setUtc);
    rebuildLanes();
}

bool TimelinePane::followsHead() const
{
    return m_follow->isChecked();
}

void TimelinePane::togglePlay()
{
    m_player->toggle();
}

void TimelinePane::setEmptyPage(QWidget* page)
{
    const bool shown = m_empty->isVisibleTo(this);
    layout()->replaceWidget(m_empty, page);
    delete m_empty;
    m_empty = page;
    page->setParent(this);
    page->setVisible(shown);
}

void TimelinePane::setFollowHead(bool follow)
{
    m_follow->setChecked(follow);
}

void TimelinePane::jumpToNewest()
{
    if (!m_selection || !m_streams)
        return;
    const QString stream = m_selection->currentStream();
    const auto index = m_streams->index(stream);
    if (index && !index->isEmpty())
        m_selection->selectEvent(stream, index->lastRevision());
    m_streams->acknowledge();
}

void TimelinePane::rebuildLanes()
{
    QList<TimelineView::Lane> lanes;
    for (const QString& stream : m_streams->streams())
        lanes.append(TimelineView::Lane {stream, {}, m_streams->index(stream), m_streams->buckets(stream)});
    m_view->setLanes(lanes);
    m_view->setVisible(!lanes.isEmpty());
    m_playback->setVisible(!lanes.isEmpty());
    m_empty->setVisible(lanes.isEmpty());
    if (m_selection && m_selection->revision() > 0)
        m_view->setSelectedEvent(m_selection->currentStream(), m_selection->revision());
    updateLoading();
    updateCompressedGaps();
}

void TimelinePane::onIndexChanged(const QString& streamId, qint64 added)
{
    if (added <= 0) {
        // A lane finished loading: lay them all out again, fitted.
        rebuildLanes();
        return;
    }
    m_view->updateLane(streamId, m_streams->index(streamId));
    if (m_selection && streamId == m_selection->currentStream())
        updateCompressedGaps();
    if (m_follow->isChecked() && m_selection && streamId == m_selection->currentStream())
        jumpToNewest();
}

void TimelinePane::updateCompressedGaps()
{
    const QString stream = m_selection ? m_selection->currentStream() : QString();
    const auto index = stream.isEmpty() || !m_streams ? nullptr : m_streams->index(stream);
    m_view->setCompressedGaps(stream, index ? m_player->compressedGaps(*index) : QList<std::pair<qint64, qint64>>());
}

void TimelinePane::updateBadge(qint64 unseen)
{
    if (m_follow->isChecked() && unseen > 0) {
        m_streams->acknowledge();
        return;
    }
    m_badge->setVisible(unseen > 0);
    m_badge->setText(unseen == 1 ? u"1 new event"_s : u"%1 new events"_s.arg(QLocale().toString(unseen)));
}

void TimelinePane::updateLoading()
{
    int loading = 0;
    int cancelled = 0;
    qint64 done = 0;
    qint64 expected = 0;
    for (const QString& stream : m_streams->streams()) {
        if (m_streams->wasCancelled(stream))
            ++cancelled;
        if (!m_streams->isLoading(stream))
            continue;
        ++loading;
        const auto [read, all] = m_streams->loadingProgress(stream);
        done += read;
        expected += all;
    }
    QString text = loading == 0 ? QString()
        : loading == 1          ? u"Loading the stream…"_s
                                : u"Loading %1 streams…"_s.arg(loading);
    // Counts once there is something to count: a short read ends before the first look.
    if (loading > 0 && expected > 0 && done > 0) {
        const QLocale locale;
        text += u" %1 of %2 events"_s.arg(locale.toString(done), locale.toString(expected));
    }
    if (loading == 0 && cancelled > 0)
        text = cancelled == 1 ? u"Loading cancelled: not shown in full"_s
                              : u"Loading of %1 streams cancelled: not shown in full"_s.arg(cancelled);
    m_loading->setText(text);
    m_cancel->setVisible(loading > 0);
    m_loadAgain->setVisible(loading == 0 && cancelled > 0);
}

} // namespace flashback
