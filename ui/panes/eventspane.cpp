// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventspane.h"

#include "models/eventlistmodel.h"
#include "models/openstreams.h"
#include "models/revisionortime.h"
#include "models/selection.h"
#include "settings.h"
#include "util/timestamp.h"
#include "widgets/elidedlabel.h"
#include "widgets/recordtableview.h"
#include "widgets/timepicker.h"
#include "widgets/timestampdelegate.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

EventsPane::EventsPane(
    StoreSession* session, OpenStreams* streams, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_settings(settings)
    , m_model(new EventListModel(this))
    , m_goTo(new QLineEdit(this))
    , m_pick(new QToolButton(this))
    , m_picker(new TimePicker(this))
    , m_title(new ElidedLabel(this))
    , m_status(new QLabel(this))
    , m_view(new RecordTableView(this))
    , m_timeDelegate(new TimestampDelegate(this))
{
    setObjectName(u"eventsPane"_s);
    setAccessibleName(u"Events"_s);
    m_model->setSession(session);
    m_model->setOpenStreams(streams);
    m_goTo->setPlaceholderText(u"Go to revision or time (Ctrl+G)"_s);
    m_goTo->setAccessibleName(u"Go to revision or time"_s);
    m_goTo->setClearButtonEnabled(true);
    m_goTo->setMaximumWidth(m_goTo->fontMetrics().horizontalAdvance(u'0') * 34);
    m_goTo->setMinimumWidth(m_goTo->fontMetrics().horizontalAdvance(u'0') * 16);
    m_pick->setText(u"Pick…"_s);
    m_pick->setToolTip(u"Pick a date and time on a calendar: the last event at or before it is selected"_s);
    m_pick->setAccessibleName(u"Pick a time"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setAccessibleName(u"Go to result"_s);

    m_view->setModel(m_model);
    m_view->setAccessibleName(u"Event list"_s);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setColumnWidthInDigits(EventListModel::RevisionColumn, 8);
    m_view->setColumnWidthInDigits(EventListModel::TimeColumn, 23);
    m_view->setColumnWidthInDigits(EventListModel::TypeColumn, 22);
    m_view->setColumnWidthInDigits(EventListModel::ActorColumn, 22);
    m_view->setItemDelegateForColumn(EventListModel::TimeColumn, m_timeDelegate);

    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_status);
    top->addWidget(m_goTo);
    top->addWidget(m_pick);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);

    connect(m_pick, &QToolButton::clicked, this, &EventsPane::pickTime);
    connect(m_picker, &TimePicker::picked, this, [this](const QDateTime& instant) {
        // Typed into the field as the zone shows it, so what was picked stays visible and editable.
        m_goTo->setText(instant.toString(u"yyyy-MM-dd HH:mm:ss"_s));
        // Untouched it names the selected event's second, which may fall just before that event: stay on it.
        if (m_picker->isUntouched() || goTo(m_goTo->text()))
            m_view->setFocus();
    });
    connect(m_goTo, &QLineEdit::returnPressed, this, [this] {
        if (goTo(m_goTo->text()))
            m_view->setFocus();
    });
    connect(
        m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (m_syncing || !current.isValid() || !m_selection)
                return;
            m_selection->selectEvent(m_model->streamId(), m_model->revisionAt(current.row()));
        });
    connect(selection, &Selection::currentStreamChanged, this, [this](const QString& stream) {
        m_model->setStream(stream);
        updateTitle();
    });
    connect(selection, &Selection::eventSelected, this, &EventsPane::showSelected);
    connect(streams, &OpenStreams::indexChanged, this, [this](const QString& stream, qint64 added) {
        if (stream != m_model->streamId())
            return;
        updateTitle();
        if (added <= 0)
            showSelected(); // a fresh index: the selection (a deep link) can be shown now
    });
    connect(streams, &OpenStreams::loadingChanged, this, [this](const QString& stream, bool loading) {
        if (stream == m_model->streamId())
            m_status->setText(loading ? u"Loading…"_s : QString());
    });
    m_timeDelegate->setUtc(settings->utc());
    connect(settings, &Settings::utcChanged, this, [this](bool utc) {
        m_timeDelegate->setUtc(utc);
        m_view->viewport()->update();
    });
    updateTitle();
}

void EventsPane::updateTitle()
{
    const QString stream = m_model->streamId();
    if (stream.isEmpty()) {
        m_title->setFullText(u"Choose a stream to see its events."_s);
        return;
    }
    const int rows = m_model->rowCount();
    const QLocale locale;
    const QString count = rows == 1 ? u"1 event"_s : u"%1 events"_s.arg(locale.toString(rows));
    m_title->setFullText(stream + u" · "_s + count, u"<b>%1</b> · %2"_s.arg(stream.toHtmlEscaped(), count));
}

void EventsPane::focusGoTo()
{
    m_goTo->setFocus(Qt::ShortcutFocusReason);
    m_goTo->selectAll();
}

void EventsPane::pickTime()
{
    const bool utc = m_settings && m_settings->utc();
    const QModelIndex current = m_view->currentIndex();
    QDateTime initial;
    if (current.isValid()) {
        const qint64 micros
            = current.siblingAtColumn(EventListModel::TimeColumn).data(EventListModel::TimestampRole).toLongLong();
        initial = Timestamp::fromMicros(micros).toDateTime();
    }
    m_picker->popUp(m_pick, initial, utc ? QTimeZone::utc() : QTimeZone::systemTimeZone());
}

void EventsPane::showSelected()
{
    if (!m_selection || m_selection->currentStream() != m_model->streamId())
        return;
    const int row = m_model->rowOfRevision(m_selection->revision());
    m_syncing = true;
    if (row < 0) {
        m_view->selectionModel()->clearSelection();
    } else {
        const QModelIndex index = m_model->index(row, EventListModel::TypeColumn);
        m_view->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index);
    }
    m_syncing = false;
}

void EventsPane::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount() || !m_selection)
        return;
    m_selection->selectEvent(m_model->streamId(), m_model->revisionAt(row));
}

void EventsPane::step(int step)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int current = m_model->rowOfRevision(m_selection ? m_selection->revision() : 0);
    const int target = current < 0 ? (step > 0 ? 0 : rows - 1) : std::clamp(current + step, 0, rows - 1);
    selectRow(target);
}

void EventsPane::selectFirst()
{
    selectRow(0);
}

void EventsPane::selectLast()
{
    selectRow(m_model->rowCount() - 1);
}

bool EventsPane::goTo(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || m_model->rowCount() == 0)
        return false;
    const RevisionOrTime parsed = RevisionOrTime::parse(trimmed, m_settings && m_settings->utc());
    if (parsed.revision) {
        const qint64 wanted = *parsed.revision;
        const int row = m_model->rowOfRevision(wanted);
        if (row < 0) {
            m_status->setText(u"No revision %1 (1–%2)"_s.arg(wanted).arg(m_model->revisionAt(m_model->rowCount() - 1)));
            return false;
        }
        m_status->clear();
        selectRow(row);
        return true;
    }
    const std::optional<Timestamp> when = parsed.time;
    if (!when) {
        m_status->setText(u"Type a revision (42) or a time (2025-03-17 15:46)"_s);
        return false;
    }
    const int row = m_model->rowAtOrBefore(when->micros());
    if (row < 0) {
        m_status->setText(u"Nothing happened before that time"_s);
        return false;
    }
    m_status->clear();
    selectRow(row);
    return true;
}

} // namespace flashback
