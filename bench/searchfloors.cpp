// SPDX-License-Identifier: GPL-3.0-or-later
#include "searchfloors.h"

#include "benchsupport.h"
#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "pgbenchsupport.h"
#include "search/searchdocument.h"
#include "search/searchindexprojection.h"
#include "store/eventstore.h"

using namespace Qt::StringLiterals;

namespace flashback::bench {

namespace {

constexpr int RowsPerTransaction = 500;

const ReadModelTable& documentsTable()
{
    static const ReadModelTable table = SearchIndexProjection::readModel().tables.constFirst();
    return table;
}

} // namespace

DocumentFile::DocumentFile(const QString& path)
    : m_file(path)
{
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Truncate))
        fail(u"cannot write %1: %2"_s.arg(path, m_file.errorString()));
    m_stream.setDevice(&m_file);
}

qint64 DocumentFile::build(EventStore& store)
{
    const DomainCatalog& catalog = DomainCatalog::builtin();
    const SearchIndexProjection projection;
    ReadAllOptions all;
    all.cursor = 0;
    all.limit = 5000;
    qint64 written = 0;
    for (;;) {
        auto page = store.readAll(all);
        if (!page)
            fail(page.error().toString());
        if (page->isEmpty())
            break;
        for (const RecordedEvent& e : std::as_const(*page)) {
            const DecodedEvent decoded = DecodedEvent::decode(e, catalog.upcasters());
            const SearchDocument document = SearchDocument::of(e, decoded, projection.maskedKeys());
            const ReadModelRow row {{u"position"_s, e.position}, {u"stream_id"_s, e.streamId},
                {u"aggregate_type"_s, e.aggregateType}, {u"revision"_s, e.revision}, {u"event_type"_s, e.type},
                {u"actor"_s, decoded.metadata().actor}, {u"occurred_at"_s, e.occurredAt.micros()},
                {u"summary"_s, document.summary}, {u"terms"_s, document.terms}};
            m_stream << row;
            ++written;
        }
        all.cursor = page->constLast().position;
    }
    if (m_stream.status() != QDataStream::Ok || !m_file.flush())
        fail(u"cannot write the documents to %1"_s.arg(m_file.fileName()));
    return written;
}

void DocumentFile::rewind()
{
    m_file.seek(0);
    m_stream.resetStatus();
}

QList<ReadModelRow> DocumentFile::next(int count)
{
    QList<ReadModelRow> rows;
    while (rows.size() < count && !m_stream.atEnd()) {
        ReadModelRow row;
        m_stream >> row;
        if (m_stream.status() != QDataStream::Ok)
            fail(u"cannot read the documents back from %1"_s.arg(m_file.fileName()));
        rows.append(std::move(row));
    }
    return rows;
}

double rawSqliteIndexRate(const QString& path, DocumentFile& documents)
{
    RawSqlite db(path);
    const ReadModelSql sql(SqlDialect::Sqlite);
    const ReadModelTable& table = documentsTable();
    const QString physical = u"raw_documents"_s;
    db.exec("BEGIN IMMEDIATE");
    for (const QString& statement : sql.drop(table, physical))
        db.exec(statement.toUtf8().constData());
    for (const QString& statement : sql.create(table, physical).value())
        db.exec(statement.toUtf8().constData());
    db.exec("COMMIT");
    const QByteArray insert = sql.upsertSql(table, physical).toUtf8();
    sqlite3_stmt* statement = db.prepare(insert.constData());
    std::vector<QByteArray> texts(table.columns.size());
    documents.rewind();
    qint64 rows = 0;
    Clock::duration spent {};
    for (;;) {
        const QList<ReadModelRow> batch = documents.next(RowsPerTransaction); // read outside the clock
        if (batch.isEmpty())
            break;
        const auto start = Clock::now();
        db.exec("BEGIN IMMEDIATE");
        for (const ReadModelRow& row : batch) {
            for (int c = 0; c < int(table.columns.size()); ++c) {
                const ColumnSpec& column = table.columns.at(c);
                const QVariant value = row.value(column.name);
                if (value.isNull())
                    sqlite3_bind_null(statement, c + 1);
                else if (column.type == ColumnType::Integer)
                    sqlite3_bind_int64(statement, c + 1, value.toLongLong());
                else {
                    texts[size_t(c)] = value.toString().toUtf8();
                    RawSqlite::bindText(statement, c + 1, texts[size_t(c)]);
                }
            }
            db.step(statement);
        }
        db.exec("COMMIT");
        spent += Clock::now() - start;
        rows += batch.size();
    }
    return double(rows) / std::chrono::duration<double>(spent).count();
}

double rawPostgresIndexRate(const QString& conninfo, TextIndexKind kind, DocumentFile& documents)
{
    RawPg db(conninfo);
    const ReadModelSql sql(SqlDialect::Postgres, kind);
    const ReadModelTable& table = documentsTable();
    const QString physical = u"raw_documents"_s;
    for (const QString& statement : sql.drop(table, physical))
        db.exec(statement.toUtf8());
    for (const QString& statement : sql.create(table, physical).value())
        db.exec(statement.toUtf8());
    db.prepare("raw_upsert", sql.upsertSql(table, physical).toUtf8());
    documents.rewind();
    PgParams params;
    qint64 rows = 0;
    Clock::duration spent {};
    for (;;) {
        const QList<ReadModelRow> batch = documents.next(RowsPerTransaction);
        if (batch.isEmpty())
            break;
        const auto start = Clock::now();
        db.exec("BEGIN");
        for (const ReadModelRow& row : batch) {
            params.clear();
            for (const ColumnSpec& column : table.columns) {
                const QVariant value = row.value(column.name);
                if (value.isNull())
                    params.addNull();
                else if (column.type == ColumnType::Integer)
                    params.add(value.toLongLong());
                else
                    params.add(value.toString());
            }
            db.run("raw_upsert", params);
        }
        db.exec("COMMIT");
        spent += Clock::now() - start;
        rows += batch.size();
    }
    return double(rows) / std::chrono::duration<double>(spent).count();
}

} // namespace flashback::bench
