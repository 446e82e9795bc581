// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandconsole.h"

#include "domain/domaincatalog.h"
#include "models/commandhistorymodel.h"
#include "models/openstreams.h"
#include "models/selection.h"
#include "models/storesession.h"
#include "settings.h"
#include "util/actor.h"
#include "widgets/commandformwidget.h"
#include "widgets/commandoutcomeview.h"
#include "widgets/recordtableview.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

CommandConsole::CommandConsole(
    StoreSession* session, Selection* selection, OpenStreams* streams, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_streams(streams)
    , m_settings(settings)
    , m_command(new QComboBox(this))
    , m_description(new QLabel(this))
    , m_stream(new QLineEdit(this))
    , m_useSelected(new QToolButton(this))
    , m_form(new CommandFormWidget(this))
    , m_actor(new QLineEdit(this))
    , m_reasonLabel(new QLabel(u"Why:"_s, this))
    , m_reason(new QLineEdit(this))
    , m_mode(new QCheckBox(u"Command &mode"_s, this))
    , m_notice(new QLabel(this))
    , m_dryRun(new QPushButton(u"&Dry Run"_s, this))
    , m_execute(new QPushButton(u"&Execute"_s, this))
    , m_templates(new QToolButton(this))
    , m_outcome(new CommandOutcomeView(this))
    , m_history(new CommandHistoryModel(this))
    , m_historyView(new RecordTableView(this))
    , m_views(new QTabWidget(this))
{
    for (const CommandSpec& spec : DomainCatalog::builtin().commands())
        m_command->addItem(u"%1 (%2)"_s.arg(spec.name, spec.aggregateType), spec.name);
    m_command->setAccessibleName(u"Command"_s);
    m_description->setWordWrap(true);
    m_stream->setAccessibleName(u"Target stream"_s);
    m_stream->setClearButtonEnabled(true);
    m_useSelected->setText(u"Selected"_s);
    m_useSelected->setToolTip(u"Aim the command at the stream selected in the window (and follow the selection)"_s);
    m_actor->setAccessibleName(u"Actor"_s);
    m_actor->setPlaceholderText(defaultActor());
    m_actor->setToolTip(u"Who the events name as their actor; kept in the settings. Empty: %1"_s.arg(defaultActor()));
    m_actor->setText(settings->commandActor());
    m_reason->setAccessibleName(u"Reason"_s);
    m_reason->setPlaceholderText(u"recorded in the events' metadata"_s);
    m_mode->setToolTip(u"Execute appends to the store only in command mode (Ctrl+Shift+M); dry runs never write"_s);
    m_notice->setWordWrap(true);
    m_notice->setAccessibleName(u"Console notice"_s);
    m_dryRun->setToolTip(u"What the command would append and change, writing nothing (Ctrl+Shift+Return)"_s);
    m_execute->setToolTip(u"Append the command's events to the store (Ctrl+Return)"_s);
    m_templates->setText(u"Templates"_s);
    m_templates->setPopupMode(QToolButton::InstantPopup);
    m_templates->setMenu(new QMenu(m_templates));
    m_historyView->setModel(m_history);
    m_historyView->setAccessibleName(u"Command history"_s);
    m_historyView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_historyView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_historyView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_history->setUtc(settings->utc());

    auto* formArea = new QWidget(this);
    auto* formColumn = new QVBoxLayout(formArea);
    formColumn->addWidget(m_command);
    formColumn->addWidget(m_description);
    auto* target = new QFormLayout;
    target->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* streamRow = new QHBoxLayout;
    streamRow->addWidget(m_stream, 1);
    streamRow->addWidget(m_useSelected);
    target->addRow(u"Stream:"_s, streamRow);
    formColumn->addLayout(target);
    formColumn->addWidget(m_form);
    auto* metadata = new QFormLayout;
    metadata->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    metadata->addRow(u"Actor:"_s, m_actor);
    metadata->addRow(m_reasonLabel, m_reason);
    formColumn->addLayout(metadata);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_mode);
    buttons->addStretch(1);
    buttons->addWidget(m_dryRun);
    buttons->addWidget(m_execute);
    formColumn->addLayout(buttons);
    formColumn->addWidget(m_notice);
    formColumn->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(formArea);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // The outcome and the history share the room beside the form as tabs: one is read right after a run, the
    // other when going back to an earlier command. Nothing here insists on its width, so a small window still
    // fits (the form scrolls instead).
    m_views->setUsesScrollButtons(true);
    m_views->setElideMode(Qt::ElideRight);
    m_views->addTab(m_outcome, u"Outcome"_s);
    m_views->addTab(m_historyView, u"Issued on This Store"_s);
    m_views->setCornerWidget(m_templates, Qt::TopRightCorner);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_views);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    auto* executeKey = new QShortcut(QKeySequence(u"Ctrl+Return"_s), this, this, &CommandConsole::execute);
    executeKey->setContext(Qt::WidgetWithChildrenShortcut);
    auto* dryRunKey = new QShortcut(QKeySequence(u"Ctrl+Shift+Return"_s), this, this, &CommandConsole::dryRun);
    dryRunKey->setContext(Qt::WidgetWithChildrenShortcut);

    connect(m_command, &QComboBox::currentIndexChanged, this, &CommandConsole::showSpec);
    connect(m_form, &CommandFormWidget::changed, this, &CommandConsole::updateState);
    connect(m_stream, &QLineEdit::textEdited, this, [this] { m_followSelection = false; });
    connect(m_useSelected, &QToolButton::clicked, this, [this] {
        m_followSelection = true;
        followSelection();
    });
    connect(m_actor, &QLineEdit::editingFinished, this, [this] {
        if (m_settings)
            m_settings->setCommandActor(m_actor->text());
    });
    connect(m_mode, &QCheckBox::toggled, this, &CommandConsole::setCommandMode);
    connect(m_dryRun, &QPushButton::clicked, this, &CommandConsole::dryRun);
    connect(m_execute, &QPushButton::clicked, this, &CommandConsole::execute);
    connect(m_historyView, &QTableView::customContextMenuRequested, this, &CommandConsole::showHistoryMenu);
    connect(m_historyView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (const IssuedCommand* issued = m_history->entry(index))
            reissue(*issued);
    });
    connect(selection, &Selection::currentStreamChanged, this, &CommandConsole::followSelection);
    connect(session, &StoreSession::opened, this, &CommandConsole::storeChanged);
    connect(session, &StoreSession::stateChanged, this, [this](ConnectionState state) {
        if (state == ConnectionState::Closed || state == ConnectionState::Failed)
            storeChanged();
        else
            updateState();
    });
    connect(settings, &Settings::commandHistoryChanged, this, [this](const QString& address) {
        if (address == storeKey())
            reloadHistory();
    });
    connect(settings, &Settings::commandTemplatesChanged, this, &CommandConsole::reloadTemplates);
    connect(settings, &Settings::utcChanged, m_history, &CommandHistoryModel::setUtc);

    showSpec();
    reloadTemplates();
    storeChanged();
}

