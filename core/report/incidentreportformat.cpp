// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/incidentreportformat.h"

#include "report/incidentreport.h"
#include "util/jsonmasking.h"

#include <QJsonArray>
#include <QLocale>
#include <QMap>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

// The report is laid out once as blocks, then written as Markdown or HTML, so both say the same.
struct Cell {
    QString text;
    bool code = false; ///< A value or an identifier: monospace, never reflowed.
    bool whole = false; ///< A short identifier (a time, an event type): never broken across lines in HTML.
};

struct Row {
    QList<Cell> cells;
    bool marked = false; ///< The event under scrutiny, or a field it changed.
};

struct Block {
    enum class Kind { Title, Heading, Subheading, Paragraph, Facts, Table };
    Kind kind = Kind::Paragraph;
    QString text;
    QStringList headers; ///< Table: the column names; Facts: the labels.
    QList<Row> rows; ///< Facts: one cell each.
};

QString grouped(qint64 number)
{
    return QLocale(QLocale::English).toString(number);
}

Cell code(const QString& text)
{
    return {text, true};
}

/// A time or an event type in a table: a column reader scans down, which a line break in the middle defeats.
Cell word(const QString& text)
{
    return {text, true, true};
}

Cell value(const QJsonValue& json)
{
    return code(jsonValueText(json));
}

QString orDash(const QString& text)
{
    return text.isEmpty() ? u"—"_s : text;
}

void flatten(const QJsonValue& value, const QString& path, QMap<QString, QJsonValue>& leaves)
{
    if (value.isObject() && !value.toObject().isEmpty()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            flatten(it.value(), path.isEmpty() ? it.key() : path + u'.' + it.key(), leaves);
    } else if (value.isArray() && !value.toArray().isEmpty()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            flatten(array.at(i), path + u'[' + QString::number(i) + u']', leaves);
    } else if (!path.isEmpty()) {
        leaves.insert(path, value);
    }
}

bool changedBy(const QString& leaf, const QList<JsonChange>& changes)
{
    for (const JsonChange& change : changes) {
        if (leaf == change.path || leaf.startsWith(change.path + u'.') || leaf.startsWith(change.path + u'['))
            return true;
    }
    return false;
}

QList<Row> factRows(const QList<Cell>& cells)
{
    QList<Row> rows;
    for (const Cell& cell : cells)
        rows.append({{cell}});
    return rows;
}

using Kind = Block::Kind;

void addCover(const IncidentReport& report, QList<Block>& blocks)
{
    blocks.append({Kind::Title,
        u"Incident report: %1 %2 at revision %3"_s.arg(
            report.aggregateType, report.streamId, QString::number(report.toRevision)),
        {}, {}});

    QStringList labels {u"Store"_s, u"Stream"_s, u"Covers"_s, u"Made"_s, u"Masked fields"_s};
    QList<Cell> facts {code(report.storeAddress), code(report.streamId),
        {u"revisions %1 to %2 of the %3 in the stream"_s.arg(
            grouped(report.fromRevision), grouped(report.toRevision), grouped(report.headRevision))},
        {u"%1 by Flashback %2"_s.arg(report.generatedAt.toIso(), QStringLiteral(FLASHBACK_VERSION))},
        {u"shown as %1; this report never reveals them"_s.arg(QString::fromUtf16(MaskPlaceholder))}};
    if (report.generic) {
        labels.append(u"Folded"_s);
        facts.append({u"generically: Flashback does not know the aggregate type %1, so its state is the merged "
                      u"payloads of its events"_s.arg(report.aggregateType)});
    }
    blocks.append({Kind::Facts, {}, labels, factRows(facts)});
}

