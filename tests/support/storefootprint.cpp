// SPDX-License-Identifier: GPL-3.0-or-later
#include "storefootprint.h"

#include "outbox/outboxstore.h"

using namespace Qt::StringLiterals;

namespace flashback::test {

QString footprint(
    EventStore& store, const QList<std::pair<QString, QString>>& reservations, const QStringList& commandIds)
{
    const auto head = store.headPosition();
    QStringList lines {head ? u"head %1"_s.arg(*head) : head.error().toString()};
    StreamListOptions all;
    all.limit = 1000;
    const auto streams = store.listStreams(all); // kept: a loop over a temporary's member would dangle
    if (!streams)
        return streams.error().toString();
    for (const StreamInfo& stream : streams->streams)
        lines.append(u"stream %1 %2 %3"_s.arg(stream.streamId).arg(stream.revision).arg(stream.aggregateType));
    const auto outbox = store.outbox().listOutbox({});
    if (!outbox)
        return outbox.error().toString();
    for (const OutboxEntry& entry : *outbox)
        lines.append(
            u"outbox %1 %2 %3"_s.arg(entry.message.idempotencyKey, outboxStatusName(entry.status)).arg(entry.attempts));
    for (const auto& [scope, key] : reservations) {
        const auto owner = store.reservationOwner(scope, key);
        lines.append(
            u"reservation %1 %2 %3"_s.arg(scope, key, owner ? owner->value_or(u"-"_s) : owner.error().toString()));
    }
    for (const QString& id : commandIds) {
        const auto found = store.findCommand(id);
        lines.append(u"command %1 %2"_s.arg(id,
            !found                   ? found.error().toString()
                : found->has_value() ? u"recorded"_s
                                     : u"-"_s));
    }
    return lines.join(u'\n');
}

} // namespace flashback::test
