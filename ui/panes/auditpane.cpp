// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditpane.h"

#include "models/operatorauditmodel.h"
#include "models/storesession.h"
#include "settings.h"
#include "widgets/auditresultproxy.h"
#include "widgets/recordtableview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// The time filter's choices: seconds back from now (0: any time).
const QList<std::pair<QString, qint64>> TimeRanges {
    {u"Any time"_s, 0}, {u"Last hour"_s, 3600}, {u"Last day"_s, 86400}, {u"Last week"_s, 7 * 86400}};

} // namespace

AuditPane::AuditPane(StoreSession* session, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new OperatorAuditModel(this))
    , m_coloured(new AuditResultProxy(this))
    , m_actor(new QLineEdit(this))
    , m_action(new QComboBox(this))
    , m_result(new QComboBox(this))
    , m_time(new QComboBox(this))
    , m_table(new RecordTableView(this))
    , m_older(new QPushButton(u"Load &Older"_s, this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    m_coloured->setSourceModel(m_model);
    m_table->setModel(m_coloured);
    m_table->setAccessibleName(u"Operator audit"_s);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(OperatorAuditModel::DetailColumn, QHeaderView::Stretch);
    m_actor->setPlaceholderText(u"Who (exactly)"_s);
    m_actor->setClearButtonEnabled(true);
    m_actor->setAccessibleName(u"Actor filter"_s);
    m_action->setAccessibleName(u"Action filter"_s);
    m_action->addItem(u"Every action"_s, QString());
    for (const QString& name : OperatorAction::actionNames())
        m_action->addItem(name, name);
    m_result->setAccessibleName(u"Result filter"_s);
    m_result->addItem(u"Any result"_s, QString());
    for (const QString& result :
        {QString(OperatorAction::Ok), QString(OperatorAction::Refused), QString(OperatorAction::Failed)})
        m_result->addItem(result, result);
    m_time->setAccessibleName(u"Time filter"_s);
    // Narrow enough to share a 1024-pixel window's bottom with the other panes: the choices elide, not the window.
    // (A minimum width set by hand overrides the one the contents ask for; the natural width is still preferred.)
    for (QComboBox* combo : {m_action, m_result, m_time})
        combo->setMinimumWidth(64);
    m_actor->setMinimumWidth(60);
    for (const auto& [label, seconds] : TimeRanges)
        m_time->addItem(label, seconds);
    m_older->setToolTip(u"Load the actions before the oldest one shown"_s);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(u"Audit status"_s);
    m_model->setUtc(settings->utc());

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_action);
    filters->addWidget(m_result);
    filters->addWidget(m_time);
    filters->addWidget(m_actor, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_older);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    // Other windows and the CLI add rows without events (a pause, a retry): asked again every 2 s while shown.
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            reload();
    });
    for (QComboBox* combo : {m_action, m_result, m_time})
        connect(combo, &QComboBox::currentIndexChanged, this, &AuditPane::filtersChanged);
    connect(m_actor, &QLineEdit::editingFinished, this, &AuditPane::filtersChanged);
    connect(m_older, &QPushButton::clicked, this, &AuditPane::loadOlder);
    connect(session, &StoreSession::opened, this, &AuditPane::storeChanged);
    connect(session, &StoreSession::stateChanged, this, [this](ConnectionState state) {
        if (state == ConnectionState::Closed || state == ConnectionState::Failed)
            storeChanged();
    });
    connect(session, &StoreSession::eventsCommitted, this, [this] {
        if (isVisible())
            reload();
    });
    connect(settings, &Settings::utcChanged, m_model, &OperatorAuditModel::setUtc);
    storeChanged();
}

OperatorAuditQuery AuditPane::query() const
{
    OperatorAuditQuery query;
    query.actor = m_actor->text().trimmed();
    if (const QString action = m_action->currentData().toString(); !action.isEmpty())
        query.actions = {action};
    query.result = m_result->currentData().toString();
    if (const qint64 seconds = m_time->currentData().toLongLong(); seconds > 0)
        query.since = Timestamp::now().addSecs(-seconds);
    query.limit = PageSize;
    return query;
}

void AuditPane::storeChanged()
{
    m_load.cancel();
    m_loading = false;
    m_more = false;
    m_error.clear();
    m_model->clear();
    if (m_session && m_session->isOpen()) {
        m_timer->start();
        reload();
    } else {
        m_timer->stop();
    }
    showStatus();
}

void AuditPane::filtersChanged()
{
    // A load on its way was asked with the old filters: its rows must not fill the new view.
    m_load.cancel();
    m_loading = false;
    m_more = false;
    m_model->clear();
    reload();
}

void AuditPane::reload()
{
    if (m_loading || !m_session || !m_session->isOpen())
        return;
    m_loading = true;
    const bool first = m_model->rowCount() == 0;
    m_load = m_session->operatorActions(this, query(), [this, first](const Result<QList<OperatorAction>>& actions) {
        m_loading = false;
        if (!actions) {
            m_error = actions.error().message;
        } else {
            m_error.clear();
            if (first) {
                m_model->setActions(*actions);
                m_more = actions->size() >= PageSize;
            } else {
                m_model->prependNewer(*actions);
            }
        }
        showStatus();
        Q_EMIT reloaded();
    });
}

void AuditPane::loadOlder()
{
    const auto oldest = m_model->oldestId();
    if (m_loading || !oldest || !m_session || !m_session->isOpen())
        return;
    m_loading = true;
    OperatorAuditQuery older = query();
    older.beforeId = *oldest;
    m_load = m_session->operatorActions(this, older, [this](const Result<QList<OperatorAction>>& actions) {
        m_loading = false;
        if (!actions) {
            m_error = actions.error().message;
        } else {
            m_error.clear();
            m_model->appendOlder(*actions);
            m_more = actions->size() >= PageSize;
        }
        showStatus();
        Q_EMIT reloaded();
    });
}

void AuditPane::showStatus()
{
    m_older->setEnabled(m_more && !m_loading);
    if (!m_session || !m_session->isOpen()) {
        m_status->setText(u"Open a store to see what operators did to it."_s);
        return;
    }
    if (!m_error.isEmpty()) {
        m_status->setText(u"Could not read the operator audit: "_s + m_error);
        return;
    }
    const int rows = m_model->rowCount();
    if (rows == 0) {
        m_status->setText(u"No operator actions recorded here yet: commands issued, projections paused, resumed or "
                          u"rebuilt and outbox rows retried or discarded appear here, from any window or the CLI."_s);
        return;
    }
    m_status->setText(
        u"%1 shown, newest first%2."_s.arg(rows == 1 ? u"1 action"_s : u"%1 actions"_s.arg(QLocale().toString(rows)),
            m_more ? u"; older ones with Load Older"_s : QString()));
}

} // namespace flashback