const CommandSpec* CommandConsole::spec() const
{
    return DomainCatalog::builtin().command(m_command->currentData().toString());
}

QString CommandConsole::storeKey() const
{
    return m_session ? m_session->linkAddress() : QString();
}

QStringList CommandConsole::maskedKeys() const
{
    QStringList keys = DomainCatalog::builtin().maskedFields();
    if (m_settings)
        keys += m_settings->maskedKeys();
    return keys;
}

void CommandConsole::chooseCommand(const QString& name)
{
    const int index = m_command->findData(name);
    if (index < 0)
        return;
    if (index == m_command->currentIndex())
        showSpec(); // an empty form, as for any other choice
    else
        m_command->setCurrentIndex(index);
}

void CommandConsole::showSpec()
{
    const CommandSpec* chosen = spec();
    if (!chosen)
        return;
    m_description->setText(chosen->description);
    m_form->setSpec(*chosen);
    // A command with a reason field records it as the events' reason too: one box, not two.
    const bool ownReason = chosen->field(u"reason"_s) != nullptr;
    m_reasonLabel->setVisible(!ownReason);
    m_reason->setVisible(!ownReason);
    m_stream->setPlaceholderText(
        chosen->createsStream ? u"empty: a new stream (an id is made for it)"_s : u"select a stream, or type its id"_s);
    if (chosen->createsStream && m_followSelection)
        m_stream->clear(); // creating a user aims at a new stream unless an id is typed
    else
        followSelection();
    updateState();
}

