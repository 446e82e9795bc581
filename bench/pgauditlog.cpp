// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgauditlog.h"
#include "benchsupport.h"
#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "projections/eventsummary.h"
#include "projections/readmodelschemas.h"
#include "readmodels/readmodelsql.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback::bench {

namespace {

QByteArray field(const PGresult* result, int row, int column)
{
    return QByteArray::fromRawData(PQgetvalue(result, row, column), PQgetlength(result, row, column));
}

QByteArray textOrNull(const QString& text)
{
    return text.isEmpty() ? QByteArray() : text.toUtf8();
}

} // namespace

RawAuditLog::RawAuditLog(RawPg& db, QString table, QString checkpoint)
    : m_db(db)
    , m_table(std::move(table))
    , m_checkpoint(std::move(checkpoint))
    , m_maskedKeys(DomainCatalog::builtin().maskedFields())
{ }

void RawAuditLog::create()
{
    const ReadModelSql sql(SqlDialect::Postgres);
    const ReadModelTable entries = auditLogReadModel().tables.constFirst();
    m_db.exec("BEGIN");
    for (const QString& statement : sql.drop(entries, m_table))
        m_db.exec(statement.toUtf8());
    for (const QString& statement : sql.create(entries, m_table).value())
        m_db.exec(statement.toUtf8());
    PgParams params;
    params.add(m_checkpoint).add(Timestamp::now().micros());
    m_db.query("INSERT INTO projection_checkpoints (name, updated_at, moved_at) VALUES ($1, $2, $2) "
               "ON CONFLICT (name) DO UPDATE SET position = 0, events_processed = 0",
        params);
    m_db.exec("COMMIT");
    if (!m_prepared) {
        m_db.prepare("raw_audit_read",
            "SELECT e.position, e.event_id, s.stream_id, s.aggregate_type, e.revision, e.type, e.schema_version, "
            "e.occurred_at, e.recorded_at, e.data, e.metadata FROM events e JOIN streams s ON s.stream_pk = "
            "e.stream_pk WHERE e.position > $1 ORDER BY e.position ASC LIMIT $2");
        m_db.prepare("raw_audit_upsert", sql.upsertSql(entries, m_table).toUtf8());
        m_db.prepare("raw_audit_checkpoint",
            "UPDATE projection_checkpoints SET position = $1, events_processed = events_processed + $2, "
            "updated_at = $3, moved_at = $3 WHERE name = $4");
        m_prepared = true;
    }
}

RawBatchDone RawAuditLog::runBatch(qint64 cursor, qint64 limit)
{
    m_db.exec("BEGIN");
    PgParams params;
    params.add(cursor).add(limit);
    const PgResultPtr events = m_db.run("raw_audit_read", params);
    const int rows = PQntuples(events.get());
    RawBatchDone done {cursor, cursor};
    for (int row = 0; row < rows; ++row) {
        const PGresult* result = events.get();
        DecodedEvent event;
        event.position = field(result, row, 0).toLongLong();
        event.revision = field(result, row, 4).toLongLong();
        event.type = QString::fromUtf8(field(result, row, 5));
        event.schemaVersion = event.storedSchemaVersion = field(result, row, 6).toInt();
        event.occurredAt = Timestamp::fromMicros(field(result, row, 7).toLongLong());
        event.data = QJsonDocument::fromJson(field(result, row, 9)).object();
        event.metadataJson = QByteArray(field(result, row, 10));
        const QJsonObject metadata = QJsonDocument::fromJson(event.metadataJson).object();
        QString why = metadata.value("reason"_L1).toString();
        if (why.isEmpty())
            why = event.data.value("reason"_L1).toString();

        params.clear();
        params.add(QByteArray(field(result, row, 0)))
            .add(event.occurredAt.toIso())
            .add(Timestamp::fromMicros(field(result, row, 8).toLongLong()).toIso())
            .add(QByteArray(field(result, row, 2)))
            .add(QByteArray(field(result, row, 3)))
            .add(QByteArray(field(result, row, 4)))
            .add(QByteArray(field(result, row, 5)))
            .add(textOrNull(metadata.value("actor"_L1).toString()))
            .add(textOrNull(why))
            .add(eventSummary(event, m_maskedKeys));
        m_db.run("raw_audit_upsert", params);
        done.to = event.position;
    }
    if (rows > 0) {
        params.clear();
        params.add(done.to).add(qint64(rows)).add(Timestamp::now().micros()).add(m_checkpoint);
        m_db.run("raw_audit_checkpoint", params);
    }
    m_db.exec("COMMIT");
    return done;
}

void RawAuditLog::drop()
{
    m_db.exec("DROP TABLE IF EXISTS " + m_table.toUtf8());
    PgParams params;
    params.add(m_checkpoint);
    m_db.query("DELETE FROM projection_checkpoints WHERE name = $1", params);
}

qint64 requireEqualTables(RawPg& db, const QString& first, const QString& second)
{
    const QByteArray a = first.toUtf8(), b = second.toUtf8();
    const PgResultPtr result = db.exec("SELECT (SELECT count(*) FROM " + a + "), (SELECT count(*) FROM " + b
        + "), (SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT SELECT * FROM " + b
        + ") x), (SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT SELECT * FROM " + a + ") y)");
    const auto number = [&](int column) { return QByteArray(PQgetvalue(result.get(), 0, column)).toLongLong(); };
    if (number(0) != number(1) || number(2) != 0 || number(3) != 0)
        fail(u"the audit tables differ: %1 has %2 rows, %3 has %4; %5 only in the first, %6 only in the second"_s
                 .arg(first)
                 .arg(number(0))
                 .arg(second)
                 .arg(number(1))
                 .arg(number(2))
                 .arg(number(3)));
    return number(0);
}

} // namespace flashback::bench
