// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxpane.h"

#include "models/outboxmodel.h"
#include "models/storesession.h"
#include "models/timeformat.h"
#include "settings.h"
#include "widgets/recordtableview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

const QList<OutboxStatus> AllStatuses {OutboxStatus::Pending, OutboxStatus::Processing, OutboxStatus::Completed,
    OutboxStatus::Failed, OutboxStatus::Discarded};

} // namespace

OutboxPane::OutboxPane(StoreSession* session, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_settings(settings)
    , m_model(new OutboxModel(this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_status(new QComboBox(this))
    , m_topic(new QLineEdit(this))
    , m_retry(new QPushButton(u"&Retry\u2026"_s, this))
    , m_discard(new QPushButton(u"&Discard\u2026"_s, this))
    , m_table(new RecordTableView(this))
    , m_counts(new QLabel(this))
    , m_details(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_timer(new QTimer(this))
{
    m_filtered->setSourceModel(m_model);
    m_filtered->setFilterKeyColumn(OutboxModel::TopicColumn);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_filtered);
    m_table->setAccessibleName(u"Outbox rows"_s);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(OutboxModel::ErrorColumn, QHeaderView::Stretch);
    m_status->setAccessibleName(u"Status filter"_s);
    m_status->addItem(u"Every status"_s, -1);
    for (OutboxStatus status : AllStatuses)
        m_status->addItem(outboxStatusName(status), int(status));
    m_topic->setPlaceholderText(u"Topic"_s);
    m_topic->setClearButtonEnabled(true);
    m_topic->setAccessibleName(u"Topic filter"_s);
    m_retry->setToolTip(u"Deliver the selected failed or discarded row again: it becomes pending, due now"_s);
    m_discard->setToolTip(u"Never deliver the selected failed row: it is kept for the record"_s);
    for (QLabel* label : {m_counts, m_details, m_notice}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_counts->setAccessibleName(u"Outbox counts"_s);
    m_details->setAccessibleName(u"Outbox row"_s);
    m_notice->setAccessibleName(u"Outbox notice"_s);
    m_model->setUtc(settings->utc());

    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(u"Show:"_s, this));
    filters->addWidget(m_status);
    filters->addWidget(m_topic, 1);
    // The actions sit with the selected row's details, under the table: what they act on is right above them.
    auto* selected = new QHBoxLayout;
    selected->addWidget(m_details, 1);
    selected->addWidget(m_retry, 0, Qt::AlignTop);
    selected->addWidget(m_discard, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_counts);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(selected);
    layout->addWidget(m_notice);

    // Dispatchers change rows without events, so the pane asks again every 2 seconds while it is shown.
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            reload();
    });
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        // A load on its way was asked with the old filter: its rows must not fill the new one.
        m_load.cancel();
        m_loading = false;
        m_model->clear();
        reload();
    });
    connect(m_topic, &QLineEdit::textChanged, m_filtered, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_retry, &QPushButton::clicked, this, &OutboxPane::retrySelected);
    connect(m_discard, &QPushButton::clicked, this, &OutboxPane::discardSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &OutboxPane::showSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &OutboxPane::showSelection);
    connect(session, &StoreSession::opened, this, &OutboxPane::storeChanged);
    connect(session, &StoreSession::stateChanged, this, [this](ConnectionState state) {
        if (state == ConnectionState::Closed || state == ConnectionState::Failed)
            storeChanged();
    });
    // Rows are written with the events that call for them.
    connect(session, &StoreSession::eventsCommitted, this, [this] {
        if (isVisible())
            reload();
    });
    connect(settings, &Settings::utcChanged, m_model, &OutboxModel::setUtc);
    storeChanged();
}

bool OutboxPane::writable() const
{
    return m_session && m_session->isOpen() && !m_session->store().readOnly;
}

void OutboxPane::storeChanged()
{
    m_load.cancel();
    m_change.cancel();
    m_loading = false;
    m_model->clear();
    m_statusCounts.clear();
    m_loadError.clear();
    m_notice->clear();
    if (m_session && m_session->isOpen()) {
        m_timer->start();
        reload();
    } else {
        m_timer->stop();
    }
    showCounts();
    showSelection();
}

void OutboxPane::setStatusFilter(std::optional<OutboxStatus> status)
{
    m_status->setCurrentIndex(m_status->findData(status ? int(*status) : -1));
}

void OutboxPane::reload()
{
    if (m_loading || !m_session || !m_session->isOpen())
        return;
    m_loading = true;
    OutboxQuery query;
    if (const int status = m_status->currentData().toInt(); status >= 0)
        query.status = OutboxStatus(status);
    query.limit = PageSize;
    m_load = m_session->outbox(this, query, [this](const Result<OutboxPage>& page) {
        m_loading = false;
        if (!page) {
            m_loadError = page.error().message; // the rows shown stay, marked as not current
        } else {
            m_loadError.clear();
            m_statusCounts = page->counts;
            m_model->setRows(page->rows);
        }
        showCounts();
        showSelection();
        Q_EMIT reloaded();
    });
}

