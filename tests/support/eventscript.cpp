// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventscript.h"

#include "events/eventscript.h"

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
    auto events = parseEventScript(script, ids ? *ids : defaultIds());
    if (!events) // a fixture that does not parse is a bug in the test itself
        qFatal("%s", qPrintable(events.error().message));
    return *events;
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
