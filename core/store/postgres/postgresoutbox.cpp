// SPDX-License-Identifier: GPL-3.0-or-later
#include "postgresoutbox.h"
#include "pgconnection.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

const QString Columns = u"id, idempotency_key, topic, stream_id, event_id, payload, status, attempts, "
                        u"next_attempt_at, last_error, claimed_by, claimed_until, created_at, updated_at"_s;

OutboxEntry entryFromRow(const postgres::PgResult& result, int row)
{
    OutboxEntry entry;
    entry.id = result.integer(row, 0);
    entry.message.idempotencyKey = result.text(row, 1);
    entry.message.topic = result.text(row, 2);
    entry.message.streamId = result.text(row, 3);
    if (!result.isNull(row, 4))
        entry.message.eventId = result.uuid(row, 4);
    entry.message.payload = result.byteArray(row, 5);
    entry.status = outboxStatusFromName(result.text(row, 6)).value_or(OutboxStatus::Pending);
    entry.attempts = int(result.integer(row, 7));
    entry.nextAttemptAt = Timestamp::fromMicros(result.integer(row, 8));
    entry.lastError = result.text(row, 9);
    entry.claimedBy = result.text(row, 10);
    entry.claimedUntil = Timestamp::fromMicros(result.integer(row, 11));
    entry.createdAt = Timestamp::fromMicros(result.integer(row, 12));
    entry.updatedAt = Timestamp::fromMicros(result.integer(row, 13));
    return entry;
}

Error readOnly(const postgres::PgConnection& connection)
{
    return Error::make(ErrorKind::StoreReadOnly,
        u"The store %1 is open read-only, so its outbox cannot be changed."_s.arg(connection.display()), {},
        {{u"address"_s, connection.display()}});
}

} // namespace

PostgresOutbox::PostgresOutbox(postgres::PgConnection& connection)
    : m_connection(connection)
{ }

Result<QList<OutboxEntry>> PostgresOutbox::claimOutbox(const OutboxClaim& claim)
{
    if (m_connection.isReadOnly())
        return readOnly(m_connection);
    const qint64 until = claim.now.micros() + qint64(claim.lease.count()) * 1000;
    QVariantList values {claim.worker, until, claim.now.micros()};
    QString topics;
    if (!claim.topics.isEmpty()) {
        QStringList marks;
        for (const auto& topic : claim.topics) {
            values.append(topic);
            marks.append(u"$"_s + QString::number(values.size()));
        }
        topics = u" AND topic IN ("_s + marks.join(u", "_s) + u')';
    }
    values.append(claim.maxCount);
    // Rows another dispatcher is claiming right now are skipped, not waited for; a row that changed meanwhile is
    // re-checked against the WHERE clause under its lock (READ COMMITTED), so a completed row is never taken.
    // A claim is over when it expires or when the session that made it has ended (its worker died).
    const QString sql = u"UPDATE outbox SET status = 'processing', attempts = attempts + 1, claimed_by = $1, "
                        u"claimed_pid = pg_backend_pid(), claimed_until = $2, updated_at = $3 WHERE id IN ("
                        u"SELECT id FROM outbox WHERE ((status = 'pending' AND next_attempt_at <= $3) OR "
                        u"(status = 'processing' AND (claimed_until < $3 OR NOT EXISTS "
                        u"(SELECT 1 FROM pg_stat_activity a WHERE a.pid = claimed_pid))))"_s
        + topics + u" ORDER BY id LIMIT $"_s + QString::number(values.size()) + u" FOR UPDATE SKIP LOCKED) RETURNING "_s
        + Columns;
    auto result = m_connection.execPrepared(sql, values, u"claiming outbox rows"_s);
    if (!result)
        return result.error();
    QList<OutboxEntry> claimed;
    for (int row = 0; row < result->rows(); ++row)
        claimed.append(entryFromRow(*result, row));
    std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return claimed;
}

