// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventscript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

const QString DefaultDay = u"2025-03-17"_s;

/// Follows JSON string quoting character by character, so a payload or a quoted reason may hold any character.
class Quoting {
public:
    /// Whether `c` belongs to a quoted value (its quotes included).
    bool quoted(QChar c)
    {
        if (m_inString) {
            if (m_escaped)
                m_escaped = false;
            else if (c == u'\\')
                m_escaped = true;
            else if (c == u'"')
                m_inString = false;
            return true;
        }
        m_inString = c == u'"';
        return m_inString;
    }

private:
    bool m_inString = false;
    bool m_escaped = false;
};

/// The items: split at ';' outside quoted values and JSON objects.
QStringList splitItems(const QString& script)
{
    QStringList items;
    QString current;
    Quoting quoting;
    int depth = 0;
    for (const QChar c : script) {
        if (!quoting.quoted(c)) {
            if (c == u';' && depth == 0) {
                items.append(current);
                current.clear();
                continue;
            }
            if (c == u'{')
                ++depth;
            else if (c == u'}')
                --depth;
        }
        current += c;
    }
    items.append(current);
    return items;
}

/// The words of an item's head: split at whitespace outside quoted values.
QStringList splitWords(const QString& head)
{
    QStringList words;
    QString current;
    Quoting quoting;
    for (const QChar c : head) {
        if (!quoting.quoted(c) && c.isSpace()) {
            if (!current.isEmpty())
                words.append(current);
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.isEmpty())
        words.append(current);
    return words;
}

std::optional<QString> wordValue(const QString& text)
{
    if (!text.startsWith(u'"'))
        return QString(text).replace(u'_', u' ');
    // A JSON string: read it as the one element of an array, which QJsonDocument parses with all its escapes.
    const QJsonDocument document = QJsonDocument::fromJson(QString(u'[' + text + u']').toUtf8());
    if (!document.isArray() || document.array().size() != 1 || !document.array().at(0).isString())
        return std::nullopt;
    return document.array().at(0).toString();
}

/// Offset of the payload: the first '{' outside a quoted value.
qsizetype payloadStart(const QString& item)
{
    Quoting quoting;
    for (qsizetype i = 0; i < item.size(); ++i) {
        if (!quoting.quoted(item.at(i)) && item.at(i) == u'{')
            return i;
    }
    return -1;
}

Error itemError(int number, const QString& item, const QString& problem)
{
    return Error::invalidArgument(
        u"Event %1 of the script (%2): %3"_s.arg(number).arg(item.left(80), problem), {}, {{u"item"_s, number}});
}

QString wordText(const QString& value)
{
    static const QRegularExpression bare(u"^[A-Za-z0-9.@:/+-]+$"_s);
    if (bare.match(value).hasMatch())
        return value;
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace

Result<QList<NewEvent>> parseEventScript(const QString& script, IdGenerator& ids)
{
    QList<NewEvent> events;
    QString day = DefaultDay;
    Timestamp last = *Timestamp::parse(day);
    int number = 0;
    for (const QString& rawItem : splitItems(script)) {
        QString item = rawItem.trimmed();
        if (item.isEmpty())
            continue;
        ++number;
        NewEvent event;
        event.data = "{}";
        if (const qsizetype brace = payloadStart(item); brace >= 0) {
            QJsonParseError parseError {};
            const QJsonDocument payload = QJsonDocument::fromJson(item.mid(brace).toUtf8(), &parseError);
            if (parseError.error != QJsonParseError::NoError || !payload.isObject())
                return itemError(
                    number, item, u"the payload is not a JSON object (%1)."_s.arg(parseError.errorString()));
            event.data = NewEvent::encode(payload.object());
            item = item.left(brace).trimmed();
        }
        const QStringList words = splitWords(item);
        QString head = words.value(0);
        if (const qsizetype at = head.indexOf(u'@'); at >= 0) {
            const QString time = head.mid(at + 1);
            head = head.left(at);
            const bool timeOfDay = !time.contains(u'-');
            const auto parsed = Timestamp::parse(timeOfDay ? QString(day + u'T' + time) : time);
            if (!parsed)
                return itemError(number, item, u"'%1' is not a time (HH:MM or an ISO-8601 instant)."_s.arg(time));
            last = *parsed;
            if (!timeOfDay)
                day = last.toIso().left(10);
        } else {
            last = last.addSecs(1);
        }
        if (head.isEmpty())
            return itemError(number, item, u"it has no event type."_s);
        event.type = head;
        event.occurredAt = last;
        for (const QString& word : words.mid(1)) {
            const qsizetype equals = word.indexOf(u'=');
            const QString key = word.left(equals);
            const auto value = equals > 0 ? wordValue(word.mid(equals + 1)) : std::nullopt;
            if (!value)
                return itemError(number, item, u"'%1' is not key=value with a readable value."_s.arg(word));
            if (key == u"actor"_s) {
                event.metadata.actor = *value;
            } else if (key == u"reason"_s) {
                event.metadata.reason = *value;
            } else if (key == u"version"_s) {
                bool ok = false;
                event.schemaVersion = value->toInt(&ok);
                if (!ok || event.schemaVersion < 1)
                    return itemError(number, item, u"the version must be a whole number of at least 1."_s);
            } else {
                return itemError(number, item, u"'%1' is none of actor=, reason= and version=."_s.arg(key));
            }
        }
        event.eventId = ids.newV7(event.occurredAt);
        events.append(event);
    }
    return events;
}

QString eventScriptText(const QList<NewEvent>& events)
{
    QStringList items;
    for (const NewEvent& event : events) {
        QString item = event.type + u'@' + event.occurredAt.toIso();
        if (!event.metadata.actor.isEmpty())
            item += u" actor="_s + wordText(event.metadata.actor);
        if (!event.metadata.reason.isEmpty())
            item += u" reason="_s + wordText(event.metadata.reason);
        if (event.schemaVersion != 1)
            item += u" version="_s + QString::number(event.schemaVersion);
        const QJsonObject payload = QJsonDocument::fromJson(event.data).object();
        if (!payload.isEmpty())
            item += u' ' + QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        items.append(item);
    }
    return items.join(u";\n"_s);
}

} // namespace flashback
