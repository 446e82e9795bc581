#include "eventscript.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback::test {

namespace {
IdGenerator& defaultIds()
{
    static IdGenerator ids;
    return ids;
}
} // namespace

QList<NewEvent> eventScript(const QString& script, IdGenerator* ids)
{
    IdGenerator& generator = ids ? *ids : defaultIds();
    QList<NewEvent> events;
    QString day = u"2025-03-17"_s;
    Timestamp last = *Timestamp::parse(day);
    const auto items = script.split(u';', Qt::SkipEmptyParts);
    for (const QString& rawItem : items) {
        QString item = rawItem.trimmed();
        NewEvent event;
        event.data = "{}";
        const qsizetype brace = item.indexOf(u'{');
        if (brace >= 0) {
            event.data = NewEvent::encode(QJsonDocument::fromJson(item.mid(brace).toUtf8()).object());
            item = item.left(brace).trimmed();
        }
        const auto words = item.split(u' ', Qt::SkipEmptyParts);
        QString head = words.value(0);
        if (const qsizetype at = head.indexOf(u'@'); at >= 0) {
            const QString time = head.mid(at + 1);
            head = head.left(at);
            if (time.size() <= 5) {
                last = *Timestamp::parse(QString(day + u'T' + time));
            } else {
                last = *Timestamp::parse(time);
                day = last.toIso().left(10);
            }
        } else {
            last = last.addSecs(1);
        }
        event.type = head;
        event.occurredAt = last;
        for (const QString& word : words.mid(1)) {
            const QString value = word.section(u'=', 1).replace(u'_', u' ');
            if (word.startsWith(u"actor="_s))
                event.metadata.actor = value;
            else if (word.startsWith(u"reason="_s))
                event.metadata.reason = value;
            else if (word.startsWith(u"version="_s))
                event.schemaVersion = value.toInt();
        }
        event.eventId = generator.newV7(event.occurredAt);
        events.append(event);
    }
    return events;
}

NewEvent makeEvent(const QString& type, const QJsonObject& data, const QString& actor)
{
    NewEvent event;
    event.eventId = defaultIds().newV7(Timestamp::now());
    event.type = type;
    event.occurredAt = Timestamp::now();
    event.data = NewEvent::encode(data);
    event.metadata.actor = actor;
    return event;
}

} // namespace flashback::test
