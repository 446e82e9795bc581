// SPDX-License-Identifier: GPL-3.0-or-later
#include "statepane.h"

#include "domain/domaincatalog.h"
#include "models/fieldhistorymodel.h"
#include "models/selection.h"
#include "models/statetreemodel.h"
#include "models/storesession.h"
#include "models/timeformat.h"
#include "settings.h"
#include "util/jsonmasking.h"
#include "widgets/changehighlightdelegate.h"
#include "widgets/recordtableview.h"
#include "widgets/timestampdelegate.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString megabytes(qint64 bytes)
{
    return QLocale().toString(double(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MB"_s;
}

} // namespace

StatePane::StatePane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_settings(settings)
    , m_model(new StateTreeModel(this))
    , m_tree(new QTreeView(this))
    , m_header(new QLabel(this))
    , m_cacheStatus(new QLabel(this))
    , m_reveal(new QToolButton(this))
    , m_history(new FieldHistoryModel(this))
    , m_historyBox(new QWidget(this))
    , m_historyTitle(new QLabel(m_historyBox))
    , m_historyView(new RecordTableView(m_historyBox))
{
    setObjectName(u"statePane"_s);
    setAccessibleName(u"State"_s);
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setText(u"Select an event to see the state it left the aggregate in."_s);
    m_cacheStatus->setWordWrap(true);
    m_cacheStatus->setAccessibleName(u"Replay cache"_s);
    m_reveal->setText(u"Reveal masked"_s);
    m_reveal->setCheckable(true);
    m_reveal->setAutoRaise(true);
    m_reveal->setEnabled(false);
    m_reveal->setToolTip(u"Show the masked values of this revision (hidden again when another is selected)"_s);
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new ChangeHighlightDelegate(this));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(false);
    m_tree->setAccessibleName(u"State tree"_s);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_header, 1);
    bar->addWidget(m_reveal, 0, Qt::AlignTop);
    // Who changed this? Below the tree, in a splitter: the field's history, a row per event that changed it.
    m_historyTitle->setWordWrap(true);
    m_historyTitle->setTextFormat(Qt::RichText);
    auto* closeHistory = new QToolButton(m_historyBox);
    closeHistory->setText(u"Close"_s);
    closeHistory->setAutoRaise(true);
    closeHistory->setAccessibleName(u"Close the field's history"_s);
    m_historyView->setModel(m_history);
    m_historyView->setAccessibleName(u"Field history"_s);
    m_historyView->setSelectionMode(QAbstractItemView::SingleSelection);
    auto* times = new TimestampDelegate(this);
    times->setUtc(settings && settings->utc());
    if (settings) {
        connect(settings, &Settings::utcChanged, this, [this, times](bool utc) {
            times->setUtc(utc);
            m_historyView->viewport()->update();
            presentBlame();
        });
    }
    m_historyView->setItemDelegateForColumn(FieldHistoryModel::TimeColumn, times);
    m_historyView->setColumnWidthInDigits(FieldHistoryModel::RevisionColumn, 6);
    m_historyView->setColumnWidthInDigits(FieldHistoryModel::TimeColumn, 23);
    m_historyView->setColumnWidthInDigits(FieldHistoryModel::TypeColumn, 18);
    m_historyView->setColumnWidthInDigits(FieldHistoryModel::ActorColumn, 18);
    m_historyView->setColumnWidthInDigits(FieldHistoryModel::ReasonColumn, 22);
    m_historyView->setColumnWidthInDigits(FieldHistoryModel::ChangeColumn, 26);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(m_historyTitle, 1);
    titleRow->addWidget(closeHistory);
    auto* historyLayout = new QVBoxLayout(m_historyBox);
    historyLayout->setContentsMargins(0, 4, 0, 0);
    historyLayout->addLayout(titleRow);
    historyLayout->addWidget(m_historyView, 1);
    m_historyBox->setVisible(false);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(m_historyBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    layout->addWidget(m_cacheStatus);

    connect(closeHistory, &QToolButton::clicked, this, [this] {
        m_historyRequest.cancel();
        m_historyBox->setVisible(false);
    });
    // Choosing a change moves the playhead there.
    connect(m_historyView, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        if (m_selection && index.isValid())
            m_selection->selectEvent(m_history->streamId(), m_history->change(index.row()).revision);
    });
    auto* whoChanged = new QAction(u"Who Changed This?"_s, this);
    whoChanged->setShortcut(QKeySequence(u"Ctrl+H"_s));
    whoChanged->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_tree->addAction(whoChanged);
    connect(whoChanged, &QAction::triggered, this, [this] {
        const QModelIndex current = m_tree->currentIndex();
        if (current.isValid())
            showHistory(current.siblingAtColumn(0).data(StateTreeModel::PathRole).toString());
    });

    connect(selection, &Selection::eventSelected, this, [this](const QString& stream, qint64 revision) {
        if (revision > 0)
            show(stream, revision);
    });
    connect(m_reveal, &QToolButton::toggled, this, [this](bool on) {
        m_revealed = on;
        present();
    });
    if (settings)
        connect(settings, &Settings::maskedKeysChanged, this, [this] { present(); });
    if (session) {
        connect(session, &StoreSession::opened, this, [this] {
            m_haveView = false;
            m_buildingStream.clear();
            m_building.cancel();
            m_request.cancel();
            m_stateInFlight = false;
            m_blameRequest.cancel();
            m_haveBlame = false;
            m_valueSizedFor.clear();
            m_model->clear();
            m_cacheStatus->clear();
            m_header->setText(u"Select an event to see the state it left the aggregate in."_s);
        });
    }
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_tree->indexAt(at);
        if (!index.isValid())
            return;
        QMenu menu(this);
        menu.addAction(
            u"Copy Value"_s, this, [this, index] { QGuiApplication::clipboard()->setText(copyText(index, false)); });
        menu.addAction(
            u"Copy Path"_s, this, [this, index] { QGuiApplication::clipboard()->setText(copyText(index, true)); });
        menu.exec(m_tree->viewport()->mapToGlobal(at));
    });
}

