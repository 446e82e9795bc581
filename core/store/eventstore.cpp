// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventstore.h"

using namespace Qt::StringLiterals;

namespace flashback {

Result<CommitResult> EventStore::append(
    const QString& streamId, const QString& aggregateType, ExpectedRevision expected, const QList<NewEvent>& events)
{
    UnitOfWork work;
    work.appends.append(StreamAppend {streamId, aggregateType, expected, events, {}});
    return commit(work);
}

QString ExpectedRevision::describe() const
{
    switch (m_kind) {
    case Kind::Any:
        return u"any revision"_s;
    case Kind::NoStream:
        return u"no stream"_s;
    case Kind::StreamExists:
        return u"an existing stream"_s;
    case Kind::Exact:
        return u"revision "_s + QString::number(m_revision);
    }
    return {};
}

Result<std::optional<RecordedEvent>> EventStore::readEvent(const QString& streamId, qint64 revision)
{
    StreamReadOptions one;
    one.fromRevision = revision;
    one.toRevision = revision;
    auto events = readStream(streamId, one);
    if (!events)
        return events.error();
    if (events->isEmpty())
        return std::optional<RecordedEvent> {};
    return std::optional<RecordedEvent> {events->takeFirst()};
}

} // namespace flashback
