// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/requesthandle.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace flashback {

class Selection;
class Settings;
class StoreSession;
struct DeletionAnswer;

/// "Who deleted …?": an email address or a username in, the answer out in one sentence (who, when, why; or the
/// user's current status when nobody deleted them), with the user's stream opened at that event.
class WhoDeletedBox : public QWidget {
    Q_OBJECT
public:
    WhoDeletedBox(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent = nullptr);

    QLineEdit* field() const { return m_field; }
    QLabel* answer() const { return m_answer; }
    void ask(const QString& emailOrUsername);

private:
    void show(const DeletionAnswer& answer);

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    QPointer<Settings> m_settings;
    QLineEdit* m_field = nullptr;
    QPushButton* m_ask = nullptr;
    QLabel* m_answer = nullptr;
    RequestHandle m_request;
    quint64 m_generation = 0;
};

} // namespace flashback
