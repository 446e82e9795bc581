// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamspane.h"

#include "models/selection.h"
#include "models/storesession.h"
#include "models/streamlistmodel.h"
#include "settings.h"
#include "widgets/recordtableview.h"
#include "widgets/timestampdelegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

StreamsPane::StreamsPane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_model(new StreamListModel(this))
    , m_filter(new QLineEdit(this))
    , m_types(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_view(new RecordTableView(this))
    , m_timeDelegate(new TimestampDelegate(this))
{
    setObjectName(u"streamsPane"_s);
    setAccessibleName(u"Streams"_s);
    m_filter->setPlaceholderText(u"Filter streams by id or type (Ctrl+L)"_s);
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(u"Stream filter"_s);
    m_types->setAccessibleName(u"Aggregate type"_s);
    m_types->addItem(u"All types"_s, QString());
    m_types->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_count->setAccessibleName(u"Stream count"_s);

    m_view->setModel(m_model);
    m_view->setAccessibleName(u"Stream list"_s);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(StreamListModel::LastActivityColumn, Qt::DescendingOrder);
    // Stream ids are often UUIDs: elided in the middle, both ends stay readable and the columns that tell the
    // story (type, count, last activity, last event) fit beside them.
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setColumnWidthInDigits(StreamListModel::AggregateTypeColumn, 8);
    m_view->setColumnWidthInDigits(StreamListModel::EventsColumn, 7);
    m_view->setColumnWidthInDigits(StreamListModel::LastActivityColumn, 23);
    m_view->setElasticColumn(StreamListModel::StreamIdColumn, 12, 36);
    m_view->setItemDelegateForColumn(StreamListModel::FirstActivityColumn, m_timeDelegate);
    m_view->setItemDelegateForColumn(StreamListModel::LastActivityColumn, m_timeDelegate);
    m_view->setColumnHidden(StreamListModel::FirstActivityColumn, true);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_types);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(m_filter, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, [this] { m_model->setFilterText(m_filter->text().trimmed()); });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_debounce.stop();
        m_model->setFilterText(m_filter->text().trimmed());
        m_view->setFocus();
        if (m_model->rowCount() > 0 && !m_view->selectionModel()->hasSelection())
            m_view->selectRow(0);
    });
    connect(m_types, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setAggregateType(m_types->currentData().toString()); });
    connect(m_model, &StreamListModel::totalCountChanged, this, &StreamsPane::updateCount);
    connect(m_model, &StreamListModel::pageLoaded, this, [this] { reselectCurrent(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &StreamsPane::openSelectedStreams);
    connect(m_view, &QTableView::activated, this, &StreamsPane::openSelectedStreams);
    m_timeDelegate->setUtc(settings->utc());
    connect(settings, &Settings::utcChanged, this, [this](bool utc) {
        m_timeDelegate->setUtc(utc);
        m_view->viewport()->update();
    });
    connect(session, &StoreSession::opened, this, &StreamsPane::loadTypes);
    // Streams opened elsewhere (a link, swimlanes from the Event pane) show as the list's selection too.
    connect(selection, &Selection::openStreamsChanged, this, &StreamsPane::reselectCurrent);
    m_model->setSession(session);
}

void StreamsPane::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void StreamsPane::loadTypes()
{
    if (!m_session)
        return;
    m_session->aggregateTypes(this, [this](Result<QStringList> types) {
        if (!types)
            return; // the list still works without the type filter; the stream query reports real problems
        const QString current = m_types->currentData().toString();
        const QSignalBlocker block(m_types);
        m_types->clear();
        m_types->addItem(u"All types"_s, QString());
        for (const QString& type : *types)
            m_types->addItem(type, type);
        m_types->setCurrentIndex(std::max(0, m_types->findData(current)));
        m_types->setVisible(types->size() > 1);
    });
}

void StreamsPane::updateCount(qint64 count)
{
    if (count < 0) {
        m_count->setText(m_session && m_session->isOpen() ? u"Counting streams…"_s : QString());
        return;
    }
    const QLocale locale;
    QString text = count == 1 ? u"1 stream"_s : u"%1 streams"_s.arg(locale.toString(count));
    if (!m_model->query().text.isEmpty() || !m_model->query().aggregateType.isEmpty())
        text += u" match"_s;
    m_count->setText(text);
}

void StreamsPane::openSelectedStreams()
{
    if (m_syncing || !m_selection)
        return;
    QStringList streams;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(StreamListModel::StreamIdColumn);
    // Current row first: it becomes the current stream of the Selection.
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && m_view->selectionModel()->isRowSelected(current.row(), {})) {
        const QString id = current.siblingAtColumn(0).data(StreamListModel::StreamIdRole).toString();
        if (!id.isEmpty())
            streams.append(id);
    }
    for (const QModelIndex& row : rows) {
        const QString id = row.data(StreamListModel::StreamIdRole).toString();
        if (!id.isEmpty() && !streams.contains(id))
            streams.append(id);
    }
    if (streams.isEmpty() || streams == m_selection->openStreams())
        return;
    m_selection->openStreams(streams);
}

void StreamsPane::reselectCurrent()
{
    // After a reload, rows may have moved: the row of the current stream becomes the selected one again
    // without re-opening anything.
    if (!m_selection || m_selection->openStreams().size() != 1)
        return;
    const int row = m_model->rowOfStream(m_selection->openStreams().constFirst());
    if (row < 0) {
        m_syncing = true;
        m_view->selectionModel()->clearSelection();
        m_syncing = false;
        return;
    }
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && current.row() == row && m_view->selectionModel()->isRowSelected(row, {}))
        return;
    m_syncing = true;
    m_view->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_syncing = false;
}

} // namespace flashback
