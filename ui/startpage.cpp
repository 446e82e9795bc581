// SPDX-License-Identifier: GPL-3.0-or-later
#include "startpage.h"

#include "settings.h"

#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

StartPage::StartPage(Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_open(new QPushButton(u"Open a store file…\tCtrl+O"_s, this))
    , m_connect(new QPushButton(u"Connect to PostgreSQL…\tCtrl+Shift+O"_s, this))
    , m_demo(new QPushButton(u"Open the demo store"_s, this))
    , m_progress(new QProgressBar(this))
    , m_recentTitle(new QLabel(u"Recent stores"_s, this))
    , m_recent(new QListWidget(this))
{
    setObjectName(u"startPage"_s);
    setAccessibleName(u"Start page"_s);
    auto* title = new QLabel(u"Flashback"_s, this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    title->setFont(big);
    auto* subtitle = new QLabel(
        u"Open an event store to see every stream, find the incident, and read who did what, when and why."_s, this);
    subtitle->setWordWrap(true);
    m_demo->setToolTip(u"A generated store with the incident stories: a deleted account, a suspension, a name "
                       u"change, a 10,000-event stream"_s);
    for (QPushButton* button : {m_open, m_connect, m_demo}) {
        button->setMinimumHeight(button->sizeHint().height() * 3 / 2);
        button->setStyleSheet(u"text-align: left; padding-left: 12px;"_s);
    }
    m_progress->setVisible(false);
    m_progress->setAccessibleName(u"Demo store progress"_s);
    m_progress->setFormat(u"Writing the demo store… %p%"_s);
    m_recent->setAccessibleName(u"Recent stores"_s);
    m_recent->setMaximumHeight(m_recent->fontMetrics().height() * 12);
    m_recentTitle->setBuddy(m_recent);

    auto* column = new QVBoxLayout;
    column->addStretch(1);
    column->addWidget(title);
    column->addWidget(subtitle);
    column->addSpacing(16);
    column->addWidget(m_open);
    column->addWidget(m_connect);
    column->addWidget(m_demo);
    column->addWidget(m_progress);
    column->addSpacing(16);
    column->addWidget(m_recentTitle);
    column->addWidget(m_recent);
    column->addStretch(2);
    auto* centred = new QHBoxLayout(this);
    centred->addStretch(1);
    centred->addLayout(column, 3);
    centred->addStretch(1);

    connect(m_open, &QPushButton::clicked, this, &StartPage::openFileRequested);
    connect(m_connect, &QPushButton::clicked, this, &StartPage::connectRequested);
    connect(m_demo, &QPushButton::clicked, this, &StartPage::demoRequested);
    connect(m_recent, &QListWidget::itemActivated, this,
        [this](QListWidgetItem* item) { Q_EMIT recentRequested(item->text()); });
    connect(settings, &Settings::recentStoresChanged, this, &StartPage::updateRecent);
    updateRecent(settings->recentStores());
}

void StartPage::updateRecent(const QStringList& addresses)
{
    m_recent->clear();
    m_recent->addItems(addresses);
    m_recent->setVisible(!addresses.isEmpty());
    m_recentTitle->setVisible(!addresses.isEmpty());
}

void StartPage::setDemoProgress(qint64 written, qint64 planned)
{
    m_progress->setVisible(true);
    m_progress->setRange(0, 1000);
    m_progress->setValue(planned > 0 ? int(written * 1000 / planned) : 0);
}

void StartPage::setDemoBusy(bool busy)
{
    m_demo->setEnabled(!busy);
    m_progress->setVisible(busy);
    if (busy)
        m_progress->setRange(0, 0);
}

} // namespace flashback
