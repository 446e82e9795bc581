// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchpane.h"

#include "models/searchresultsmodel.h"
#include "models/selection.h"
#include "models/storesession.h"
#include "search/searchquery.h"
#include "settings.h"
#include "whodeletedbox.h"
#include "widgets/highlightdelegate.h"
#include "widgets/recordtableview.h"
#include "widgets/savedsearchesbutton.h"
#include "widgets/timestampdelegate.h"
#include "widgets/typechips.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
/// The time-range choices, in the order of SavedSearch::Range.
enum Range { AnyTime, LastHour, LastDay, LastWeek, Custom };
static_assert(int(SavedSearch::Range::Between) == Custom);
} // namespace

SearchPane::SearchPane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_settings(settings)
    , m_model(new SearchResultsModel(this))
    , m_who(new WhoDeletedBox(session, selection, settings, this))
    , m_recent(new QComboBox(this))
    , m_saved(new SavedSearchesButton(settings, this))
    , m_text(new QLineEdit(this))
    , m_types(new TypeChips(this))
    , m_actor(new QLineEdit(this))
    , m_range(new QComboBox(this))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_oldestFirst(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_cancel(new QToolButton(this))
    , m_view(new RecordTableView(this))
{
    setObjectName(u"searchPane"_s);
    setAccessibleName(u"Search"_s);
    m_model->setSession(session);
    m_model->setMaskedKeys(settings->maskedKeys());
    connect(settings, &Settings::maskedKeysChanged, this, [this](const QStringList& keys) {
        m_model->setMaskedKeys(keys);
        if (m_model->rowCount() > 0)
            runSearch(); // nothing shown keeps a value that is now masked
    });

    m_text->setPlaceholderText(
        u"Search every event: an email, a username, an IP, an id, \"a phrase\", pre* (Ctrl+F)"_s);
    m_text->setAccessibleName(u"Search text"_s);
    m_text->setClearButtonEnabled(true);
    // Recent searches of this store: one pick runs it again.
    m_recent->setAccessibleName(u"Recent searches"_s);
    m_recent->setToolTip(u"Searches run on this store, newest first"_s);
    m_recent->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recent->setMinimumContentsLength(6);
    m_actor->setPlaceholderText(u"Actor (exact)"_s);
    m_actor->setAccessibleName(u"Actor"_s);
    m_actor->setClearButtonEnabled(true);
    m_range->setAccessibleName(u"Time range"_s);
    m_range->addItems({u"Any time"_s, u"Last hour"_s, u"Last day"_s, u"Last week"_s, u"From … to …"_s});
    for (QDateTimeEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
        edit->setVisible(false);
    }
    m_from->setAccessibleName(u"From"_s);
    m_to->setAccessibleName(u"To"_s);
    m_from->setDateTime(QDateTime::currentDateTime().addDays(-7));
    m_to->setDateTime(QDateTime::currentDateTime());
    m_oldestFirst->setText(u"Oldest first"_s);
    m_oldestFirst->setCheckable(true);
    m_oldestFirst->setAutoRaise(true);
    m_oldestFirst->setAccessibleName(u"Oldest first"_s);
    m_status->setAccessibleName(u"Search status"_s);
    m_status->setWordWrap(true);
    m_cancel->setText(u"Cancel"_s);
    m_cancel->setAutoRaise(true);
    m_cancel->setAccessibleName(u"Cancel search"_s);
    m_cancel->setVisible(false);

    m_view->setModel(m_model);
    m_view->setAccessibleName(u"Search results"_s);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setTextElideMode(Qt::ElideMiddle);
    auto* times = new TimestampDelegate(this);
    times->setUtc(settings->utc());
    connect(settings, &Settings::utcChanged, this, [this, times](bool utc) {
        times->setUtc(utc);
        m_view->viewport()->update();
    });
    m_view->setItemDelegateForColumn(SearchResultsModel::TimeColumn, times);
    m_view->setItemDelegateForColumn(
        SearchResultsModel::SummaryColumn, new HighlightDelegate(SearchResultsModel::TermsRole, this));
    m_view->setColumnWidthInDigits(SearchResultsModel::TimeColumn, 23);
    m_view->setColumnWidthInDigits(SearchResultsModel::TypeColumn, 18);
    m_view->setColumnWidthInDigits(SearchResultsModel::SummaryColumn, 44);
    m_view->setColumnWidthInDigits(SearchResultsModel::ActorColumn, 20);

    auto* textRow = new QHBoxLayout;
    textRow->addWidget(m_text, 1);
    textRow->addWidget(m_recent);
    textRow->addWidget(m_saved);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_actor, 1);
    filters->addWidget(m_range);
    filters->addWidget(m_from);
    filters->addWidget(m_to);
    filters->addWidget(m_oldestFirst);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_who);
    layout->addLayout(textRow);
    layout->addWidget(m_types);
    layout->addLayout(filters);
    layout->addLayout(statusRow);
    layout->addWidget(m_view, 1);

    // Typing searches after a pause; Enter at once. Each new search cancels the one before.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(400);
    connect(&m_debounce, &QTimer::timeout, this, &SearchPane::runSearch);
    connect(m_text, &QLineEdit::textEdited, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, [this] {
        m_debounce.stop();
        runSearch();
        remember(m_text->text());
    });
    connect(m_actor, &QLineEdit::returnPressed, this, &SearchPane::runSearch);
    connect(m_types, &TypeChips::changed, this, &SearchPane::runSearch);
    connect(m_oldestFirst, &QToolButton::toggled, this, &SearchPane::runSearch);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this](int range) {
        m_from->setVisible(range == Custom);
        m_to->setVisible(range == Custom);
        runSearch();
    });
    connect(m_from, &QDateTimeEdit::editingFinished, this, &SearchPane::runSearch);
    connect(m_to, &QDateTimeEdit::editingFinished, this, &SearchPane::runSearch);
    connect(m_recent, &QComboBox::activated, this, [this](int row) {
        if (row <= 0)
            return; // the "Recent" caption
        m_text->setText(m_recent->itemText(row));
        runSearch();
    });
    addAction(m_saved->saveAction()); // Ctrl+S anywhere in the pane
    connect(m_saved, &SavedSearchesButton::saveRequested, this, &SearchPane::askToSave);
    connect(m_saved, &SavedSearchesButton::chosen, this, &SearchPane::applySaved);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        m_cancelled = true;
        m_model->cancel();
        updateStatus();
    });
    connect(m_model, &SearchResultsModel::searchingChanged, this, &SearchPane::updateStatus);
    connect(m_model, &SearchResultsModel::pageArrived, this, &SearchPane::updateStatus);
    connect(m_model, &SearchResultsModel::failed, this, [this](const Error& error) {
        m_failure = error.message;
        updateStatus();
    });
    connect(m_view, &QAbstractItemView::activated, this, &SearchPane::openChosen);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SearchPane::openChosen);

    if (session) {
        connect(session, &StoreSession::opened, this, [this] {
            m_types->setTypes({});
            m_session->eventTypes(this, [this](Result<QStringList> types) {
                if (types)
                    m_types->setTypes(*types);
            });
            remember({});
            updateStatus();
        });
        connect(session, &StoreSession::eventsCommitted, this, [this](const QList<RecordedEvent>& events) {
            for (const RecordedEvent& event : events)
                m_types->addType(event.type);
        });
    }
    updateStatus();
}

