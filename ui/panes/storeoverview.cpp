// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeoverview.h"

#include "models/storesession.h"
#include "models/timeformat.h"
#include "settings.h"
#include "whodeletedbox.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

StoreOverview::StoreOverview(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_settings(settings)
    , m_title(new QLabel(this))
    , m_figures(new QLabel(this))
    , m_who(new WhoDeletedBox(session, selection, settings, this))
    , m_search(new QPushButton(u"Search Every Event…  Ctrl+F"_s, this))
    , m_streamsHint(new QLabel(this))
{
    setObjectName(u"storeOverview"_s);
    setAccessibleName(u"Store overview"_s);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_figures->setWordWrap(true);
    m_figures->setAccessibleName(u"What the store holds"_s);
    m_search->setAccessibleName(u"Search every event"_s);
    m_search->setToolTip(u"An email, a username, an IP, an id or a word of a reason, across every event"_s);
    m_streamsHint->setWordWrap(true);
    m_streamsHint->setText(u"Or choose a stream in the Streams pane (Ctrl+L filters them) to see its events on a "
                           u"timeline; Ctrl+click several to compare them as swimlanes."_s);

    // A column of readable width in the middle of the space, like the window's own start page.
    auto* column = new QVBoxLayout;
    column->setSpacing(10);
    column->addWidget(m_title);
    column->addWidget(m_figures);
    column->addSpacing(8);
    column->addWidget(m_who);
    column->addWidget(m_search, 0, Qt::AlignLeft);
    column->addSpacing(4);
    column->addWidget(m_streamsHint);
    auto* centred = new QWidget(this);
    centred->setLayout(column);
    centred->setMaximumWidth(fontMetrics().averageCharWidth() * 90);
    // Stretches on both sides rather than an alignment: the column then gets the whole width up to its maximum,
    // and its wrapped labels the height that width needs.
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(centred, 100);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);

    connect(m_search, &QPushButton::clicked, this, &StoreOverview::searchRequested);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &StoreOverview::requestFigures);
    if (session) {
        connect(session, &StoreSession::opened, this, [this](const OpenedStore& store) {
            const QFileInfo file(store.address);
            m_title->setText(store.backend == u"SQLite"_s ? file.fileName() : store.address);
            m_title->setToolTip(store.address);
            m_figures->setText(u"Counting…"_s);
            requestFigures();
        });
        // Counting a large store is not free: while a stream hides this page, new events only mark it stale.
        connect(session, &StoreSession::headPositionChanged, this, [this] {
            if (!isVisible())
                m_stale = true;
            else if (!m_refresh.isActive())
                m_refresh.start();
        });
        connect(session, &StoreSession::connectionRestored, this, &StoreOverview::requestFigures);
    }
}

void StoreOverview::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        requestFigures();
}

void StoreOverview::requestFigures()
{
    m_stale = false;
    if (!m_session)
        return;
    m_session->statistics(this, [this](Result<StoreStatistics> statistics) {
        if (!statistics) {
            m_figures->setText(u"Could not count its events: %1"_s.arg(statistics.error().message));
            return;
        }
        const QLocale locale;
        const bool utc = m_settings && m_settings->utc();
        QString text = statistics->eventCount == 0
            ? u"No events yet."_s
            : u"%1 events in %2 streams"_s.arg(
                locale.toString(statistics->eventCount), locale.toString(statistics->streamCount));
        if (statistics->firstOccurredAt && statistics->lastOccurredAt)
            // To the minute: the span of a store, not the instant of an event.
            text += u", from %1 to %2%3."_s.arg(formatTime(statistics->firstOccurredAt->micros(), utc).left(16),
                formatTime(statistics->lastOccurredAt->micros(), utc).left(16), utc ? u" UTC"_s : QString());
        else if (statistics->eventCount > 0)
            text += u"."_s;
        m_figures->setText(text);
    });
}

} // namespace flashback
