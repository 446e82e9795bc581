// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandmodebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace flashback {

CommandModeBanner::CommandModeBanner(QWidget* parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_leave(new QPushButton(u"Leave Command Mode"_s, this))
{
    setObjectName(u"commandModeBanner"_s);
    setAccessibleName(u"Command mode"_s);
    // Amber with dark text: readable in light and dark themes, and unlike any message bar's colour.
    setStyleSheet(u"#commandModeBanner { background: #f9a825; } #commandModeBanner QLabel { color: #1a1a1a; }"_s);
    m_text->setWordWrap(true);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(10, 4, 10, 4);
    row->addWidget(m_text, 1);
    row->addWidget(m_leave);
    connect(m_leave, &QPushButton::clicked, this, &CommandModeBanner::leaveRequested);
    hide();
}

void CommandModeBanner::setStore(const QString& address)
{
    m_text->setText(u"<b>Command mode</b> — Execute in the Command console appends events to <b>%1</b>."_s.arg(
        address.toHtmlEscaped()));
}

} // namespace flashback