void SearchPane::focusSearch()
{
    m_text->setFocus(Qt::ShortcutFocusReason);
    m_text->selectAll();
}

SearchQuery SearchPane::currentQuery() const
{
    SearchQuery query;
    query.text = TextQuery::parse(m_text->text());
    query.types = m_types->checkedTypes();
    query.actor = m_actor->text().trimmed();
    query.oldestFirst = m_oldestFirst->isChecked();
    query.limit = 100;
    const qint64 now = Timestamp::now().micros();
    constexpr qint64 Hour = 3600LL * 1000000;
    switch (m_range->currentIndex()) {
    case LastHour:
        query.since = Timestamp::fromMicros(now - Hour);
        break;
    case LastDay:
        query.since = Timestamp::fromMicros(now - 24 * Hour);
        break;
    case LastWeek:
        query.since = Timestamp::fromMicros(now - 7 * 24 * Hour);
        break;
    case Custom:
        query.since = Timestamp::fromDateTime(m_from->dateTime());
        query.until = Timestamp::fromDateTime(m_to->dateTime());
        break;
    default:
        break;
    }
    return query;
}

void SearchPane::runSearch()
{
    const SearchQuery query = currentQuery();
    if (query.text.isEmpty() && query.types.isEmpty() && query.actor.isEmpty() && !query.since) {
        m_failure.clear();
        m_cancelled = false;
        m_model->clear(); // nothing asked: nothing shown, rather than the whole log
        updateStatus();
        return;
    }
    m_failure.clear();
    m_cancelled = false;
    m_model->search(query);
}

