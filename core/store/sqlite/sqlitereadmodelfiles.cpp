// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitereadmodelfiles.h"
#include "sqliteconnection.h"
#include "util/logging.h"

#include <QFileInfo>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// The search index (SearchIndexProjection::Name; the store layer does not depend on the search layer).
const QStringList KeptApart {u"search_index"_s};

/// A value of a one-row, one-column query, or an empty string when there is no row.
Result<QString> singleText(
    sqlite::SqliteConnection& connection, const QString& sql, const QVariantList& values, const QString& doing)
{
    QSqlQuery& query = connection.statement(sql);
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec())
        return connection.failure(query, doing);
    const QString value = query.next() ? query.value(0).toString() : QString();
    query.finish();
    return value;
}

/// Drops every read-model table of `projection` (all generations, FTS tables first so their shadow tables go
/// with them) and its checkpoint row. Runs inside the caller's write transaction.
Status dropReadModel(sqlite::SqliteConnection& connection, const QString& projection)
{
    const QString prefix = u"rm_"_s + projection + u"__"_s;
    for (const bool virtualTables : {true, false}) {
        QSqlQuery& query = connection.statement(
            u"SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' FROM sqlite_schema WHERE type = 'table'"_s);
        if (!query.exec())
            return connection.failure(query, u"listing the tables of "_s + projection);
        QStringList names;
        while (query.next()) {
            if (query.value(0).toString().startsWith(prefix) && query.value(1).toBool() == virtualTables)
                names.append(query.value(0).toString());
        }
        query.finish();
        for (const QString& name : std::as_const(names)) {
            if (auto status = connection.exec(u"DROP TABLE IF EXISTS \"%1\""_s.arg(name), u"dropping "_s + name);
                !status)
                return status;
        }
    }
    QSqlQuery& forget = connection.statement(u"DELETE FROM projection_checkpoints WHERE name = ?"_s);
    forget.bindValue(0, projection);
    if (!forget.exec())
        return connection.failure(forget, u"forgetting the checkpoint of "_s + projection);
    forget.finish();
    return {};
}

ProjectionCheckpoint neverRun(const QString& name)
{
    ProjectionCheckpoint checkpoint;
    checkpoint.name = name;
    return checkpoint;
}

} // namespace

SqliteReadModelFiles::SqliteReadModelFiles(sqlite::SqliteConnection& store)
    : m_store(store)
    , m_inStore(store)
{ }

// The index connection must close before the store's: SqliteReadModels refers to it.
SqliteReadModelFiles::~SqliteReadModelFiles()
{
    m_inIndex.reset();
    m_indexConnection.reset();
}

QString SqliteReadModelFiles::indexPath(const QString& storePath)
{
    return storePath + u"-search"_s;
}

bool SqliteReadModelFiles::keptApart(const QString& projection)
{
    return KeptApart.contains(projection);
}

QString SqliteReadModelFiles::textIndexNote() const
{
    return u"fts5: SQLite's full-text index holds the terms (in %1, beside the store, so indexing never holds up "
           u"an append); words, prefixes and phrases are looked up."_s.arg(
               QFileInfo(indexPath(m_store.path())).fileName());
}

Result<SqliteReadModels*> SqliteReadModelFiles::indexFile(Need need)
{
    if (m_inIndex)
        return m_inIndex.get();
    const QString path = indexPath(m_store.path());
    if (need == Need::Read && (m_indexUnusable || !QFileInfo::exists(path)))
        return nullptr; // nothing indexed yet, or not this store's index: searches scan
    if (need == Need::Write && m_store.isReadOnly())
        return Error::make(ErrorKind::StoreReadOnly,
            u"The store %1 is open read-only, so its search index cannot be written."_s.arg(m_store.path()), {},
            {{u"path"_s, m_store.path()}});
    if (need == Need::Write) {
        if (auto status = dropLeftoversInStore(); !status)
            return status.error();
    }
    StoreOptions options = m_store.options();
    options.readOnly = m_store.isReadOnly();
    options.mode = options.readOnly ? StoreOptions::OpenMode::OpenExisting : StoreOptions::OpenMode::CreateIfMissing;
    auto connection = sqlite::SqliteConnection::open(path, options, sqlite::IndexFile);
    if (!connection) {
        if (need == Need::Write)
            return connection.error();
        // Reading: an unusable index file only makes searches scan; it never makes them fail.
        qCWarning(lcSqlite) << "not using the search index:" << connection.error().toString();
        m_indexUnusable = true;
        return nullptr;
    }
    auto usable = adopt(**connection);
    if (!usable)
        return usable.error();
    if (!*usable) {
        m_indexUnusable = true;
        return nullptr;
    }
    m_indexConnection = std::move(connection).value();
    m_inIndex = std::make_unique<SqliteReadModels>(*m_indexConnection);
    return m_inIndex.get();
}

