// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/readmodelstore.h"
#include "sqlitereadmodels.h"

#include <memory>

namespace flashback {

namespace sqlite {
class SqliteConnection;
}

/// The read models of a SQLite store, in two files. Most live in the store's own file. The search index lives in
/// `<store>-search` beside it: its batches are heavy (FTS5 merges segments inside the writing transaction), and
/// SQLite has one writer per file, so in the store's file every batch held the lock appends need (appends ran at a
/// fifth of their speed beside a following index). A projection's rows and its checkpoint stay in one file, so
/// a batch is still one transaction and exactly-once holds.
///
/// The index file is a cache of the events: it is created when its projection first writes, read only when it
/// belongs to this store (the store's id, and a checkpoint no further than the store's head), and reset when it
/// does not. A store without one (copied alone, or read-only) answers as a projection that has not run yet, so a
/// search scans instead of missing anything.
class SqliteReadModelFiles final : public ReadModelStore {
public:
    explicit SqliteReadModelFiles(sqlite::SqliteConnection& store);
    ~SqliteReadModelFiles() override;

    /// Where the index file of the store at `storePath` is.
    static QString indexPath(const QString& storePath);
    /// Whether `projection`'s read model is kept in the index file.
    static bool keptApart(const QString& projection);

    Result<ProjectionCheckpoint> checkpoint(const QString& name) override;
    Result<QList<ProjectionCheckpoint>> checkpoints() override;
    Status controlProjection(
        const QString& name, const ProjectionControl& control, const ReadModelSchema& schema) override;
    Status recordThroughput(const QString& name, double eventsPerSecond) override;
    Result<bool> acquireLease(const QString& name, const QString& worker, std::chrono::milliseconds lease) override;
    Status releaseLease(const QString& name, const QString& worker) override;
    Result<std::unique_ptr<ReadModelTransaction>> beginReadModelTransaction(
        const ReadModelSchema& schema, qint64 generation) override;
    Result<QList<ReadModelRow>> queryReadModel(const ReadModelSchema& schema, const ReadModelQuery& query) override;
    TextIndexKind textIndex() const override { return m_inStore.textIndex(); }
    QString textIndexNote() const override;

private:
    enum class Need { Read, Write };
    /// The index file's read models, opened (and for writing created) on first use. Null when reading and there
    /// is no usable index file: none yet, or one that is not this store's in a session that may not reset it.
    Result<SqliteReadModels*> indexFile(Need need);
    /// Checks that the freshly opened index file belongs to this store; resets it when not (and allowed to).
    Result<bool> adopt(sqlite::SqliteConnection& index);
    /// Read models of kept-apart projections written into the store's file by an earlier build: dropped once.
    Status dropLeftoversInStore();
    /// For the name-only calls: the index file's read models when `name` is kept apart, else the store's.
    Result<SqliteReadModels*> route(const QString& name, Need need);

    sqlite::SqliteConnection& m_store;
    SqliteReadModels m_inStore;
    std::unique_ptr<sqlite::SqliteConnection> m_indexConnection;
    std::unique_ptr<SqliteReadModels> m_inIndex;
    bool m_leftoversChecked = false;
    /// Reading found an index file this session cannot use (not this store's, read-only; or damaged).
    bool m_indexUnusable = false;
};

} // namespace flashback
