// SPDX-License-Identifier: GPL-3.0-or-later
#include "whodeletedbox.h"

#include "models/selection.h"
#include "models/storesession.h"
#include "models/timeformat.h"
#include "search/whodeleted.h"
#include "settings.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

WhoDeletedBox::WhoDeletedBox(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_settings(settings)
    , m_field(new QLineEdit(this))
    , m_ask(new QPushButton(u"Who deleted?"_s, this))
    , m_answer(new QLabel(this))
{
    setAccessibleName(u"Who deleted"_s);
    m_field->setPlaceholderText(u"Who deleted…? an email address or a username"_s);
    m_field->setAccessibleName(u"Email address or username"_s);
    m_field->setClearButtonEnabled(true);
    m_answer->setWordWrap(true);
    m_answer->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_answer->setAccessibleName(u"Who deleted: answer"_s);
    m_answer->setVisible(false);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_field, 1);
    row->addWidget(m_ask);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_answer);
    connect(m_field, &QLineEdit::returnPressed, this, [this] { ask(m_field->text()); });
    connect(m_ask, &QPushButton::clicked, this, [this] { ask(m_field->text()); });
    if (session)
        connect(session, &StoreSession::opened, this, [this] { m_answer->setVisible(false); });
}

void WhoDeletedBox::ask(const QString& emailOrUsername)
{
    if (!m_session || emailOrUsername.trimmed().isEmpty())
        return;
    m_request.cancel();
    const quint64 generation = ++m_generation;
    m_answer->setText(u"Looking for %1…"_s.arg(emailOrUsername.trimmed().toHtmlEscaped()));
    m_answer->setVisible(true);
    m_request = m_session->whoDeleted(this, emailOrUsername, [this, generation](Result<DeletionAnswer> result) {
        if (generation != m_generation)
            return;
        if (!result) {
            m_answer->setText(result.error().message.toHtmlEscaped());
            return;
        }
        show(*result);
    });
}

void WhoDeletedBox::show(const DeletionAnswer& answer)
{
    const QString asked = answer.asked.toHtmlEscaped();
    const bool utc = m_settings && m_settings->utc();
    switch (answer.outcome) {
    case DeletionAnswer::Outcome::NoSuchUser:
        m_answer->setText(u"No user's events mention <b>%1</b>."_s.arg(asked));
        return;
    case DeletionAnswer::Outcome::Ambiguous:
        m_answer->setText(u"%1 users' events mention <b>%2</b>; type the whole email address or username."_s.arg(
            QString::number(answer.candidates.size()), asked));
        return;
    case DeletionAnswer::Outcome::Deleted: {
        const SearchHit& deletion = answer.deletion;
        const QString who = deletion.actor.isEmpty() ? u"someone (no actor recorded)"_s : deletion.actor;
        m_answer->setText(u"<b>%1</b> deleted %2 on %3 — %4"_s.arg(who.toHtmlEscaped(), asked,
            formatTime(deletion.occurredAt.micros(), utc).toHtmlEscaped(), deletion.summary.toHtmlEscaped()));
        if (m_selection)
            m_selection->openStreams({answer.streamId}, deletion.revision);
        return;
    }
    case DeletionAnswer::Outcome::NeverDeleted: {
        const QString status = answer.state.value(u"status"_s).toString();
        m_answer->setText(u"%1 was never deleted; now <b>%2</b> (revision %3)."_s.arg(asked,
            status.isEmpty() ? u"without a status"_s : status.toHtmlEscaped(), QString::number(answer.revision)));
        if (m_selection)
            m_selection->openStreams({answer.streamId}, answer.revision);
        return;
    }
    }
}

} // namespace flashback