Result<bool> SqliteReadModelFiles::adopt(sqlite::SqliteConnection& index)
{
    auto storeId = singleText(
        m_store, u"SELECT value FROM store_info WHERE key = 'store_id'"_s, {}, u"reading the store's id"_s);
    if (!storeId)
        return storeId.error();
    auto head = singleText(m_store, u"SELECT coalesce(max(position), 0) FROM events"_s, {}, u"reading the head"_s);
    if (!head)
        return head.error();
    const QString checkSql
        = u"SELECT CASE WHEN coalesce((SELECT value FROM index_info WHERE key = 'store_id'), '') <> ? THEN 'other' "
          u"WHEN coalesce((SELECT max(max(position), max(rebuild_position)) FROM projection_checkpoints), 0) > ? "
          u"THEN 'ahead' ELSE '' END"_s;
    const QVariantList checkValues {*storeId, head->toLongLong()};
    auto verdict = singleText(index, checkSql, checkValues, u"checking the search index"_s);
    if (!verdict)
        return verdict.error();
    if (verdict->isEmpty())
        return true;
    if (index.isReadOnly()) {
        qCInfo(lcSqlite) << "not using" << index.path() << "(" << *verdict
                         << "): it does not match the store, and the session is read-only";
        return false;
    }
    // Another store's index, a brand-new file, or one ahead of the store (the store was restored from an older
    // copy): start it again from zero. Checked again under the write lock, as another process may be doing this.
    auto status = index.writeTransaction(u"resetting the search index"_s, [&]() -> Status {
        auto again = singleText(index, checkSql, checkValues, u"checking the search index"_s);
        if (!again)
            return again.error();
        if (again->isEmpty())
            return {};
        for (const QString& projection : KeptApart) {
            if (auto dropped = dropReadModel(index, projection); !dropped)
                return dropped;
        }
        QSqlQuery& claim = index.statement(u"INSERT INTO index_info (key, value) VALUES ('store_id', ?) "
                                           u"ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
        claim.bindValue(0, *storeId);
        if (!claim.exec())
            return index.failure(claim, u"claiming the search index"_s);
        claim.finish();
        return {};
    });
    if (!status)
        return status.error();
    qCDebug(lcSqlite) << "search index" << index.path() << "(re)started from zero:" << *verdict;
    return true;
}

Status SqliteReadModelFiles::dropLeftoversInStore()
{
    if (m_leftoversChecked)
        return {};
    QStringList present;
    for (const QString& projection : KeptApart) {
        auto found = singleText(m_store, u"SELECT name FROM projection_checkpoints WHERE name = ?"_s, {projection},
            u"looking for an old copy of "_s + projection);
        if (!found)
            return found.error();
        if (!found->isEmpty())
            present.append(projection);
    }
    if (!present.isEmpty()) {
        auto status = m_store.writeTransaction(u"dropping the old copy of the search index"_s, [&]() -> Status {
            for (const QString& projection : std::as_const(present)) {
                if (auto dropped = dropReadModel(m_store, projection); !dropped)
                    return dropped;
            }
            return {};
        });
        if (!status)
            return status;
        qCInfo(lcSqlite) << "dropped" << present << "from" << m_store.path() << "(now kept in its index file)";
    }
    m_leftoversChecked = true;
    return {};
}

Result<SqliteReadModels*> SqliteReadModelFiles::route(const QString& name, Need need)
{
    if (!keptApart(name))
        return &m_inStore;
    return indexFile(need);
}

Result<ProjectionCheckpoint> SqliteReadModelFiles::checkpoint(const QString& name)
{
    auto where = route(name, Need::Read);
    if (!where)
        return where.error();
    return *where ? (*where)->checkpoint(name) : Result<ProjectionCheckpoint>(neverRun(name));
}

Result<QList<ProjectionCheckpoint>> SqliteReadModelFiles::checkpoints()
{
    auto inStore = m_inStore.checkpoints();
    if (!inStore)
        return inStore.error();
    QList<ProjectionCheckpoint> all;
    for (const ProjectionCheckpoint& checkpoint : std::as_const(*inStore)) {
        if (!keptApart(checkpoint.name)) // an earlier build's copy, not yet dropped
            all.append(checkpoint);
    }
    auto index = indexFile(Need::Read);
    if (!index)
        return index.error();
    if (*index) {
        auto apart = (*index)->checkpoints();
        if (!apart)
            return apart.error();
        all.append(*apart);
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    return all;
}

Status SqliteReadModelFiles::controlProjection(
    const QString& name, const ProjectionControl& control, const ReadModelSchema& schema)
{
    auto where = route(name, Need::Write);
    if (!where)
        return where.error();
    return (*where)->controlProjection(name, control, schema);
}

Status SqliteReadModelFiles::recordThroughput(const QString& name, double eventsPerSecond)
{
    auto where = route(name, Need::Write);
    if (!where)
        return where.error();
    return (*where)->recordThroughput(name, eventsPerSecond);
}

Result<bool> SqliteReadModelFiles::acquireLease(
    const QString& name, const QString& worker, std::chrono::milliseconds lease)
{
    auto where = route(name, Need::Write);
    if (!where)
        return where.error();
    return (*where)->acquireLease(name, worker, lease);
}

Status SqliteReadModelFiles::releaseLease(const QString& name, const QString& worker)
{
    auto where = route(name, Need::Write);
    if (!where)
        return where.error();
    return (*where)->releaseLease(name, worker);
}

Result<std::unique_ptr<ReadModelTransaction>> SqliteReadModelFiles::beginReadModelTransaction(
    const ReadModelSchema& schema, qint64 generation)
{
    auto where = route(schema.projection, Need::Write);
    if (!where)
        return where.error();
    return (*where)->beginReadModelTransaction(schema, generation);
}

Result<QList<ReadModelRow>> SqliteReadModelFiles::queryReadModel(
    const ReadModelSchema& schema, const ReadModelQuery& query)
{
    auto where = route(schema.projection, Need::Read);
    if (!where)
        return where.error();
    if (!*where)
        return QList<ReadModelRow>(); // not indexed yet
    return (*where)->queryReadModel(schema, query);
}

} // namespace flashback
