// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqliteoutbox.h"
#include "sqliteconnection.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

const QString Columns = u"id, idempotency_key, topic, stream_id, event_id, payload, status, attempts, "
                        u"next_attempt_at, last_error, claimed_by, claimed_until, created_at, updated_at"_s;

OutboxEntry entryFromRow(const QSqlQuery& query)
{
    OutboxEntry entry;
    entry.id = query.value(0).toLongLong();
    entry.message.idempotencyKey = query.value(1).toString();
    entry.message.topic = query.value(2).toString();
    entry.message.streamId = query.value(3).toString();
    if (!query.value(4).isNull())
        entry.message.eventId = QUuid::fromRfc4122(query.value(4).toByteArray());
    entry.message.payload = query.value(5).toByteArray();
    entry.status = outboxStatusFromName(query.value(6).toString()).value_or(OutboxStatus::Pending);
    entry.attempts = query.value(7).toInt();
    entry.nextAttemptAt = Timestamp::fromMicros(query.value(8).toLongLong());
    entry.lastError = query.value(9).toString();
    entry.claimedBy = query.value(10).toString();
    entry.claimedUntil = Timestamp::fromMicros(query.value(11).toLongLong());
    entry.createdAt = Timestamp::fromMicros(query.value(12).toLongLong());
    entry.updatedAt = Timestamp::fromMicros(query.value(13).toLongLong());
    return entry;
}

} // namespace

SqliteOutbox::SqliteOutbox(sqlite::SqliteConnection& connection)
    : m_connection(connection)
{ }

Result<QList<OutboxEntry>> SqliteOutbox::claimOutbox(const OutboxClaim& claim)
{
    QList<OutboxEntry> claimed;
    const qint64 until = claim.now.micros() + qint64(claim.lease.count()) * 1000;
    auto status = m_connection.writeTransaction(u"claiming outbox rows"_s, [&]() -> Status {
        QString sql = u"SELECT "_s + Columns
            + u" FROM outbox WHERE ((status = 'pending' AND next_attempt_at <= ?) "
              u"OR (status = 'processing' AND claimed_until < ?))"_s;
        QVariantList values {claim.now.micros(), claim.now.micros()};
        if (!claim.topics.isEmpty()) {
            QStringList marks;
            for (const auto& topic : claim.topics) {
                marks.append(u"?"_s);
                values.append(topic);
            }
            sql += u" AND topic IN ("_s + marks.join(u", "_s) + u')';
        }
        sql += u" ORDER BY id LIMIT ?"_s;
        values.append(claim.maxCount);
        QSqlQuery& select = m_connection.statement(sql);
        for (int i = 0; i < values.size(); ++i)
            select.bindValue(i, values.at(i));
        if (!select.exec())
            return m_connection.failure(select, u"claiming outbox rows"_s);
        while (select.next())
            claimed.append(entryFromRow(select));
        select.finish();
        QSqlQuery& update = m_connection.statement(u"UPDATE outbox SET status = 'processing', attempts = attempts + 1, "
                                                   u"claimed_by = ?, claimed_until = ?, updated_at = ? WHERE id = ?"_s);
        for (auto& entry : claimed) {
            update.bindValue(0, claim.worker);
            update.bindValue(1, until);
            update.bindValue(2, claim.now.micros());
            update.bindValue(3, entry.id);
            if (!update.exec())
                return m_connection.failure(update, u"claiming outbox rows"_s);
            entry.status = OutboxStatus::Processing;
            entry.attempts += 1;
            entry.claimedBy = claim.worker;
            entry.claimedUntil = Timestamp::fromMicros(until);
            entry.updatedAt = claim.now;
        }
        return {};
    });
    if (!status)
        return status.error();
    return claimed;
}