void OutboxPane::showCounts()
{
    if (!m_session || !m_session->isOpen()) {
        m_counts->setText(u"Open a store to see its outbox."_s);
        return;
    }
    const QLocale locale;
    QStringList parts;
    qint64 total = 0;
    for (OutboxStatus status : AllStatuses) {
        const qint64 count = m_statusCounts.value(status);
        total += count;
        const QString part = u"%1 %2"_s.arg(locale.toString(count), outboxStatusName(status));
        // A failed row waits for a person: it is the one number that must stand out.
        parts.append(
            status == OutboxStatus::Failed && count > 0 ? u"<b style=\"color:#c62828\">%1</b>"_s.arg(part) : part);
        const int item = m_status->findData(int(status));
        m_status->setItemText(item, u"%1 (%2)"_s.arg(outboxStatusName(status), locale.toString(count)));
    }
    m_status->setItemText(0, u"Every status (%1)"_s.arg(locale.toString(total)));
    QString text = parts.join(u" \u00b7 "_s);
    const int status = m_status->currentData().toInt();
    const qint64 matching = status >= 0 ? m_statusCounts.value(OutboxStatus(status)) : total;
    if (matching > m_model->rowCount())
        text += u" \u2014 showing the oldest %1 of %2"_s.arg(
            locale.toString(m_model->rowCount()), locale.toString(matching));
    if (!m_loadError.isEmpty())
        text += u" \u2014 <b>not current:</b> %1"_s.arg(m_loadError.toHtmlEscaped());
    m_counts->setText(text);
}

std::optional<qint64> OutboxPane::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return rows.constFirst().data(OutboxModel::IdRole).toLongLong();
}

void OutboxPane::selectRow(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex shown = m_filtered->mapFromSource(m_model->index(row, 0));
    if (shown.isValid())
        m_table->selectRow(shown.row());
}

void OutboxPane::showSelection()
{
    const auto id = selectedId();
    const OutboxEntry* entry = id ? m_model->entry(m_model->rowOf(*id)) : nullptr;
    const bool canWrite = writable();
    m_retry->setEnabled(
        canWrite && entry && (entry->status == OutboxStatus::Failed || entry->status == OutboxStatus::Discarded));
    m_discard->setEnabled(canWrite && entry && entry->status == OutboxStatus::Failed);
    const QString why = canWrite ? QString() : u"This session is read-only: retry and discard are off"_s;
    m_retry->setStatusTip(why);
    m_discard->setStatusTip(why);
    if (!entry) {
        m_details->setText(canWrite || !m_session || !m_session->isOpen()
                ? QString()
                : u"This session is read-only: rows can be looked at, not retried or discarded."_s);
        return;
    }
    const bool utc = m_settings && m_settings->utc();
    QString text = u"<b>Row %1</b> \u00b7 %2 \u00b7 %3 \u00b7 %4 attempt(s) \u00b7 key %5"_s.arg(
        QString::number(entry->id), entry->message.topic.toHtmlEscaped(), outboxStatusName(entry->status),
        QString::number(entry->attempts), entry->message.idempotencyKey.toHtmlEscaped());
    if (entry->status == OutboxStatus::Pending && entry->nextAttemptAt.micros() != 0)
        text += u" \u00b7 next attempt %1"_s.arg(formatTime(entry->nextAttemptAt.micros(), utc));
    if (!entry->lastError.isEmpty())
        text += u"<br>Last error: %1"_s.arg(entry->lastError.toHtmlEscaped());
    m_details->setText(text);
}

void OutboxPane::retrySelected()
{
    const auto id = selectedId();
    const OutboxEntry* entry = id ? m_model->entry(m_model->rowOf(*id)) : nullptr;
    if (!entry)
        return;
    const auto answer = QMessageBox::question(this, u"Retry Outbox Row"_s,
        u"Deliver row %1 (%2) again?\n\nIt becomes pending, due now, with its attempts reset; the next dispatcher "
        u"delivers it. Its receiver drops a repeat by the key %3."_s.arg(
            QString::number(entry->id), entry->message.topic, entry->message.idempotencyKey),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        retry(*id);
}

void OutboxPane::discardSelected()
{
    const auto id = selectedId();
    const OutboxEntry* entry = id ? m_model->entry(m_model->rowOf(*id)) : nullptr;
    if (!entry)
        return;
    const auto answer = QMessageBox::question(this, u"Discard Outbox Row"_s,
        u"Discard row %1 (%2)?\n\nIt is never delivered; it stays in the outbox for the record, and Retry can still "
        u"bring it back."_s.arg(QString::number(entry->id), entry->message.topic),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        discard(*id);
}

void OutboxPane::retry(qint64 id)
{
    change(id, true);
}

void OutboxPane::discard(qint64 id)
{
    change(id, false);
}

void OutboxPane::change(qint64 id, bool retry)
{
    if (!m_session || !m_session->isOpen())
        return;
    if (!writable()) {
        m_notice->setText(u"Not done: this session is read-only."_s);
        Q_EMIT changed(id, m_notice->text());
        return;
    }
    auto done = [this, id, retry](const Result<std::optional<OutboxEntry>>& row) {
        if (!row) {
            m_notice->setText(u"<span style=\"color:#c62828\">%1</span>"_s.arg(row.error().message.toHtmlEscaped()));
            Q_EMIT changed(id, row.error().message);
        } else {
            m_notice->setText(retry ? u"Row %1 is pending again; the next dispatcher delivers it."_s.arg(id)
                                    : u"Row %1 is discarded: it will not be delivered."_s.arg(id));
            Q_EMIT changed(id, QString());
        }
        reload();
    };
    m_change = retry ? m_session->retryOutboxRow(this, id, done) : m_session->discardOutboxRow(this, id, done);
}

} // namespace flashback