Result<bool> PostgresOutbox::updateOne(const QString& sql, const QVariantList& values, const QString& doing)
{
    if (m_connection.isReadOnly())
        return readOnly(m_connection);
    auto result = m_connection.execPrepared(sql, values, doing);
    if (!result)
        return result.error();
    return result->affectedRows() > 0;
}

Result<bool> PostgresOutbox::completeOutbox(qint64 id, const QString& worker)
{
    return updateOne(u"UPDATE outbox SET status = 'completed', claimed_by = NULL, claimed_until = NULL, "
                     u"last_error = NULL, updated_at = $1 WHERE id = $2 AND status = 'processing' "
                     u"AND claimed_by = $3"_s,
        {Timestamp::now().micros(), id, worker}, u"completing outbox row "_s + QString::number(id));
}

Result<bool> PostgresOutbox::failOutbox(
    qint64 id, const QString& worker, const QString& error, std::optional<Timestamp> retryAt)
{
    const Timestamp now = Timestamp::now();
    return updateOne(
        u"UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3, claimed_by = NULL, "
        u"claimed_until = NULL, updated_at = $4 WHERE id = $5 AND status = 'processing' AND claimed_by = $6"_s,
        {retryAt ? u"pending"_s : u"failed"_s, retryAt.value_or(now).micros(), error, now.micros(), id, worker},
        u"recording a failed delivery"_s);
}

Result<bool> PostgresOutbox::retryOutbox(qint64 id)
{
    const qint64 now = Timestamp::now().micros();
    return updateOne(u"UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1, updated_at = $1 "
                     u"WHERE id = $2 AND status IN ('failed', 'discarded')"_s,
        {now, id}, u"retrying outbox row "_s + QString::number(id));
}

Result<bool> PostgresOutbox::discardOutbox(qint64 id)
{
    return updateOne(u"UPDATE outbox SET status = 'discarded', updated_at = $1 WHERE id = $2 AND status = 'failed'"_s,
        {Timestamp::now().micros(), id}, u"discarding outbox row "_s + QString::number(id));
}

Result<QList<OutboxEntry>> PostgresOutbox::listOutbox(const OutboxQuery& query)
{
    QString sql = u"SELECT "_s + Columns + u" FROM outbox WHERE id > $1"_s;
    QVariantList values {query.afterId.value_or(0)};
    if (query.status) {
        values.append(outboxStatusName(*query.status));
        sql += u" AND status = $2"_s;
    }
    values.append(query.limit);
    sql += u" ORDER BY id LIMIT $"_s + QString::number(values.size());
    auto result = m_connection.execPrepared(sql, values, u"listing the outbox"_s);
    if (!result)
        return result.error();
    QList<OutboxEntry> entries;
    for (int row = 0; row < result->rows(); ++row)
        entries.append(entryFromRow(*result, row));
    return entries;
}

Result<std::optional<OutboxEntry>> PostgresOutbox::outboxEntry(qint64 id)
{
    auto result = m_connection.execPrepared(
        u"SELECT "_s + Columns + u" FROM outbox WHERE id = $1"_s, {id}, u"reading the outbox"_s);
    if (!result)
        return result.error();
    std::optional<OutboxEntry> entry;
    if (result->rows() > 0)
        entry = entryFromRow(*result, 0);
    return entry;
}

Result<QHash<OutboxStatus, qint64>> PostgresOutbox::outboxCounts()
{
    auto result = m_connection.execPrepared(
        u"SELECT status, count(*) FROM outbox GROUP BY status"_s, {}, u"counting the outbox"_s);
    if (!result)
        return result.error();
    QHash<OutboxStatus, qint64> counts;
    for (int row = 0; row < result->rows(); ++row) {
        if (auto status = outboxStatusFromName(result->text(row, 0)))
            counts.insert(*status, result->integer(row, 1));
    }
    return counts;
}

} // namespace flashback
