// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectionworkload.h"

#include "domain/user/userevents.h"
#include "util/uuid.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback::bench {

namespace {

const QStringList Agents {
    u"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 "
    u"Safari/537.36"_s,
    u"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
    u"Safari/605.1.15"_s,
    u"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"_s,
    u"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"_s,
    u"sync-agent/4.2"_s,
};
const QStringList FirstNames {u"Ada"_s, u"Grace"_s, u"Alan"_s, u"Edsger"_s, u"Barbara"_s, u"Donald"_s};
const QStringList LastNames {u"Lovelace"_s, u"Hopper"_s, u"Turing"_s, u"Dijkstra"_s, u"Liskov"_s, u"Knuth"_s};

/// A PBKDF2 hash string of the form PasswordHasher writes, without spending the iterations.
QString fakeHash(quint64 bits)
{
    const QByteArray salt = QByteArray::number(bits, 16).rightJustified(16, '0');
    const QByteArray derived = QByteArray::number(bits * 31, 16).rightJustified(32, '0');
    return u"pbkdf2_sha256$1000$"_s + QString::fromLatin1(salt.toBase64()) + u'$'
        + QString::fromLatin1(derived.toBase64());
}

} // namespace

ProjectionWorkload::ProjectionWorkload(qint64 events, int streams, int perAppend)
    : m_events(events)
    , m_streams(streams)
    , m_perAppend(perAppend)
{
    IdGenerator ids(42);
    m_streamIds.reserve(streams);
    for (int i = 0; i < streams; ++i)
        m_streamIds.append(uuidText(ids.newV4()));
}

NewEvent ProjectionWorkload::event(qint64 index, int stream, qint64 inStream) const
{
    using namespace UserEvents;
    static const Timestamp base = Timestamp::fromMicros(1736935200000000); // 2025-01-15T10:00:00Z
    const quint64 bits = quint64(index) * 2654435761u;
    const QString handle = u"user"_s + QString::number(stream);
    NewEvent event;
    event.occurredAt = base.addMicros(index * 6000000); // one event every 6 s: about 70 days for a million
    event.metadata.actor = handle + u"@example.com"_s;
    QJsonObject data;
    if (inStream == 0) {
        event.type = UserCreated;
        event.schemaVersion = UserCreatedSchemaVersion;
        event.metadata.actor = u"admin@example.com"_s;
        data = QJsonObject {{u"username"_s, handle}, {u"email"_s, QString(handle + u"@example.com"_s)},
            {u"first_name"_s, FirstNames.at(stream % FirstNames.size())},
            {u"last_name"_s, LastNames.at(stream / FirstNames.size() % LastNames.size())},
            {u"password_hash"_s, fakeHash(bits)}, {u"hashing_method"_s, u"pbkdf2_sha256"_s}, {u"role"_s, u"user"_s}};
    } else if (inStream % 50 == 25) {
        event.type = UserSuspended;
        event.metadata.actor = u"fraud-detector@example.com"_s;
        event.metadata.reason = u"Login from an unusual location"_s;
        data = QJsonObject {{u"reason"_s, event.metadata.reason}};
    } else if (inStream % 50 == 26) {
        event.type = UserReactivated;
        event.metadata.actor = u"support@example.com"_s;
        event.metadata.reason = u"Identity verified by phone"_s;
        data = QJsonObject {{u"reason"_s, event.metadata.reason}};
    } else if (bits % 100 < 3) {
        event.type = UserNameChanged;
        data = QJsonObject {{u"first_name"_s, FirstNames.at(int(bits % 7 % FirstNames.size()))},
            {u"last_name"_s,
                QString(LastNames.at(int(bits % 11 % LastNames.size())) + u'-' + QString::number(inStream))}};
    } else if (bits % 100 < 6) {
        event.type = UserEmailChanged;
        data = QJsonObject {{u"email"_s, QString(handle + u'.' + QString::number(inStream) + u"@example.org"_s)},
            {u"previous_email"_s, QString(handle + u"@example.com"_s)}};
    } else if (bits % 100 < 8) {
        event.type = PasswordChanged;
        data = QJsonObject {{u"password_hash"_s, fakeHash(bits)}, {u"hashing_method"_s, u"pbkdf2_sha256"_s}};
    } else {
        event.type = UserLoggedIn;
        data = QJsonObject {{u"ip"_s, u"198.51.%1.%2"_s.arg(bits % 256).arg((bits >> 8) % 256)},
            {u"user_agent"_s, Agents.at(int(index % Agents.size()))}};
    }
    event.data = NewEvent::encode(data);
    return event;
}

UnitOfWork ProjectionWorkload::appends(qint64 first, qint64 count) const
{
    // Seeded by the first append, so a chunk is the same whoever asks for it.
    IdGenerator ids(quint64(first) * 7919 + 1);
    UnitOfWork work;
    const qint64 end = std::min(first + count, appendCount());
    for (qint64 a = first; a < end; ++a) {
        StreamAppend append;
        const int stream = int(a % m_streams);
        append.streamId = m_streamIds.at(stream);
        append.aggregateType = u"User"_s;
        const QString commandId = uuidText(ids.newV4());
        const qint64 firstEvent = a * m_perAppend;
        const qint64 lastEvent = std::min(firstEvent + m_perAppend, m_events);
        const qint64 firstInStream = a / m_streams * m_perAppend;
        for (qint64 i = firstEvent; i < lastEvent; ++i) {
            NewEvent next = event(i, stream, firstInStream + (i - firstEvent));
            next.eventId = ids.newV7(next.occurredAt);
            next.metadata.commandId = commandId;
            next.metadata.correlationId = commandId;
            next.metadata.source = u"web"_s;
            append.events.append(std::move(next));
        }
        work.appends.append(std::move(append));
    }
    return work;
}

} // namespace flashback::bench