void SearchPane::openChosen()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_selection)
        return;
    const SearchHit& hit = m_model->hit(current.row());
    m_selection->openStreams({hit.streamId}, hit.revision);
}

QString SearchPane::storeAddress() const
{
    if (!m_session)
        return {};
    return m_session->linkAddress().isEmpty() ? m_session->store().address : m_session->linkAddress();
}

SavedSearch SearchPane::currentSearch(const QString& name) const
{
    SavedSearch search;
    search.name = name.trimmed();
    search.text = m_text->text().trimmed();
    search.types = m_types->checkedTypes();
    search.actor = m_actor->text().trimmed();
    search.range = SavedSearch::Range(m_range->currentIndex());
    if (search.range == SavedSearch::Range::Between) {
        search.from = m_from->dateTime();
        search.to = m_to->dateTime();
    }
    search.oldestFirst = m_oldestFirst->isChecked();
    return search;
}

void SearchPane::saveCurrentSearch(const QString& name)
{
    if (m_settings && !name.trimmed().isEmpty())
        m_settings->saveSearch(storeAddress(), currentSearch(name));
}

void SearchPane::askToSave()
{
    if (!m_settings)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(
        this, u"Save Search"_s, u"Name of this search:"_s, QLineEdit::Normal, m_text->text().trimmed(), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    for (const SavedSearch& saved : m_settings->savedSearches(storeAddress())) {
        if (saved.name.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        const auto answer = QMessageBox::question(this, u"Replace Saved Search"_s,
            u"A search named “%1” is saved already. Replace it with this one?"_s.arg(saved.name));
        if (answer != QMessageBox::Yes)
            return;
    }
    saveCurrentSearch(name);
}

void SearchPane::applySaved(const SavedSearch& search)
{
    {
        // One search for the whole change, not one per field.
        const QSignalBlocker types(m_types);
        const QSignalBlocker range(m_range);
        const QSignalBlocker order(m_oldestFirst);
        m_text->setText(search.text);
        m_types->setChecked(search.types);
        m_actor->setText(search.actor);
        m_range->setCurrentIndex(int(search.range));
        const bool between = search.range == SavedSearch::Range::Between;
        if (between) {
            m_from->setDateTime(search.from.toLocalTime());
            m_to->setDateTime(search.to.toLocalTime());
        }
        m_from->setVisible(between);
        m_to->setVisible(between);
        m_oldestFirst->setChecked(search.oldestFirst);
    }
    m_debounce.stop();
    runSearch();
    remember(search.text);
}

void SearchPane::remember(const QString& text)
{
    if (!m_session || !m_settings)
        return;
    const QString address = storeAddress();
    m_saved->setAddress(address);
    if (!text.trimmed().isEmpty() && !TextQuery::parse(text).isEmpty())
        m_settings->addRecentSearch(address, text);
    const QSignalBlocker quiet(m_recent);
    m_recent->clear();
    m_recent->addItem(u"Recent"_s);
    m_recent->addItems(m_settings->recentSearches(address));
}

void SearchPane::updateStatus()
{
    const bool searching = m_model->isSearching();
    m_cancel->setVisible(searching);
    if (searching) {
        m_status->setText(m_model->rowCount() == 0 ? u"Searching…"_s : u"Searching for more…"_s);
        return;
    }
    if (m_cancelled) {
        m_status->setText(m_model->rowCount() == 0
                ? u"Search cancelled."_s
                : u"Search cancelled; %1 results so far."_s.arg(m_model->rowCount()));
        return;
    }
    if (!m_failure.isEmpty()) {
        m_status->setText(u"The search failed: %1"_s.arg(m_failure));
        return;
    }
    const SearchPage& page = m_model->lastPage();
    if (m_model->query().text.isEmpty() && m_model->rowCount() == 0 && page.head == 0) {
        m_status->setText(u"Type what the ticket says; Enter searches at once."_s);
        return;
    }
    const QLocale locale;
    const int rows = m_model->rowCount();
    QString text = rows == 0 ? u"No matching events."_s
        : m_model->hasMore() ? u"%1 results so far (more as you scroll)."_s.arg(locale.toString(rows))
        : rows == 1          ? u"1 result."_s
                             : u"%1 results."_s.arg(locale.toString(rows));
    const qint64 behind = page.head - page.indexedThrough;
    if (page.indexKind == u"none"_s)
        text += u" No search index yet (run the projections): every event was read."_s;
    else if (behind > 0)
        text += u" The index is %1 events behind; those were read one by one."_s.arg(locale.toString(behind));
    m_status->setText(text);
}

} // namespace flashback
