// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/command.h"
#include "models/issuedcommand.h"
#include "models/requesthandle.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QToolButton;

namespace flashback {

class CommandFormWidget;
class CommandHistoryModel;
class CommandOutcomeView;
class OpenStreams;
class Selection;
class Settings;
class StoreSession;
struct CommandSpec;

/// Issue commands to the open store: pick a command, fill in the form generated from its CommandSpec (checked
/// as it is typed; secrets masked and never kept), aim it at the selected stream or a new one, and Dry run it
/// (what it would append and change, nothing written) or Execute it (the new events selected in the timeline at
/// once, or the domain error by its code). Execute needs command mode, an explicit switch the window shows with
/// a banner; a read-only session allows dry runs only and says why. The commands issued on this store are kept
/// (re-issue, copy as a flashback-cli command line, save as a template), without their secrets.
class CommandConsole : public QWidget {
    Q_OBJECT
public:
    CommandConsole(StoreSession* session, Selection* selection, OpenStreams* streams, Settings* settings,
        QWidget* parent = nullptr);

    QComboBox* commandChoice() const { return m_command; }
    CommandFormWidget* form() const { return m_form; }
    QLineEdit* streamField() const { return m_stream; }
    QLineEdit* actorField() const { return m_actor; }
    QLineEdit* reasonField() const { return m_reason; }
    QCheckBox* modeSwitch() const { return m_mode; }
    QLabel* notice() const { return m_notice; }
    QPushButton* dryRunButton() const { return m_dryRun; }
    QPushButton* executeButton() const { return m_execute; }
    CommandOutcomeView* outcome() const { return m_outcome; }
    CommandHistoryModel* history() const { return m_history; }
    QTableView* historyView() const { return m_historyView; }
    QToolButton* templatesButton() const { return m_templates; }
    /// The outcome and the history, as tabs beside the form.
    QTabWidget* views() const { return m_views; }

    bool commandMode() const { return m_commandMode; }
    /// Turns command mode on or off; stays off (the notice says why) without a store that takes writes.
    void setCommandMode(bool on);
    /// Chooses the command named `name` (an empty form).
    void chooseCommand(const QString& name);
    void dryRun();
    void execute();
    /// Fills the console with `issued` (command, stream, fields, actor, reason); its secrets must be typed again.
    void reissue(const IssuedCommand& issued);
    /// `issued` as a flashback-cli command line for this store (no password, secrets read from stdin).
    QString cliLine(const IssuedCommand& issued) const;
    /// Saves the command as it is filled in now as a template called `name` (no stream, no secrets).
    void saveTemplate(const QString& name);
    /// The command as it is filled in now, as the history would keep it.
    IssuedCommand current() const;
    /// Puts the keyboard focus on the first field of the form.
    void focusForm();

Q_SIGNALS:
    void commandModeChanged(bool on);

private:
    enum class Run { DryRun, Execute };
    const CommandSpec* spec() const;
    std::optional<Command> buildCommand();
    void run(Run kind);
    void finish(IssuedCommand issued);
    void showSpec();
    void followSelection();
    void updateState();
    void storeChanged();
    void reloadHistory();
    void reloadTemplates();
    void showHistoryMenu(const QPoint& at);
    void showExecuted(const struct CommandResult& result);
    void selectWhenShown(const QString& streamId, qint64 revision);
    QString storeKey() const;
    QStringList maskedKeys() const;

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    QPointer<OpenStreams> m_streams;
    QPointer<Settings> m_settings;
    QComboBox* m_command;
    QLabel* m_description;
    QLineEdit* m_stream;
    QToolButton* m_useSelected;
    CommandFormWidget* m_form;
    QLineEdit* m_actor;
    QLabel* m_reasonLabel;
    QLineEdit* m_reason;
    QCheckBox* m_mode;
    QLabel* m_notice;
    QPushButton* m_dryRun;
    QPushButton* m_execute;
    QToolButton* m_templates;
    CommandOutcomeView* m_outcome;
    CommandHistoryModel* m_history;
    QTableView* m_historyView;
    QTabWidget* m_views;
    bool m_commandMode = false;
    bool m_followSelection = true;
    bool m_busy = false;
    RequestHandle m_request;
    QMetaObject::Connection m_pendingSelect;
};

} // namespace flashback