void CommandConsole::followSelection()
{
    if (!m_followSelection || !m_selection)
        return;
    const CommandSpec* chosen = spec();
    if (chosen && chosen->createsStream)
        return;
    m_stream->setText(m_selection->currentStream());
}

void CommandConsole::focusForm()
{
    if (const CommandSpec* chosen = spec(); chosen && !chosen->fields.isEmpty()) {
        if (QWidget* first = m_form->editor(chosen->fields.constFirst().name)) {
            first->setFocus();
            return;
        }
    }
    m_command->setFocus();
}

void CommandConsole::setCommandMode(bool on)
{
    const bool writable = m_session && m_session->isOpen() && !m_session->store().readOnly;
    const bool mode = on && writable;
    if (mode != m_commandMode) {
        m_commandMode = mode;
        Q_EMIT commandModeChanged(mode);
    }
    updateState();
}

void CommandConsole::storeChanged()
{
    // Every store starts outside command mode: switching stores never carries the right to write with it.
    if (m_commandMode) {
        m_commandMode = false;
        Q_EMIT commandModeChanged(false);
    }
    m_request.cancel();
    m_busy = false;
    m_outcome->clear();
    reloadHistory();
    updateState();
}

void CommandConsole::updateState()
{
    const bool open = m_session && m_session->isOpen();
    const bool readOnly = open && m_session->store().readOnly;
    {
        const QSignalBlocker quiet(m_mode);
        m_mode->setChecked(m_commandMode);
    }
    m_mode->setEnabled(open && !readOnly);
    const bool ready = open && spec() && !m_busy;
    m_dryRun->setEnabled(ready);
    m_execute->setEnabled(ready && m_commandMode);
    QString notice;
    if (!open)
        notice = u"Open a store to issue commands."_s;
    else if (readOnly)
        notice = u"This session is read-only (the store refuses every write), so the console runs dry runs only. "
                 u"To execute commands, open the store again without \u201cRead-only session\u201d."_s;
    else if (!m_commandMode)
        notice = u"Dry runs only. Execute needs command mode: tick it above (Ctrl+Shift+M)."_s;
    else
        notice = u"Command mode: Execute appends to %1."_s.arg(m_session->store().address);
    m_notice->setText(notice);
}

IssuedCommand CommandConsole::current() const
{
    IssuedCommand issued;
    const CommandSpec* chosen = spec();
    if (!chosen)
        return issued;
    issued.command = chosen->name;
    issued.streamId = m_stream->text().trimmed();
    issued.fields = m_form->form().publicFields();
    issued.secretFields = m_form->form().givenSecrets();
    issued.actor = m_actor->text().trimmed().isEmpty() ? defaultActor() : m_actor->text().trimmed();
    issued.reason
        = chosen->field(u"reason"_s) ? issued.fields.value(u"reason"_s).toString() : m_reason->text().trimmed();
    return issued;
}

std::optional<Command> CommandConsole::buildCommand()
{
    const CommandSpec* chosen = spec();
    if (!chosen)
        return std::nullopt;
    m_form->showAllProblems();
    auto fields = m_form->form().fields();
    if (!fields) {
        Error error = fields.error();
        error.message = u"Not sent. %1"_s.arg(error.message);
        error.code.clear(); // the form's own finding, not a refusal by the store or the rules
        m_outcome->showError(error);
        return std::nullopt;
    }
    const IssuedCommand issued = current();
    if (issued.streamId.isEmpty() && !chosen->createsStream) {
        Error error = Error::invalidArgument(
            u"Not sent. %1 needs a stream: select one in the window, or type its id."_s.arg(chosen->name));
        error.code.clear();
        m_outcome->showError(error);
        return std::nullopt;
    }
    Command command;
    command.name = chosen->name;
    command.streamId = issued.streamId;
    command.fields = *fields;
    command.metadata.actor = issued.actor;
    command.metadata.reason = issued.reason;
    command.metadata.source = u"flashback"_s;
    return command;
}

