// SPDX-License-Identifier: GPL-3.0-or-later
#include "storestatus.h"

#include "models/storesession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace flashback {

StoreStatus::StoreStatus(StoreSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_address(new QLabel(this))
    , m_mode(new QLabel(this))
    , m_state(new QLabel(this))
    , m_counts(new QLabel(this))
{
    setObjectName(u"storeStatus"_s);
    setAccessibleName(u"Store status"_s);
    m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QLabel* label : {m_address, m_mode, m_state, m_counts})
        layout->addWidget(label);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &StoreStatus::requestStatistics);
    connect(session, &StoreSession::stateChanged, this, &StoreStatus::update);
    connect(session, &StoreSession::opened, this, [this] {
        m_haveStatistics = false;
        requestStatistics();
        update();
    });
    connect(session, &StoreSession::headPositionChanged, this, [this] {
        update();
        if (!m_refresh.isActive())
            m_refresh.start();
    });
    connect(session, &StoreSession::connectionRestored, this, &StoreStatus::requestStatistics);
    update();
}

QString StoreStatus::text() const
{
    QStringList parts;
    for (const QLabel* label : {m_address, m_mode, m_state, m_counts}) {
        if (!label->text().isEmpty())
            parts.append(label->text());
    }
    return parts.join(u" · "_s);
}

void StoreStatus::requestStatistics()
{
    if (!m_session || !m_session->isOpen())
        return;
    m_session->statistics(this, [this](Result<StoreStatistics> statistics) {
        if (!statistics)
            return; // the connection state says why; the counts stay as last seen
        m_statistics = *statistics;
        m_haveStatistics = true;
        update();
    });
}

void StoreStatus::update()
{
    const QLocale locale;
    if (!m_session || m_session->state() == ConnectionState::Closed) {
        m_address->setText(u"No store open"_s);
        m_mode->clear();
        m_state->clear();
        m_counts->clear();
        return;
    }
    const OpenedStore& store = m_session->store();
    m_address->setText(store.address.isEmpty() ? QString() : store.address);
    m_mode->setText(
        store.backend.isEmpty() ? QString() : store.backend + (store.readOnly ? u", read-only"_s : u", writable"_s));
    m_state->setText(connectionStateName(m_session->state()));
    if (m_session->state() == ConnectionState::Reconnecting)
        m_state->setText(u"<b>reconnecting…</b>"_s);
    else if (m_session->state() == ConnectionState::Failed)
        m_state->setText(u"<b>disconnected</b>"_s);
    if (!m_session->isOpen()) {
        m_counts->clear();
        return;
    }
    QString counts = u"head %1"_s.arg(locale.toString(m_session->headPosition()));
    if (m_haveStatistics)
        counts += u" · %1 streams · %2 events"_s.arg(
            locale.toString(m_statistics.streamCount), locale.toString(m_statistics.eventCount));
    m_counts->setText(counts);
}

} // namespace flashback
