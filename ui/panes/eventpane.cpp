// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventpane.h"

#include "models/selectedevent.h"
#include "models/storesession.h"
#include "models/timeformat.h"
#include "settings.h"
#include "util/jsonmasking.h"
#include "util/shellquote.h"
#include "widgets/jsonhighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

constexpr int MaskedRole = Qt::UserRole + 1; ///< The item holds a masked value.
constexpr int LinkRole = Qt::UserRole + 2; ///< A correlation or causation id to follow.

QString scalarText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return QString::fromUtf8(QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    case QJsonValue::String:
        return value.toString();
    default:
        return {};
    }
}

} // namespace

EventPane::EventPane(StoreSession* session, SelectedEvent* selected, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selected(selected)
    , m_settings(settings)
    , m_header(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_tree(new QTreeWidget(this))
    , m_json(new QPlainTextEdit(this))
    , m_stored(new QPlainTextEdit(this))
    , m_reveal(new QToolButton(this))
    , m_copy(new QToolButton(this))
    , m_copyLink(new QToolButton(this))
    , m_related(new QToolButton(this))
{
    setObjectName(u"eventPane"_s);
    setAccessibleName(u"Event"_s);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({u"Field"_s, u"Value"_s});
    m_tree->setAccessibleName(u"Event fields"_s);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, m_tree->fontMetrics().horizontalAdvance(u'0') * 22);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit* text : {m_json, m_stored}) {
        text->setReadOnly(true);
        text->setFont(mono);
        text->setLineWrapMode(QPlainTextEdit::NoWrap);
        new JsonHighlighter(text->document());
    }
    m_json->setAccessibleName(u"Event JSON"_s);
    m_stored->setAccessibleName(u"Event as stored"_s);
    m_tabs->addTab(m_tree, u"Fields"_s);
    m_tabs->addTab(m_json, u"JSON"_s);
    m_tabs->addTab(m_stored, u"As stored"_s);

    m_reveal->setText(u"Reveal masked"_s);
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(u"Show the masked values of this event (password hashes and sensitive fields)"_s);
    m_copy->setText(u"Copy JSON"_s);
    m_copy->setToolTip(u"Copy the event as JSON; masked values stay masked unless revealed"_s);
    m_copyLink->setText(u"Copy link"_s);
    m_copyLink->setToolTip(u"Copy a command line that opens Flashback at this event"_s);
    m_related->setText(u"Related streams"_s);
    m_related->setToolTip(u"Open every stream that shares this event's correlation id"_s);
    for (QToolButton* button : {m_reveal, m_copy, m_copyLink, m_related})
        button->setAutoRaise(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_reveal);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_copyLink);
    buttons->addWidget(m_related);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addLayout(buttons);
    layout->addWidget(m_tabs, 1);

    connect(m_reveal, &QToolButton::toggled, this, [this](bool on) {
        m_revealed = on;
        rebuild();
    });
    connect(m_copy, &QToolButton::clicked, this, &EventPane::copyJson);
    connect(m_copyLink, &QToolButton::clicked, this, &EventPane::copyLink);
    connect(m_related, &QToolButton::clicked, this, [this] {
        const auto& details = m_selected->details();
        if (details) {
            const QString id = details->metadata.value(u"correlation_id"_s).toString();
            if (!id.isEmpty())
                Q_EMIT relatedStreamsRequested(id);
        }
    });
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString id = item->data(1, LinkRole).toString();
        if (!id.isEmpty())
            Q_EMIT relatedStreamsRequested(id);
    });
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QMenu menu(this);
        menu.addAction(u"Copy value"_s, QKeySequence::Copy, this, &EventPane::copySelectedValue);
        menu.exec(m_tree->viewport()->mapToGlobal(at));
    });
    connect(selected, &SelectedEvent::changed, this, [this] {
        m_revealed = false;
        const QSignalBlocker block(m_reveal);
        m_reveal->setChecked(false);
        rebuild();
    });
    connect(settings, &Settings::utcChanged, this, &EventPane::rebuild);
    rebuild();
}

