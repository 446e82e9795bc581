// SPDX-License-Identifier: GPL-3.0-or-later
#include "timepicker.h"

#include <QCalendarWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QTimeEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

TimePicker::TimePicker(QWidget* parent)
    : QFrame(parent, Qt::Popup)
    , m_calendar(new QCalendarWidget(this))
    , m_time(new QTimeEdit(this))
    , m_go(new QPushButton(u"Go"_s, this))
{
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(u"Pick a time"_s);
    m_calendar->setGridVisible(true);
    m_time->setDisplayFormat(u"HH:mm:ss"_s);
    m_time->setAccessibleName(u"Time of day"_s);
    m_go->setDefault(true);
    m_go->setToolTip(u"Select the last event at or before this instant"_s);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(u"Time:"_s, this));
    row->addWidget(m_time, 1);
    row->addWidget(m_go);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_calendar);
    layout->addLayout(row);
    const auto go = [this] {
        hide();
        Q_EMIT picked(chosen());
    };
    connect(m_go, &QPushButton::clicked, this, go);
    connect(m_calendar, &QCalendarWidget::activated, this, go); // a double click or Enter on a day
    connect(m_time, &QTimeEdit::editingFinished, this, [this] {
        if (m_time->hasFocus())
            m_go->setFocus();
    });
}

void TimePicker::popUp(QWidget* anchor, const QDateTime& initial, const QTimeZone& zone)
{
    m_zone = zone;
    const QDateTime shown
        = initial.isValid() ? initial.toTimeZone(zone) : QDateTime::currentDateTime().toTimeZone(zone);
    m_initial = shown;
    m_calendar->setSelectedDate(shown.date());
    m_time->setTime(shown.time());
    adjustSize();
    QPoint at = anchor->mapToGlobal(QPoint(anchor->width() - width(), anchor->height()));
    if (const QScreen* screen = anchor->screen()) {
        const QRect room = screen->availableGeometry();
        at.setX(std::clamp(at.x(), room.left(), std::max(room.left(), room.right() - width())));
        if (at.y() + height() > room.bottom())
            at.setY(anchor->mapToGlobal(QPoint(0, 0)).y() - height());
    }
    move(at);
    show();
    m_calendar->setFocus(Qt::PopupFocusReason);
}

QDateTime TimePicker::chosen() const
{
    return QDateTime(m_calendar->selectedDate(), m_time->time(), m_zone);
}

bool TimePicker::isUntouched() const
{
    return chosen() == m_initial.addMSecs(-m_initial.time().msec());
}

} // namespace flashback