Result<bool> SqliteOutbox::updateOne(const QString& sql, const QVariantList& values, const QString& doing)
{
    bool changed = false;
    auto status = m_connection.writeTransaction(doing, [&]() -> Status {
        QSqlQuery& update = m_connection.statement(sql);
        for (int i = 0; i < values.size(); ++i)
            update.bindValue(i, values.at(i));
        if (!update.exec())
            return m_connection.failure(update, doing);
        changed = update.numRowsAffected() > 0;
        return {};
    });
    if (!status)
        return status.error();
    return changed;
}

Result<bool> SqliteOutbox::completeOutbox(qint64 id, const QString& worker)
{
    return updateOne(u"UPDATE outbox SET status = 'completed', claimed_by = NULL, claimed_until = NULL, "
                     u"last_error = NULL, updated_at = ? WHERE id = ? AND status = 'processing' AND claimed_by = ?"_s,
        {Timestamp::now().micros(), id, worker}, u"completing outbox row "_s + QString::number(id));
}

Result<bool> SqliteOutbox::failOutbox(
    qint64 id, const QString& worker, const QString& error, std::optional<Timestamp> retryAt)
{
    const Timestamp now = Timestamp::now();
    return updateOne(
        u"UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, "
        u"claimed_until = NULL, updated_at = ? WHERE id = ? AND status = 'processing' AND claimed_by = ?"_s,
        {retryAt ? u"pending"_s : u"failed"_s, retryAt.value_or(now).micros(), error, now.micros(), id, worker},
        u"recording a failed delivery"_s);
}

Result<bool> SqliteOutbox::retryOutbox(qint64 id)
{
    const qint64 now = Timestamp::now().micros();
    return updateOne(u"UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? "
                     u"WHERE id = ? AND status IN ('failed', 'discarded')"_s,
        {now, now, id}, u"retrying outbox row "_s + QString::number(id));
}

Result<bool> SqliteOutbox::discardOutbox(qint64 id)
{
    return updateOne(u"UPDATE outbox SET status = 'discarded', updated_at = ? WHERE id = ? AND status = 'failed'"_s,
        {Timestamp::now().micros(), id}, u"discarding outbox row "_s + QString::number(id));
}

Result<QList<OutboxEntry>> SqliteOutbox::listOutbox(const OutboxQuery& query)
{
    QString sql = u"SELECT "_s + Columns + u" FROM outbox WHERE id > ?"_s;
    QVariantList values {query.afterId.value_or(0)};
    if (query.status) {
        sql += u" AND status = ?"_s;
        values.append(outboxStatusName(*query.status));
    }
    sql += u" ORDER BY id LIMIT ?"_s;
    values.append(query.limit);
    QSqlQuery& select = m_connection.statement(sql);
    for (int i = 0; i < values.size(); ++i)
        select.bindValue(i, values.at(i));
    if (!select.exec())
        return m_connection.failure(select, u"listing the outbox"_s);
    QList<OutboxEntry> entries;
    while (select.next())
        entries.append(entryFromRow(select));
    select.finish();
    return entries;
}

Result<std::optional<OutboxEntry>> SqliteOutbox::outboxEntry(qint64 id)
{
    QSqlQuery& select = m_connection.statement(u"SELECT "_s + Columns + u" FROM outbox WHERE id = ?"_s);
    select.bindValue(0, id);
    if (!select.exec())
        return m_connection.failure(select, u"reading the outbox"_s);
    std::optional<OutboxEntry> entry;
    if (select.next())
        entry = entryFromRow(select);
    select.finish();
    return entry;
}

Result<QHash<OutboxStatus, qint64>> SqliteOutbox::outboxCounts()
{
    QSqlQuery& select = m_connection.statement(u"SELECT status, count(*) FROM outbox GROUP BY status"_s);
    if (!select.exec())
        return m_connection.failure(select, u"counting the outbox"_s);
    QHash<OutboxStatus, qint64> counts;
    while (select.next()) {
        if (auto status = outboxStatusFromName(select.value(0).toString()))
            counts.insert(*status, select.value(1).toLongLong());
    }
    select.finish();
    return counts;
}

} // namespace flashback
