// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What bench_search measures the search index against: the raw floors of indexing (the same documents inserted
// into a table like the projection's, with the same text index, through nothing but the database's C library),
// and the documents themselves, built once before any clock and kept in a file, since 10,000,000 of them would
// not fit in memory as rows.

#include "readmodels/readmodelsql.h"
#include "readmodels/readmodeltable.h"

#include <QDataStream>
#include <QFile>
#include <QList>
#include <QString>

namespace flashback {
class EventStore;
}

namespace flashback::bench {

/// The search_index rows of every event of a store, written to `path` once and read back a batch at a time.
class DocumentFile {
public:
    explicit DocumentFile(const QString& path);

    /// Reads every event of `store` and writes its row; returns how many were written.
    qint64 build(EventStore& store);
    /// Reading starts again from the first row.
    void rewind();
    /// Up to `count` rows; empty at the end.
    QList<ReadModelRow> next(int count);

private:
    QFile m_file;
    QDataStream m_stream;
};

/// The documents inserted with sqlite3 into `raw_documents` of the file at `path` (same columns, same FTS5
/// table and triggers as the projection's), 500 a transaction. Only the inserts and commits are timed; events/s.
double rawSqliteIndexRate(const QString& path, DocumentFile& documents);

/// The same on PostgreSQL through libpq: one prepared upsert per row, 500 a transaction, into a table with the
/// text index the store uses (`kind`: trigram or tsvector). Events/s.
double rawPostgresIndexRate(const QString& conninfo, TextIndexKind kind, DocumentFile& documents);

} // namespace flashback::bench