void CommandConsole::dryRun()
{
    run(Run::DryRun);
}

void CommandConsole::execute()
{
    run(Run::Execute);
}

void CommandConsole::run(Run kind)
{
    if (m_busy || !m_session || !m_session->isOpen())
        return;
    if (kind == Run::Execute && !m_commandMode) {
        updateState();
        Error refused = Error::make(ErrorKind::StoreReadOnly,
            m_session->store().readOnly ? u"Not sent. This session is read-only: dry runs only."_s
                                        : u"Not sent. Execute needs command mode (Ctrl+Shift+M)."_s);
        refused.code.clear(); // the console's own refusal: nothing reached the store
        m_outcome->showError(refused);
        return;
    }
    auto command = buildCommand();
    if (!command)
        return;
    IssuedCommand issued = current();
    issued.at = QDateTime::currentDateTimeUtc();
    issued.outcome = kind == Run::DryRun ? IssuedCommand::Outcome::DryRun : IssuedCommand::Outcome::Executed;
    issued.dryRun = kind == Run::DryRun;
    m_busy = true;
    updateState();
    m_views->setCurrentWidget(m_outcome);
    m_outcome->setMaskedKeys(maskedKeys());
    if (kind == Run::DryRun) {
        m_outcome->showBusy(u"Deciding %1 against the stream as it is…"_s.arg(command->name));
        m_request = m_session->dryRunCommand(this, *command, [this, issued](const Result<DryRun>& run) mutable {
            if (run) {
                m_outcome->showDryRun(*run);
                issued.resultStream = run->createsStream && issued.streamId.isEmpty() ? QString() : run->streamId;
                issued.revision = run->revisionAfter;
            } else {
                m_outcome->showError(run.error());
                issued.outcome = IssuedCommand::Outcome::Failed;
                issued.errorCode = run.error().code;
                issued.errorMessage = run.error().message;
            }
            finish(issued);
        });
        return;
    }
    m_outcome->showBusy(u"Executing %1…"_s.arg(command->name));
    m_request = m_session->executeCommand(this, *command, [this, issued](const Result<CommandResult>& result) mutable {
        if (result) {
            issued.resultStream = result->streamId;
            issued.revision = result->revision;
            showExecuted(*result);
            m_form->fill(m_form->form().publicFields()); // the secrets were used: they are not kept
        } else {
            issued.outcome = IssuedCommand::Outcome::Failed;
            issued.errorCode = result.error().code;
            issued.errorMessage = result.error().message;
            m_outcome->showError(result.error());
        }
        finish(issued);
    });
}

void CommandConsole::finish(IssuedCommand issued)
{
    m_busy = false;
    if (m_settings)
        m_settings->addIssuedCommand(storeKey(), issued);
    updateState();
}

void CommandConsole::showExecuted(const CommandResult& result)
{
    m_outcome->showExecuted(result, {});
    if (result.events.isEmpty())
        return;
    const qint64 before = result.revision - result.events.size();
    m_session->diffRevisions(this, result.streamId, before, result.revision, maskedKeys(),
        [this, result](const Result<QList<JsonChange>>& changes) {
            if (changes && m_outcome->kind() == CommandOutcomeView::Kind::Executed)
                m_outcome->showExecuted(result, *changes);
        });
    selectWhenShown(result.streamId, result.revision);
}

