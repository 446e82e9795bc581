// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/commandresult.h"
#include "commands/dryrun.h"
#include "util/error.h"

#include <QWidget>

class QLabel;
class QStandardItemModel;

namespace flashback {

class DiffModel;
class RecordTableView;

/// What the console's last command did or would do: a headline (a dry run and what it would write, the events
/// appended, or the error by its code in plain words), the events, and the state's changes. Values the user has
/// not revealed arrive masked: the view is given the masked keys and applies them before anything is shown.
class CommandOutcomeView : public QWidget {
    Q_OBJECT
public:
    enum class Kind { None, Busy, DryRun, Executed, Failed };
    enum EventColumn { RevisionColumn, TypeColumn, DataColumn, EventColumnCount };

    explicit CommandOutcomeView(QWidget* parent = nullptr);

    void setMaskedKeys(const QStringList& keys) { m_masked = keys; }
    void clear();
    void showBusy(const QString& text);
    void showDryRun(const DryRun& run);
    void showExecuted(const CommandResult& result, const QList<JsonChange>& changes);
    void showError(const Error& error);

    Kind kind() const { return m_kind; }
    QLabel* headline() const { return m_headline; }
    QStandardItemModel* events() const { return m_events; }
    DiffModel* changes() const { return m_changes; }

private:
    void setHeadline(Kind kind, const QString& text);
    void setEvents(const QList<RecordedEvent>& events);
    void setChanges(const QList<JsonChange>& changes);

    Kind m_kind = Kind::None;
    QStringList m_masked;
    QLabel* m_headline;
    QStandardItemModel* m_events;
    DiffModel* m_changes;
    RecordTableView* m_eventsView;
    RecordTableView* m_changesView;
};

} // namespace flashback