void addChosenEvent(const IncidentReport& report, QList<Block>& blocks)
{
    const IncidentEvent& chosen = report.chosen;
    blocks.append({Kind::Heading, u"The event under scrutiny"_s, {}, {}});
    blocks.append({Kind::Facts, {}, {u"Event"_s, u"Revision"_s, u"Time"_s, u"Actor"_s, u"Reason"_s, u"Summary"_s},
        factRows({code(chosen.type),
            {u"%1 (position %2 in the store)"_s.arg(grouped(chosen.revision), grouped(chosen.position))},
            code(chosen.occurredAt.toIso()), code(orDash(chosen.actor)), {orDash(chosen.reason)},
            {orDash(chosen.summary)}})});

    blocks.append({Kind::Heading, u"What it changed"_s, {}, {}});
    if (report.changes.isEmpty()) {
        blocks.append({Kind::Paragraph, u"Nothing: the state is the same before and after this event."_s, {}, {}});
    } else {
        Block table {Kind::Table, {}, {u"Change"_s, u"Field"_s, u"Before"_s, u"After"_s}, {}};
        for (const JsonChange& change : report.changes) {
            table.rows.append(
                {{{jsonChangeKindName(change.kind)}, code(change.path), value(change.before), value(change.after)}});
        }
        blocks.append(table);
    }
}

void addStates(const IncidentReport& report, QList<Block>& blocks)
{
    blocks.append({Kind::Heading, u"State before and after"_s, {}, {}});
    QMap<QString, QJsonValue> before, after;
    flatten(report.stateBefore, {}, before);
    flatten(report.stateAfter, {}, after);
    QStringList paths = before.keys();
    for (const QString& path : after.keys()) {
        if (!before.contains(path))
            paths.append(path);
    }
    std::sort(paths.begin(), paths.end());
    const QString beforeHeader = report.toRevision > 1 ? u"Before (revision %1)"_s.arg(grouped(report.toRevision - 1))
                                                       : u"Before (no events yet)"_s;
    Block states {
        Kind::Table, {}, {u"Field"_s, beforeHeader, u"After (revision %1)"_s.arg(grouped(report.toRevision))}, {}};
    for (const QString& path : std::as_const(paths)) {
        states.rows.append({{code(path), value(before.value(path, QJsonValue(QJsonValue::Undefined))),
                                value(after.value(path, QJsonValue(QJsonValue::Undefined)))},
            changedBy(path, report.changes)});
    }
    if (paths.isEmpty())
        blocks.append({Kind::Paragraph, u"The state is empty."_s, {}, {}});
    else
        blocks.append(states);
    blocks.append({Kind::Paragraph, u"Marked: the fields this event changed."_s, {}, {}});
}

void addHistories(const IncidentReport& report, QList<Block>& blocks)
{
    if (!report.histories.isEmpty())
        blocks.append({Kind::Heading, u"History of the fields"_s, {}, {}});
    for (const IncidentFieldHistory& history : report.histories) {
        blocks.append({Kind::Subheading, history.path, {}, {}});
        if (history.changes.isEmpty()) {
            blocks.append({Kind::Paragraph, u"No event of this stream ever set it."_s, {}, {}});
            continue;
        }
        Block table {Kind::Table, {},
            {u"Revision"_s, u"Time"_s, u"Event"_s, u"Actor"_s, u"Reason"_s, u"Before"_s, u"After"_s}, {}};
        for (const FieldChange& change : history.changes) {
            table.rows.append(
                {{{grouped(change.revision)}, word(change.occurredAt.toIso()), word(change.eventType),
                     code(orDash(change.actor)), {orDash(change.reason)}, value(change.before), value(change.after)},
                    change.revision == report.toRevision});
        }
        blocks.append(table);
    }
}

void addEvents(const IncidentReport& report, QList<Block>& blocks)
{
    blocks.append({Kind::Heading, u"Events"_s, {}, {}});
    blocks.append({Kind::Paragraph,
        u"Revisions %1 to %2, oldest first; the event under scrutiny is marked."_s.arg(
            grouped(report.fromRevision), grouped(report.toRevision)),
        {}, {}});
    Block events {Kind::Table, {}, {u"Revision"_s, u"Time"_s, u"Event"_s, u"Actor"_s, u"Reason"_s, u"Summary"_s}, {}};
    for (const IncidentEvent& event : report.events) {
        events.rows.append({{{grouped(event.revision)}, word(event.occurredAt.toIso()), word(event.type),
                                code(orDash(event.actor)), {orDash(event.reason)}, {orDash(event.summary)}},
            event.revision == report.toRevision});
        if (report.omittedCount > 0 && event.revision == report.omittedAfterRevision) {
            events.rows.append({{{u"…"_s}, {}, {}, {}, {},
                {u"%1 events not listed (revisions %2 to %3)"_s.arg(grouped(report.omittedCount),
                    grouped(report.omittedAfterRevision + 1),
                    grouped(report.omittedAfterRevision + report.omittedCount))}}});
        }
    }
    blocks.append(events);
}