QJsonObject EventPane::documentShown() const
{
    const auto& details = m_selected->details();
    if (!details)
        return {};
    const QJsonObject data = m_revealed ? details->upcastData : maskedJson(details->upcastData, details->maskedKeys);
    return QJsonObject {
        {u"stream_id"_s, details->event.streamId},
        {u"aggregate_type"_s, details->event.aggregateType},
        {u"revision"_s, details->event.revision},
        {u"position"_s, details->event.position},
        {u"event_id"_s, details->event.eventId.toString(QUuid::WithoutBraces)},
        {u"type"_s, details->event.type},
        {u"schema_version"_s, details->upcastSchemaVersion},
        {u"occurred_at"_s, details->event.occurredAt.toIso()},
        {u"recorded_at"_s, details->event.recordedAt.toIso()},
        {u"data"_s, data},
        {u"metadata"_s, m_revealed ? details->metadata : maskedJson(details->metadata, details->maskedKeys)},
    };
}

QString EventPane::clipboardJson() const
{
    const QJsonObject document = documentShown();
    return document.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
}

QString EventPane::link() const
{
    const auto& details = m_selected->details();
    if (!details || !m_session || m_session->linkAddress().isEmpty())
        return {};
    return u"flashback %1 --stream %2 --revision %3"_s.arg(shellQuote(m_session->linkAddress()),
        shellQuote(details->event.streamId), QString::number(details->event.revision));
}