void CommandConsole::selectWhenShown(const QString& streamId, qint64 revision)
{
    disconnect(m_pendingSelect);
    if (!m_selection || !m_streams)
        return;
    if (!m_streams->streams().contains(streamId)) {
        m_selection->openStreams({streamId}, revision);
        return;
    }
    auto shown = [this, streamId, revision] {
        const auto index = m_streams->index(streamId);
        return index && index->size() > 0 && index->lastRevision() >= revision;
    };
    if (shown()) {
        m_selection->selectEvent(streamId, revision);
        return;
    }
    // The stream is open: its new events arrive with the live feed's next batch.
    m_pendingSelect = connect(m_streams, &OpenStreams::indexChanged, this, [this, streamId, revision, shown] {
        if (!shown())
            return;
        disconnect(m_pendingSelect);
        m_selection->selectEvent(streamId, revision);
    });
}

void CommandConsole::reissue(const IssuedCommand& issued)
{
    const int index = m_command->findData(issued.command);
    if (index < 0)
        return;
    m_command->setCurrentIndex(index);
    showSpec();
    m_form->fill(issued.fields);
    const QString stream = issued.streamId.isEmpty() ? issued.resultStream : issued.streamId;
    m_followSelection = stream.isEmpty();
    if (!m_followSelection || spec()->createsStream)
        m_stream->setText(issued.streamId);
    if (!issued.actor.isEmpty())
        m_actor->setText(issued.actor);
    if (!spec()->field(u"reason"_s))
        m_reason->setText(issued.reason);
    m_outcome->clear();
    if (!issued.secretFields.isEmpty()) {
        m_outcome->showBusy(
            u"Type the secret fields again (%1): secrets are never kept."_s.arg(issued.secretFields.join(u", "_s)));
    }
    focusForm();
}

QString CommandConsole::cliLine(const IssuedCommand& issued) const
{
    return issued.cliLine(storeKey());
}

void CommandConsole::saveTemplate(const QString& name)
{
    if (!m_settings || name.trimmed().isEmpty())
        return;
    IssuedCommand entry = current();
    entry.name = name.trimmed();
    entry.streamId.clear();
    entry.secretFields.clear();
    entry.at = QDateTime::currentDateTimeUtc();
    m_settings->saveCommandTemplate(entry);
}

void CommandConsole::reloadHistory()
{
    m_history->setEntries(m_settings ? m_settings->commandHistory(storeKey()) : QList<IssuedCommand>());
    const int count = m_history->rowCount();
    m_views->setTabText(m_views->indexOf(m_historyView),
        count > 0 ? u"Issued on This Store (%1)"_s.arg(count) : u"Issued on This Store"_s);
}

void CommandConsole::reloadTemplates()
{
    QMenu* menu = m_templates->menu();
    menu->clear();
    const QList<IssuedCommand> saved = m_settings ? m_settings->commandTemplates() : QList<IssuedCommand>();
    for (const IssuedCommand& entry : saved) {
        QAction* use = menu->addAction(u"%1 (%2)"_s.arg(entry.name, entry.command));
        connect(use, &QAction::triggered, this, [this, entry] { reissue(entry); });
    }
    if (saved.isEmpty())
        menu->addAction(u"No templates yet"_s)->setEnabled(false);
    menu->addSeparator();
    menu->addAction(u"Save This Command as a Template…"_s, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, u"Save as Template"_s,
            u"Name (the stream and secrets are not saved):"_s, QLineEdit::Normal, current().command, &ok);
        if (ok)
            saveTemplate(name);
    });
    if (!saved.isEmpty()) {
        QMenu* remove = menu->addMenu(u"Remove Template"_s);
        for (const IssuedCommand& entry : saved)
            remove->addAction(entry.name, this, [this, name = entry.name] { m_settings->removeCommandTemplate(name); });
    }
}

void CommandConsole::showHistoryMenu(const QPoint& at)
{
    const IssuedCommand* chosen = m_history->entry(m_historyView->indexAt(at));
    if (!chosen)
        return;
    const IssuedCommand issued = *chosen;
    QMenu menu(this);
    menu.addAction(u"&Re-issue"_s, this, [this, issued] { reissue(issued); });
    menu.addAction(u"&Copy as flashback-cli Command Line"_s, this,
        [this, issued] { QApplication::clipboard()->setText(cliLine(issued)); });
    menu.exec(m_historyView->viewport()->mapToGlobal(at));
}

} // namespace flashback
