// SPDX-License-Identifier: GPL-3.0-or-later
#include "appendworkload.h"
#include "benchsupport.h"
#include "store/eventstore.h"

#include "util/uuid.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback::bench {

AppendWorkload::AppendWorkload(qint64 events, int streams, int batch)
    : m_events(events)
    , m_streams(streams)
    , m_batch(batch)
{
    IdGenerator ids(42);
    m_streamIds.reserve(streams);
    for (int i = 0; i < streams; ++i)
        m_streamIds.append(uuidText(ids.newV4()));
}

QList<Batch> AppendWorkload::batches(qint64 first, qint64 count) const
{
    // Login events as a web front end records them, so payload and metadata sizes resemble real ones.
    static const QString type = u"USER_LOGGED_IN"_s;
    static const QString source = u"web"_s;
    static const QStringList agents {
        u"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
        u"Safari/537.36"_s,
        u"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
        u"Safari/605.1.15"_s,
        u"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"_s,
        u"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"_s,
        u"curl/8.5.0"_s,
    };
    static const QStringList methods {u"password"_s, u"sso"_s, u"passkey"_s};
    const Timestamp base = Timestamp::fromMicros(1742205600000000); // 2025-03-17T10:00:00Z
    // Seeded by the first batch, so a chunk is the same whichever side asks for it.
    IdGenerator ids(quint64(first) * 7919 + 1);

    QList<Batch> result;
    const qint64 end = std::min(first + count, batchCount());
    for (qint64 b = first; b < end; ++b) {
        Batch batch;
        batch.stream = int(b % m_streams);
        const QString actor = u"user:"_s + m_streamIds.at(batch.stream);
        const QString commandId = uuidText(ids.newV4());
        const qint64 firstEvent = b * m_batch;
        const qint64 lastEvent = std::min(firstEvent + m_batch, m_events);
        batch.events.reserve(lastEvent - firstEvent);
        for (qint64 i = firstEvent; i < lastEvent; ++i) {
            NewEvent event;
            event.occurredAt = base.addMicros(i * 1000);
            event.eventId = ids.newV7(event.occurredAt);
            event.type = type;
            const quint64 bits = quint64(i) * 2654435761u;
            event.data = NewEvent::encode({
                {u"ip"_s, u"198.51.%1.%2"_s.arg(bits % 256).arg((bits >> 8) % 256)},
                {u"user_agent"_s, agents.at(int(i % agents.size()))},
                {u"session_id"_s, QString::number(bits, 16).rightJustified(16, u'0')},
                {u"method"_s, methods.at(int(i % methods.size()))},
                {u"mfa"_s, i % 3 == 0},
            });
            event.metadata.actor = actor;
            event.metadata.commandId = commandId;
            event.metadata.correlationId = commandId;
            event.metadata.source = source;
            batch.events.append(std::move(event));
        }
        result.append(std::move(batch));
    }
    return result;
}

qint64 AppendWorkload::appendThrough(EventStore& store, Stopwatch& clock) const
{
    using namespace Qt::StringLiterals;
    qint64 written = 0;
    for (qint64 first = 0; first < batchCount(); first += ChunkBatches) {
        QList<UnitOfWork> chunk;
        const QList<Batch> generated = batches(first, ChunkBatches);
        chunk.reserve(generated.size());
        for (const Batch& batch : generated) {
            StreamAppend append;
            append.streamId = streamId(batch.stream);
            append.aggregateType = u"User"_s;
            append.expected = ExpectedRevision::any();
            append.events = batch.events;
            UnitOfWork work;
            work.appends.append(std::move(append));
            chunk.append(std::move(work));
        }
        clock.start();
        for (const UnitOfWork& work : std::as_const(chunk)) {
            auto committed = store.commit(work);
            if (!committed)
                fail(committed.error().toString());
            written += committed->events.size();
        }
        clock.stop();
    }
    return written;
}

} // namespace flashback::bench