void EventPane::copyJson()
{
    if (const QString text = clipboardJson(); !text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void EventPane::copyLink()
{
    if (const QString text = link(); !text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void EventPane::copySelectedValue()
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    if (!item)
        return;
    // A masked item holds only the placeholder: the value itself was never put into the tree.
    QApplication::clipboard()->setText(item->text(1));
}

QTreeWidgetItem* EventPane::addFact(QTreeWidgetItem* parent, const QString& name, const QString& value)
{
    auto* item = new QTreeWidgetItem(parent, {name, value});
    item->setToolTip(1, value);
    return item;
}

void EventPane::addJson(QTreeWidgetItem* parent, const QString& key, const QJsonValue& value)
{
    auto* item = new QTreeWidgetItem(parent, {key});
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        item->setText(1, object.isEmpty() ? u"{}"_s : u"{…} %1 fields"_s.arg(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            addJson(item, it.key(), it.value());
        item->setExpanded(true);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        item->setText(1, u"[…] %1 items"_s.arg(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i)
            addJson(item, u"[%1]"_s.arg(i), array.at(i));
        item->setExpanded(array.size() <= 20);
    } else {
        const QString text = scalarText(value);
        item->setText(1, text);
        item->setToolTip(1, text);
        if (text == QString::fromUtf16(MaskPlaceholder))
            item->setData(1, MaskedRole, true);
    }
}

void EventPane::rebuild()
{
    const auto& details = m_selected->details();
    display(details ? &*details : nullptr);
}

void EventPane::display(const EventDetails* details)
{
    m_tree->clear();
    const bool utc = m_settings && m_settings->utc();
    for (QWidget* widget : std::initializer_list<QWidget*> {m_copy, m_copyLink})
        widget->setEnabled(details != nullptr);
    if (!details) {
        m_header->setText(u"Select an event in the timeline or the list to see who did it, when and why."_s);
        m_json->clear();
        m_stored->clear();
        m_reveal->setEnabled(false);
        m_related->setEnabled(false);
        m_tabs->setTabVisible(2, false);
        return;
    }
    const RecordedEvent& event = details->event;
    // The header is a view like the others: what is masked stays masked here until revealed.
    const auto shown = [&](const QString& key, const QString& value) {
        return !m_revealed && !value.isEmpty() && details->maskedKeys.contains(key)
            ? QString::fromUtf16(MaskPlaceholder)
            : value;
    };
    const QString actor = shown(u"actor"_s, details->metadata.value(u"actor"_s).toString());
    const QString reason = shown(
        u"reason"_s, details->metadata.value(u"reason"_s).toString(details->upcastData.value(u"reason"_s).toString()));
    QString header = u"<b>%1</b> · revision %2 · %3"_s.arg(
        event.type.toHtmlEscaped(), QString::number(event.revision), formatTimeExact(event.occurredAt.micros(), utc));
    if (!actor.isEmpty())
        header += u"<br>by <b>%1</b>"_s.arg(actor.toHtmlEscaped());
    if (!reason.isEmpty())
        header += u" — “%1”"_s.arg(reason.toHtmlEscaped());
    m_header->setText(header);

    const bool hasMasked = containsMaskedKey(details->upcastData, details->maskedKeys)
        || containsMaskedKey(details->metadata, details->maskedKeys);
    m_reveal->setEnabled(hasMasked);
    const QJsonObject document = documentShown();

    auto* facts = new QTreeWidgetItem(m_tree, {u"Event"_s});
    addFact(facts, u"Type"_s, event.type);
    addFact(facts, u"Stream"_s, event.streamId);
    addFact(facts, u"Aggregate type"_s, event.aggregateType);
    addFact(facts, u"Revision"_s, QString::number(event.revision));
    addFact(facts, u"Position"_s, QString::number(event.position));
    addFact(facts, u"Occurred"_s, formatTimeExact(event.occurredAt.micros(), utc));
    addFact(facts, u"Recorded"_s, formatTimeExact(event.recordedAt.micros(), utc));
    addFact(facts, u"Schema version"_s,
        details->upcastDiffers()
            ? u"%1 (stored as %2, upcast)"_s.arg(details->upcastSchemaVersion).arg(event.schemaVersion)
            : QString::number(event.schemaVersion));
    addFact(facts, u"Event id"_s, event.eventId.toString(QUuid::WithoutBraces));
    facts->setExpanded(true);

    const QJsonObject metadataShown
        = m_revealed ? details->metadata : maskedJson(details->metadata, details->maskedKeys);
    auto* metadata = new QTreeWidgetItem(m_tree, {u"Metadata"_s});
    const QList<std::pair<QString, QString>> known {{u"actor"_s, u"Actor"_s}, {u"reason"_s, u"Reason"_s},
        {u"command_id"_s, u"Command"_s}, {u"correlation_id"_s, u"Correlation"_s}, {u"causation_id"_s, u"Causation"_s},
        {u"source"_s, u"Source"_s}};
    for (const auto& [key, label] : known) {
        const QJsonValue value = metadataShown.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        auto* item = addFact(metadata, label, scalarText(value));
        const bool masked = value.toString() == QString::fromUtf16(MaskPlaceholder);
        if ((key == u"correlation_id"_s || key == u"causation_id"_s) && !masked) {
            item->setData(1, LinkRole, value.toString());
            item->setToolTip(
                1, u"%1 — press Enter or double-click to open every stream that shares it"_s.arg(value.toString()));
            QFont font = item->font(1);
            font.setUnderline(true);
            item->setFont(1, font);
            item->setForeground(1, palette().color(QPalette::Link));
        }
    }
    for (auto it = metadataShown.begin(); it != metadataShown.end(); ++it) {
        if (std::none_of(known.begin(), known.end(), [&](const auto& pair) { return pair.first == it.key(); }))
            addJson(metadata, it.key(), it.value());
    }
    metadata->setExpanded(true);
    m_related->setEnabled(!details->metadata.value(u"correlation_id"_s).toString().isEmpty());

    auto* data = new QTreeWidgetItem(m_tree, {u"Data"_s});
    const QJsonObject shownData = document.value(u"data"_s).toObject();
    for (auto it = shownData.begin(); it != shownData.end(); ++it)
        addJson(data, it.key(), it.value());
    data->setExpanded(true);
    for (QTreeWidgetItem* top : {facts, metadata, data}) {
        QFont font = top->font(0);
        font.setBold(true);
        top->setFont(0, font);
        top->setFirstColumnSpanned(true);
    }

    m_json->setPlainText(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
    const bool differs = details->upcastDiffers();
    m_tabs->setTabVisible(2, differs);
    if (differs) {
        const QJsonObject stored
            = m_revealed ? details->storedData : maskedJson(details->storedData, details->maskedKeys);
        m_stored->setPlainText(
            u"// As stored, schema version %1 (the other tabs show it upcast to %2)\n"_s.arg(event.schemaVersion)
                .arg(details->upcastSchemaVersion)
            + QString::fromUtf8(QJsonDocument(stored).toJson(QJsonDocument::Indented)));
    }
}

} // namespace flashback
