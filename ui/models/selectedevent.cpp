// SPDX-License-Identifier: GPL-3.0-or-later
#include "selectedevent.h"

#include "selection.h"
#include "storesession.h"

using namespace Qt::StringLiterals;

namespace flashback {

SelectedEvent::SelectedEvent(QObject* parent)
    : QObject(parent)
{ }

void SelectedEvent::setSession(StoreSession* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    if (session) {
        // A read that met a dropped connection is done again once the store is back.
        connect(session, &StoreSession::connectionRestored, this, [this] {
            if (m_failed && m_selection)
                load(m_selection->currentStream(), m_selection->revision());
        });
    }
}

void SelectedEvent::setSelection(Selection* selection)
{
    if (m_selection)
        disconnect(m_selection, nullptr, this, nullptr);
    m_selection = selection;
    if (selection)
        connect(selection, &Selection::eventSelected, this, &SelectedEvent::load);
}

void SelectedEvent::setExtraMaskedKeys(const QStringList& keys)
{
    m_extraMasked = keys;
    if (!m_details)
        return;
    // The event on show is masked anew at once: a field just marked sensitive must not stay readable.
    m_details->maskedKeys = m_domainMasked;
    m_details->maskedKeys.append(keys);
    Q_EMIT changed();
}

void SelectedEvent::load(const QString& streamId, qint64 revision)
{
    m_request.cancel();
    m_failed = false;
    if (streamId.isEmpty() || revision <= 0 || !m_session) {
        m_loading = false;
        m_details.reset();
        Q_EMIT loadingChanged(false);
        Q_EMIT changed();
        return;
    }
    m_loading = true;
    Q_EMIT loadingChanged(true);
    m_request = m_session->readEventDetails(this, streamId, revision, [this](Result<std::optional<EventDetails>> read) {
        m_loading = false;
        Q_EMIT loadingChanged(false);
        m_failed = !read;
        if (!read) {
            Q_EMIT failed(read.error());
            return;
        }
        m_details = std::move(*read);
        if (m_details) {
            m_domainMasked = m_details->maskedKeys;
            m_details->maskedKeys.append(m_extraMasked);
        }
        Q_EMIT changed();
    });
}

} // namespace flashback