QList<Block> layout(const IncidentReport& report)
{
    QList<Block> blocks;
    addCover(report, blocks);
    addChosenEvent(report, blocks);
    addStates(report, blocks);
    addHistories(report, blocks);
    addEvents(report, blocks);
    return blocks;
}

// Markdown: GitHub-flavoured. Free text has its markup characters escaped; values go in code spans, where only
// the table's pipe needs it.
QString markdownText(const QString& text)
{
    QString out;
    for (const QChar c : text) {
        if (c == u'\n' || c == u'\r') {
            out += u' ';
            continue;
        }
        if (QStringView(u"\\`*_[]<>|#~").contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

QString markdownCell(const Cell& cell, bool bold)
{
    if (cell.text.isEmpty())
        return {};
    QString text;
    if (cell.code) {
        QString inner = QString(cell.text).replace(u'\n', u' ').replace(u'\r', u' ').replace(u"|"_s, u"\\|"_s);
        // A value holding a backtick needs a longer fence, with spaces so one at either end survives.
        text = inner.contains(u'`') ? QString(u"`` "_s + inner + u" ``"_s) : QString(u'`' + inner + u'`');
    } else {
        text = markdownText(cell.text);
    }
    return bold ? u"**"_s + text + u"**"_s : text;
}

QString markdown(const QList<Block>& blocks)
{
    QString out;
    for (const Block& block : blocks) {
        switch (block.kind) {
        case Block::Kind::Title:
            out += u"# "_s + markdownText(block.text) + u"\n\n"_s;
            break;
        case Block::Kind::Heading:
            out += u"## "_s + markdownText(block.text) + u"\n\n"_s;
            break;
        case Block::Kind::Subheading:
            out += u"### `"_s + block.text + u"`\n\n"_s;
            break;
        case Block::Kind::Paragraph:
            out += markdownText(block.text) + u"\n\n"_s;
            break;
        case Block::Kind::Facts:
            for (qsizetype i = 0; i < block.rows.size(); ++i) {
                out += u"- **"_s + markdownText(block.headers.at(i)) + u":** "_s
                    + markdownCell(block.rows.at(i).cells.constFirst(), false) + u'\n';
            }
            out += u'\n';
            break;
        case Block::Kind::Table: {
            QStringList header, rule;
            for (const QString& name : block.headers) {
                header.append(markdownText(name));
                rule.append(u"---"_s);
            }
            out += u"| "_s + header.join(u" | "_s) + u" |\n| "_s + rule.join(u" | "_s) + u" |\n"_s;
            for (const Row& row : block.rows) {
                QStringList cells;
                for (const Cell& cell : row.cells)
                    cells.append(markdownCell(cell, row.marked));
                out += u"| "_s + cells.join(u" | "_s) + u" |\n"_s;
            }
            out += u'\n';
            break;
        }
        }
    }
    return out;
}

/// Values up to this many characters are never broken inside a word in HTML (a status, an actor, a time).
constexpr qsizetype ShortValue = 24;

const char16_t HtmlStyle[] = uR"(
:root { color-scheme: light dark; --fg: #1d1f21; --bg: #ffffff; --muted: #5c6166; --rule: #d4d7db;
  --mark: #fff3c4; --head: #f3f4f6; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #1e1f22; --muted: #a0a4a8; --rule: #3a3d41;
  --mark: #4a3f12; --head: #2a2c30; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  margin: 2em auto; max-width: 72em; padding: 0 1.5em; }
h1 { font-size: 1.5em; margin-bottom: 0.6em; }
h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; }
h3 { font-size: 1em; margin-top: 1.2em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1.2em; margin: 0.5em 0; }
dt { color: var(--muted); }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { text-align: left; vertical-align: top; padding: 0.3em 0.6em; border-bottom: 1px solid var(--rule); }
th { background: var(--head); font-weight: 600; }
tr.marked td { background: var(--mark); font-weight: 600; }
code { font: 0.92em ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
td.word code { overflow-wrap: normal; white-space: nowrap; }
p.note { color: var(--muted); }
@media print { body { margin: 0; max-width: none; } tr { break-inside: avoid; } }
)";

QString htmlCell(const Cell& cell)
{
    const QString text = cell.text.toHtmlEscaped();
    return cell.code && !text.isEmpty() ? u"<code>"_s + text + u"</code>"_s : text;
}

QString html(const QList<Block>& blocks)
{
    QString title = blocks.isEmpty() ? QString() : blocks.constFirst().text;
    QString out = u"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                  u"content=\"width=device-width, initial-scale=1\">\n<title>"_s
        + title.toHtmlEscaped() + u"</title>\n<style>"_s + QString::fromUtf16(HtmlStyle)
        + u"</style>\n</head>\n<body>\n"_s;
    for (const Block& block : blocks) {
        switch (block.kind) {
        case Block::Kind::Title:
            out += u"<h1>"_s + block.text.toHtmlEscaped() + u"</h1>\n"_s;
            break;
        case Block::Kind::Heading:
            out += u"<h2>"_s + block.text.toHtmlEscaped() + u"</h2>\n"_s;
            break;
        case Block::Kind::Subheading:
            out += u"<h3><code>"_s + block.text.toHtmlEscaped() + u"</code></h3>\n"_s;
            break;
        case Block::Kind::Paragraph:
            out += u"<p class=\"note\">"_s + block.text.toHtmlEscaped() + u"</p>\n"_s;
            break;
        case Block::Kind::Facts:
            out += u"<dl>\n"_s;
            for (qsizetype i = 0; i < block.rows.size(); ++i) {
                out += u"<dt>"_s + block.headers.at(i).toHtmlEscaped() + u"</dt><dd>"_s
                    + htmlCell(block.rows.at(i).cells.constFirst()) + u"</dd>\n"_s;
            }
            out += u"</dl>\n"_s;
            break;
        case Block::Kind::Table:
            out += u"<table>\n<thead><tr>"_s;
            for (const QString& name : block.headers)
                out += u"<th>"_s + name.toHtmlEscaped() + u"</th>"_s;
            out += u"</tr></thead>\n<tbody>\n"_s;
            for (const Row& row : block.rows) {
                out += row.marked ? u"<tr class=\"marked\">"_s : u"<tr>"_s;
                for (const Cell& cell : row.cells) {
                    // A short value breaks only where it has spaces: "(absent" over ")" in a narrow column
                    // reads as a different value. Long ones (ids, JSON) may break anywhere rather than widen the page.
                    const bool whole = cell.whole || (cell.code && cell.text.size() <= ShortValue);
                    out += (whole ? u"<td class=\"word\">"_s : u"<td>"_s) + htmlCell(cell) + u"</td>"_s;
                }
                out += u"</tr>\n"_s;
            }
            out += u"</tbody>\n</table>\n"_s;
            break;
        }
    }
    return out + u"</body>\n</html>\n"_s;
}

} // namespace

bool parseIncidentReportFormat(const QString& text, IncidentReportFormat* format)
{
    const QString name = text.trimmed().toLower();
    if (name == u"md"_s || name == u"markdown"_s)
        *format = IncidentReportFormat::Markdown;
    else if (name == u"html"_s)
        *format = IncidentReportFormat::Html;
    else
        return false;
    return true;
}

QString incidentReportFormatName(IncidentReportFormat format)
{
    return format == IncidentReportFormat::Html ? u"html"_s : u"md"_s;
}

QString incidentReportText(const IncidentReport& report, IncidentReportFormat format)
{
    const QList<Block> blocks = layout(report);
    return format == IncidentReportFormat::Html ? html(blocks) : markdown(blocks);
}

} // namespace flashback
