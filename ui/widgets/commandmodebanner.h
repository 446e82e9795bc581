// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace flashback {

/// The coloured strip across the top of the window while command mode is on, naming the store the console's
/// commands append to, with the way out of it.
class CommandModeBanner : public QFrame {
    Q_OBJECT
public:
    explicit CommandModeBanner(QWidget* parent = nullptr);

    void setStore(const QString& address);
    QLabel* text() const { return m_text; }
    QPushButton* leaveButton() const { return m_leave; }

Q_SIGNALS:
    void leaveRequested();

private:
    QLabel* m_text;
    QPushButton* m_leave;
};

} // namespace flashback