QStringList StatePane::maskedKeys() const
{
    QStringList keys = DomainCatalog::builtin().maskedFields();
    if (m_settings)
        keys += m_settings->maskedKeys();
    return keys;
}

QString StatePane::copyText(const QModelIndex& index, bool path) const
{
    const QModelIndex first = index.siblingAtColumn(StateTreeModel::FieldColumn);
    if (path)
        return first.data(StateTreeModel::PathRole).toString();
    // The model holds the values as shown, so a masked one copies as the placeholder.
    const QJsonValue value = first.data(StateTreeModel::JsonValueRole).value<QJsonValue>();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    return value.isString() ? value.toString() : StateTreeModel::display(value);
}

void StatePane::showHistory(const QString& path)
{
    if (!m_session || !m_haveView || path.isEmpty())
        return;
    const QString streamId = m_view.at.streamId;
    // A field is shown masked when masking changes its value (now, or before the event for a removed one).
    const QStringList keys = maskedKeys();
    const bool masked = !m_revealed
        && (StateTreeModel::maskedAt(m_view.at.state, path, keys)
            || StateTreeModel::maskedAt(m_view.before, path, keys));
    m_historyTitle->setText(u"Who changed <b>%1</b>? Reading the stream…"_s.arg(path.toHtmlEscaped()));
    m_history->clear();
    m_historyBox->setVisible(true);
    m_historyRequest.cancel();
    m_historyRequest = m_session->fieldHistory(
        this, streamId, path, [this, streamId, path, masked](Result<QList<FieldChange>> changes) {
            if (!changes) {
                m_historyTitle->setText(u"The history of <b>%1</b> could not be read: %2"_s.arg(
                    path.toHtmlEscaped(), changes.error().message.toHtmlEscaped()));
                return;
            }
            m_history->setHistory(streamId, path, *changes, masked);
            const qsizetype n = changes->size();
            const QString events = n == 1 ? u"1 event"_s : u"%1 events"_s.arg(QLocale().toString(n));
            m_historyTitle->setText(
                u"<b>%1</b> was set or changed by %2 (choose one to go there)."_s.arg(path.toHtmlEscaped(), events));
        });
}

void StatePane::show(const QString& streamId, qint64 revision)
{
    if (!m_session)
        return;
    m_wantedStream = streamId;
    m_wantedRevision = revision;
    m_blameRequest.cancel(); // a blame of the revision left behind would only delay this one
    // One state in flight at a time, the newest wanted asked for when it lands: a drag that moves faster than
    // states arrive shows every state it gets (cancelling each request for the next would show none until the
    // pointer stops).
    if (!m_stateInFlight)
        requestState();
}

void StatePane::requestState()
{
    const QString streamId = m_wantedStream;
    const qint64 revision = m_wantedRevision;
    m_stateInFlight = true;
    m_request = m_session->stateView(this, streamId, revision, [this, streamId, revision](Result<StateView> view) {
        m_stateInFlight = false;
        const bool movedOn = m_wantedStream != streamId || m_wantedRevision != revision;
        if (!view) {
            if (movedOn)
                return requestState();
            m_haveView = false;
            m_model->clear();
            m_header->setText(u"The state could not be replayed: %1"_s.arg(view.error().message.toHtmlEscaped()));
            return;
        }
        const bool sameRevision
            = m_haveView && m_view.at.streamId == view->at.streamId && m_view.at.revision == view->at.revision;
        m_view = std::move(view).value();
        m_haveView = true;
        if (!sameRevision) {
            m_haveBlame = false;
            if (m_reveal->isChecked())
                m_reveal->setChecked(false); // revealed for one revision only (toggling presents again)
        }
        present();
        updateCacheStatus(m_view.cache);
        if (!m_view.cache.complete())
            buildCache(m_view.at.streamId); // also during a drag: the cache is what makes it fast
        if (movedOn)
            return requestState(); // the blame waits until the selection rests
        findBlame();
    });
}

