// SPDX-License-Identifier: GPL-3.0-or-later
#include "windowstores.h"

using namespace Qt::StringLiterals;

namespace flashback::bench {

void commit(EventStore& store, const UnitOfWork& work)
{
    if (auto result = store.commit(work); !result)
        fail(result.error().toString());
}

NewEvent event(IdGenerator& ids, const QString& type, Timestamp at, int i)
{
    NewEvent event;
    event.eventId = ids.newV7(at);
    event.type = type;
    event.occurredAt = at;
    event.data = "{\"ip\":\"10.77." + QByteArray::number(i / 256 % 256) + '.' + QByteArray::number(i % 256)
        + "\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0\"}";
    event.metadata.actor = u"john.doe@example.com"_s;
    event.metadata.commandId = uuidText(ids.newV4());
    return event;
}

void writeLongStream(EventStore& store, qint64 events, const QString& streamId)
{
    static const QStringList types {
        u"USER_LOGGED_IN"_s, u"USER_UPDATED"_s, u"USER_LOGIN_FAILED"_s, u"USER_PASSWORD_CHANGED"_s};
    IdGenerator ids;
    Timestamp at = *Timestamp::parse(u"2025-01-06T08:00"_s);
    constexpr qint64 Unit = 10000;
    quint32 state = 12345;
    int typeIndex = 0;
    int runLeft = 0;
    for (qint64 done = 0; done < events;) {
        UnitOfWork work;
        StreamAppend append {streamId, u"User"_s, ExpectedRevision::any(), {}, std::nullopt};
        for (qint64 i = 0; i < Unit && done < events; ++i, ++done) {
            if (runLeft-- <= 0) {
                state = state * 1664525u + 1013904223u;
                typeIndex = int(state >> 28) % types.size();
                runLeft = int(state >> 8) % 6;
            }
            at = at.addMicros(1000000 + qint64(state % 5000000));
            append.events.append(event(ids, types.at(typeIndex), at, int(done)));
        }
        work.appends.append(append);
        work.appends.append({u"other"_s, u"User"_s, ExpectedRevision::any(), {event(ids, types.at(0), at, 0)}, {}});
        commit(store, work);
    }
}

void writeManyStreams(EventStore& store, qint64 streams, int maxEvents)
{
    static const QStringList aggregateTypes {u"User"_s, u"Order"_s, u"Invoice"_s, u"Session"_s, u"Cart"_s};
    static const QStringList types {u"CREATED"_s, u"UPDATED"_s, u"CLOSED"_s};
    IdGenerator ids;
    const Timestamp start = *Timestamp::parse(u"2025-01-06T00:00"_s);
    quint32 state = 777;
    constexpr qint64 Unit = 1000;
    for (qint64 done = 0; done < streams;) {
        UnitOfWork work;
        for (qint64 i = 0; i < Unit && done < streams; ++i, ++done) {
            state = state * 1664525u + 1013904223u;
            StreamAppend append {uuidText(ids.newV4()), aggregateTypes.at(int(state >> 29) % aggregateTypes.size()),
                ExpectedRevision::noStream(), {}, std::nullopt};
            Timestamp at = start.addSecs(qint64(state % (70u * 86400u)));
            for (quint32 e = 0; e <= (state >> 12) % quint32(maxEvents); ++e) {
                append.events.append(
                    event(ids, append.aggregateType.toUpper() + u'_' + types.at(int(e % 3)), at, int(done)));
                at = at.addSecs(60);
            }
            work.appends.append(append);
        }
        commit(store, work);
    }
}

QString orderBy(StreamSort sort)
{
    switch (sort) {
    case StreamSort::LastActivity:
        return u"last_occurred_at DESC, last_position DESC"_s;
    case StreamSort::StreamId:
        return u"stream_id DESC"_s;
    case StreamSort::AggregateType:
        return u"aggregate_type DESC, last_position DESC"_s;
    case StreamSort::EventCount:
        return u"revision DESC, last_position DESC"_s;
    case StreamSort::FirstActivity:
        return u"created_at DESC, last_position DESC"_s;
    case StreamSort::LastEventType:
        return u"last_event_type DESC, last_position DESC"_s;
    }
    return {};
}

const QList<std::pair<StreamSort, const char*>> Sorts {{StreamSort::LastActivity, "last activity"},
    {StreamSort::StreamId, "stream id"}, {StreamSort::AggregateType, "aggregate type"},
    {StreamSort::EventCount, "event count"}, {StreamSort::FirstActivity, "first activity"},
    {StreamSort::LastEventType, "last event type"}};

} // namespace flashback::bench
