// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace flashback {

class SelectedEvent;
class Settings;
class StoreSession;
struct EventDetails;

/// The selected event in full: who did it, when, why, in which command and conversation, and its data, as a tree
/// and as raw JSON; the stored form beside the upcast one when they differ. Masked fields show as •••••• until
/// revealed for this one event, and a masked value never goes to the clipboard.
class EventPane : public QWidget {
    Q_OBJECT
public:
    EventPane(StoreSession* session, SelectedEvent* selected, Settings* settings, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return m_tree; }
    /// Type, revision, time, actor and reason of the event on show.
    QLabel* header() const { return m_header; }
    QPlainTextEdit* json() const { return m_json; }
    QToolButton* revealButton() const { return m_reveal; }
    /// The shown event's JSON as the Copy button puts it on the clipboard (masked unless revealed).
    QString clipboardJson() const;
    /// "flashback ADDRESS --stream ID --revision N", the address without its password.
    QString link() const;
    void copyJson();
    void copyLink();
    void copySelectedValue();

Q_SIGNALS:
    /// The user followed a correlation or causation id: open every stream that shares it.
    void relatedStreamsRequested(const QString& id);

private:
    void display(const EventDetails* details);
    void rebuild();
    void addJson(QTreeWidgetItem* parent, const QString& key, const QJsonValue& value);
    QTreeWidgetItem* addFact(QTreeWidgetItem* parent, const QString& name, const QString& value);
    QJsonObject documentShown() const;

    QPointer<StoreSession> m_session;
    QPointer<SelectedEvent> m_selected;
    QPointer<Settings> m_settings;
    QLabel* m_header = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTreeWidget* m_tree = nullptr;
    QPlainTextEdit* m_json = nullptr;
    QPlainTextEdit* m_stored = nullptr;
    QToolButton* m_reveal = nullptr;
    QToolButton* m_copy = nullptr;
    QToolButton* m_copyLink = nullptr;
    QToolButton* m_related = nullptr;
    bool m_revealed = false;
};

} // namespace flashback
