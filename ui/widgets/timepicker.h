// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QFrame>
#include <QTimeZone>

class QCalendarWidget;
class QPushButton;
class QTimeEdit;

namespace flashback {

/// "Go to time" by pointing: a popup with a calendar and a time of day (to the second) that hands back the
/// instant chosen, in the time zone the window shows (UTC or local), for the Events pane's go-to.
class TimePicker : public QFrame {
    Q_OBJECT
public:
    explicit TimePicker(QWidget* parent = nullptr);

    /// Pops up below `anchor` at `initial` (its date and time of day as shown, in `zone`).
    void popUp(QWidget* anchor, const QDateTime& initial, const QTimeZone& zone);
    /// To the second, as shown.
    QDateTime chosen() const;
    /// Still the initial date and time (which the popup shows to the second only).
    bool isUntouched() const;

    QCalendarWidget* calendar() const { return m_calendar; }
    QTimeEdit* timeEdit() const { return m_time; }
    QPushButton* goButton() const { return m_go; }

Q_SIGNALS:
    void picked(const QDateTime& instant);

private:
    QCalendarWidget* m_calendar;
    QTimeEdit* m_time;
    QPushButton* m_go;
    QTimeZone m_zone;
    QDateTime m_initial;
};

} // namespace flashback
