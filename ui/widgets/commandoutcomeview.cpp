// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoutcomeview.h"

#include "models/diffmodel.h"
#include "recordtableview.h"
#include "util/jsonmasking.h"

#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QStandardItemModel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString headlineStyle(CommandOutcomeView::Kind kind)
{
    switch (kind) {
    case CommandOutcomeView::Kind::DryRun:
        return u"QLabel { background: #1f5fa8; color: white; padding: 6px; }"_s;
    case CommandOutcomeView::Kind::Executed:
        return u"QLabel { background: #2e7d32; color: white; padding: 6px; }"_s;
    case CommandOutcomeView::Kind::Failed:
        return u"QLabel { background: #b3261e; color: white; padding: 6px; }"_s;
    case CommandOutcomeView::Kind::None:
    case CommandOutcomeView::Kind::Busy:
        break;
    }
    return u"QLabel { padding: 6px; }"_s;
}

QString eventCount(qsizetype count)
{
    return count == 1 ? u"1 event"_s : u"%1 events"_s.arg(count);
}

} // namespace

CommandOutcomeView::CommandOutcomeView(QWidget* parent)
    : QWidget(parent)
    , m_headline(new QLabel(this))
    , m_events(new QStandardItemModel(0, EventColumnCount, this))
    , m_changes(new DiffModel(this))
    , m_eventsView(new RecordTableView(this))
    , m_changesView(new RecordTableView(this))
{
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headline->setAccessibleName(u"Command outcome"_s);
    m_events->setHorizontalHeaderLabels({u"Revision"_s, u"Type"_s, u"Data"_s});
    m_eventsView->setModel(m_events);
    m_eventsView->setAccessibleName(u"Events of the command"_s);
    m_eventsView->setColumnWidthInDigits(RevisionColumn, 8);
    m_eventsView->setColumnWidthInDigits(TypeColumn, 18);
    m_eventsView->horizontalHeader()->setStretchLastSection(true);
    m_eventsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_eventsView->setMaximumHeight(m_eventsView->fontMetrics().height() * 7);
    m_changesView->setModel(m_changes);
    m_changesView->setAccessibleName(u"State changes of the command"_s);
    m_changesView->setColumnWidthInDigits(DiffModel::KindColumn, 9);
    m_changesView->setColumnWidthInDigits(DiffModel::PathColumn, 16);
    m_changesView->setColumnWidthInDigits(DiffModel::BeforeColumn, 20);
    m_changesView->horizontalHeader()->setStretchLastSection(true);

    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_headline);
    column->addWidget(m_eventsView);
    column->addWidget(m_changesView, 1);
    clear();
}

void CommandOutcomeView::setHeadline(Kind kind, const QString& text)
{
    m_kind = kind;
    m_headline->setStyleSheet(headlineStyle(kind));
    m_headline->setText(text);
}

void CommandOutcomeView::clear()
{
    setHeadline(Kind::None, u"Fill in the command, then Dry run to see what it would do, or Execute."_s);
    setEvents({});
    setChanges({});
}

void CommandOutcomeView::showBusy(const QString& text)
{
    setHeadline(Kind::Busy, text);
}

void CommandOutcomeView::showDryRun(const DryRun& run)
{
    if (run.duplicate) {
        setHeadline(Kind::DryRun,
            u"Dry run: this command id was run before, so a real run would append nothing and report the %1 it "
            u"appended then. Nothing was written."_s.arg(eventCount(run.earlierEvents.size())));
        setEvents(run.earlierEvents);
        setChanges({});
        return;
    }
    QString text = u"Dry run: it would append %1 to %2 (revision %3 → %4). Nothing was written."_s
                       .arg(eventCount(run.events.size()), run.createsStream ? u"a new stream"_s : run.streamId)
                       .arg(run.revisionBefore)
                       .arg(run.revisionAfter);
    QStringList also;
    for (const ReservationChange& change : run.reservations) {
        also.append(u"%1 %2 '%3'"_s.arg(
            change.action == ReservationChange::Action::Claim ? u"claims"_s : u"frees"_s, change.scope, change.key));
    }
    for (const OutboxMessage& message : run.outbox)
        also.append(u"queues %1 in the outbox"_s.arg(message.topic));
    if (run.snapshotDue)
        also.append(u"takes a snapshot"_s);
    if (!also.isEmpty())
        text += u" It also "_s + also.join(u", "_s) + u'.';
    setHeadline(Kind::DryRun, text);
    setEvents(run.eventsAsRecorded());
    setChanges(run.changes);
}

void CommandOutcomeView::showExecuted(const CommandResult& result, const QList<JsonChange>& changes)
{
    if (result.duplicate) {
        setHeadline(Kind::Executed,
            u"This command id was run before: nothing was appended; these are the %1 it appended then."_s.arg(
                eventCount(result.events.size())));
    } else {
        setHeadline(Kind::Executed,
            u"Executed: appended %1 to %2, now at revision %3."_s.arg(eventCount(result.events.size()), result.streamId)
                .arg(result.revision));
    }
    setEvents(result.events);
    setChanges(changes);
}

void CommandOutcomeView::showError(const Error& error)
{
    // A code names what the store or the rules refused; a problem found before sending has none to name.
    QString text = error.code.isEmpty() ? error.message : u"%1: %2"_s.arg(error.code, error.message);
    if (error.kind == ErrorKind::DomainRuleViolated || error.kind == ErrorKind::ReservationConflict)
        text += u" Nothing was written."_s;
    setHeadline(Kind::Failed, text);
    setEvents({});
    setChanges({});
}

void CommandOutcomeView::setEvents(const QList<RecordedEvent>& list)
{
    m_events->removeRows(0, m_events->rowCount());
    for (const RecordedEvent& event : list) {
        const QJsonObject data = maskedJson(QJsonDocument::fromJson(event.data).object(), m_masked);
        QList<QStandardItem*> row {new QStandardItem(QString::number(event.revision)), new QStandardItem(event.type),
            new QStandardItem(QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)))};
        row.constLast()->setToolTip(QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Indented)));
        m_events->appendRow(row);
    }
}

void CommandOutcomeView::setChanges(const QList<JsonChange>& changes)
{
    QList<JsonChange> shown = changes;
    for (JsonChange& change : shown) {
        if (!change.before.isUndefined())
            change.before = maskedJsonAt(change.path, change.before, m_masked);
        if (!change.after.isUndefined())
            change.after = maskedJsonAt(change.path, change.after, m_masked);
    }
    m_changes->setChanges(shown);
}

} // namespace flashback