void StatePane::present()
{
    if (!m_haveView)
        return;
    const QStringList keys = maskedKeys();
    const bool hidesSomething = containsMaskedKey(m_view.at.state, keys) || containsMaskedKey(m_view.before, keys);
    m_reveal->setEnabled(hidesSomething);
    const QJsonObject state = m_revealed ? m_view.at.state : maskedJson(m_view.at.state, keys);
    const QJsonObject before = m_revealed ? m_view.before : maskedJson(m_view.before, keys);
    m_model->setState(state, before, m_view.changes);
    presentBlame();
    // Open what the event touched: every object that holds a change.
    for (const JsonChange& change : std::as_const(m_view.changes)) {
        for (QModelIndex index = m_model->indexOfPath(change.path).parent(); index.isValid(); index = index.parent())
            m_tree->expand(index);
    }
    m_tree->resizeColumnToContents(StateTreeModel::FieldColumn);
    if (m_valueSizedFor != m_view.at.streamId) {
        // Values as wide as they need, up to a third of the tree, once per stream: Last set takes the rest, and a
        // width the user drags stays while they scrub.
        m_valueSizedFor = m_view.at.streamId;
        const int cap = std::max(120, m_tree->viewport()->width() / 3);
        const int wanted
            = static_cast<const QAbstractItemView*>(m_tree)->sizeHintForColumn(StateTreeModel::ValueColumn);
        m_tree->setColumnWidth(StateTreeModel::ValueColumn, std::min(wanted + 16, cap));
    }

    const bool utc = m_settings && m_settings->utc();
    const StateAt& at = m_view.at;
    QString text = u"<b>%1</b> · revision %2 of %3 · %4"_s.arg(at.aggregateType.toHtmlEscaped(),
        QLocale().toString(at.revision), QLocale().toString(at.headRevision), formatTime(at.occurredAt.micros(), utc));
    const qsizetype changed = m_view.changes.size();
    text += changed == 0 ? u"<br>This event changed no field."_s
        : changed == 1   ? u"<br>This event changed 1 field (highlighted)."_s
                         : u"<br>This event changed %1 fields (highlighted)."_s.arg(changed);
    if (at.generic)
        text += u"<br><i>Flashback does not know the type %1: each event's data is merged into the state "
                u"(a generic fold).</i>"_s.arg(at.aggregateType.toHtmlEscaped());
    m_header->setText(text);
}

void StatePane::findBlame()
{
    if (!m_session || m_haveBlame)
        return;
    // Asked after the state is on screen, as its own request: the state never waits for the blame, and a drag
    // that moves on cancels the blame of the revision it left.
    const QString streamId = m_view.at.streamId;
    const qint64 revision = m_view.at.revision;
    m_blameRequest.cancel();
    m_blameRequest = m_session->blame(
        this, streamId, revision, [this, streamId, revision](Result<QHash<QString, FieldBlame>> blame) {
            if (!m_haveView || m_view.at.streamId != streamId || m_view.at.revision != revision)
                return;
            if (!blame) {
                if (blame.error().kind != ErrorKind::Cancelled)
                    m_model->setBlameFailed(blame.error().message);
                return;
            }
            m_blame = std::move(blame).value();
            m_haveBlame = true;
            presentBlame();
        });
}

void StatePane::presentBlame()
{
    if (!m_haveBlame) {
        m_model->setBlamePending();
        return;
    }
    const bool hideActors = !m_revealed && maskedKeys().contains(u"actor"_s);
    m_model->setBlame(m_blame, m_settings && m_settings->utc(), hideActors);
}

void StatePane::buildCache(const QString& streamId)
{
    if (!m_session || m_buildingStream == streamId)
        return; // already building it: one slice at a time
    m_building.cancel();
    m_buildingStream = streamId;
    m_building = m_session->advanceReplayCache(this, streamId, [this, streamId](Result<ReplayProgress> progress) {
        m_buildingStream.clear();
        if (!progress) {
            m_cacheStatus->setText(u"Replay cache: stopped (%1); states are replayed from the nearest snapshot."_s.arg(
                progress.error().message));
            return;
        }
        updateCacheStatus(*progress);
        // Only the stream on screen is built on; another one selected meanwhile starts its own.
        if (!progress->complete() && m_haveView && m_view.at.streamId == streamId)
            buildCache(streamId);
    });
}

void StatePane::updateCacheStatus(const ReplayProgress& progress)
{
    const QLocale locale;
    QString text = progress.complete() && progress.checkpoints == 0
        ? u"Replay cache: not needed; %1 events replay from the first in no time."_s.arg(locale.toString(progress.head))
        : progress.complete() ? u"Replay cache: %1 checkpoints (every %2 revisions), %3."_s.arg(
              locale.toString(progress.checkpoints), locale.toString(progress.interval), megabytes(progress.bytes))
                              : u"Replay cache: building, %1 of %2 events folded…"_s.arg(
                                  locale.toString(progress.folded), locale.toString(progress.head));
    if (!progress.driftedSnapshots.isEmpty()) {
        QStringList revisions;
        for (const qint64 revision : progress.driftedSnapshots)
            revisions.append(locale.toString(revision));
        text += u" The stored snapshot at revision %1 differs from the replay; the replay is shown."_s.arg(
            revisions.join(u", "_s));
    }
    m_cacheStatus->setText(text);
}

} // namespace flashback
