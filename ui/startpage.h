// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace flashback {

class Settings;

/// What the window shows before a store is open: open a file, connect to PostgreSQL, open the demo store, or
/// one of the recent stores, each a button with its shortcut.
class StartPage : public QWidget {
    Q_OBJECT
public:
    explicit StartPage(Settings* settings, QWidget* parent = nullptr);

    /// While the demo store is generated: its progress in place of the button's subtitle.
    void setDemoProgress(qint64 written, qint64 planned);
    void setDemoBusy(bool busy);
    QListWidget* recentList() const { return m_recent; }

Q_SIGNALS:
    void openFileRequested();
    void connectRequested();
    void demoRequested();
    void recentRequested(const QString& address);

private:
    void updateRecent(const QStringList& addresses);

    QPushButton* m_open = nullptr;
    QPushButton* m_connect = nullptr;
    QPushButton* m_demo = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_recentTitle = nullptr;
    QListWidget* m_recent = nullptr;
};

} // namespace flashback
