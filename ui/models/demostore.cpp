// SPDX-License-Identifier: GPL-3.0-or-later
#include "demostore.h"

#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "store/sqlite/sqlitereadmodelfiles.h"
#include "store/storeopener.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMetaObject>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
/// The files SQLite and Flashback may leave for a store at `path`: itself, its WAL and shared memory, and its
/// search index file with its own.
QStringList sqliteFiles(const QString& path)
{
    const QString index = SqliteReadModelFiles::indexPath(path);
    return {path, path + u"-wal"_s, path + u"-shm"_s, index, index + u"-wal"_s, index + u"-shm"_s};
}
} // namespace

DemoStore::DemoStore(QObject* parent)
    : QObject(parent)
{ }

DemoStore::~DemoStore()
{
    if (m_thread.joinable())
        m_thread.join();
}

QString DemoStore::defaultPath(const QString& folder)
{
    const QString base
        = folder.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) : folder;
    return QDir(base).filePath(u"demo.flashback"_s);
}

void DemoStore::prepare(const QString& path)
{
    if (QFileInfo::exists(path)) {
        Q_EMIT ready(path);
        return;
    }
    if (isRunning())
        return;
    if (m_thread.joinable())
        m_thread.join();
    m_done = false;
    m_thread = std::thread([this, path] {
        const auto report = [this](auto signal) { QMetaObject::invokeMethod(this, signal, Qt::QueuedConnection); };
        const QString partial = path + u".partial"_s;
        Status status;
        if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
            status = Error::make(ErrorKind::StoreUnavailable,
                u"The folder %1 cannot be created for the demo store."_s.arg(QFileInfo(path).absolutePath()));
        } else {
            for (const QString& leftover : sqliteFiles(partial))
                QFile::remove(leftover);
            StoreOptions options;
            options.mode = StoreOptions::OpenMode::CreateIfMissing;
            options.durability = StoreOptions::Durability::Normal;
            auto store = openStore(StoreAddress {StoreAddress::Kind::Sqlite, partial}, options);
            if (!store) {
                status = store.error();
            } else {
                DemoOptions demo;
                demo.progress = [this](qint64 written, qint64 planned) {
                    QMetaObject::invokeMethod(
                        this, [this, written, planned] { Q_EMIT progress(written, planned); }, Qt::QueuedConnection);
                };
                auto summary = generateDemo(**store, DomainCatalog::builtin(), demo);
                if (!summary)
                    status = summary.error();
                store->reset(); // closes the file (and checkpoints its WAL) before the rename
            }
            // The search index file first, so the store never appears without the index it was made with (an
            // index file left from an earlier demo store there is replaced).
            const QString index = SqliteReadModelFiles::indexPath(path);
            if (status && QFileInfo::exists(SqliteReadModelFiles::indexPath(partial))) {
                QFile::remove(index);
                if (!QFile::rename(SqliteReadModelFiles::indexPath(partial), index))
                    status = Error::make(ErrorKind::StoreUnavailable,
                        u"The demo store was generated but its search index could not be moved to %1."_s.arg(index));
            }
            if (status && !QFile::rename(partial, path))
                status = Error::make(ErrorKind::StoreUnavailable,
                    u"The demo store was generated but could not be moved to %1."_s.arg(path));
            if (!status) {
                for (const QString& leftover : sqliteFiles(partial))
                    QFile::remove(leftover);
            }
        }
        m_done = true;
        if (status)
            report([this, path] { Q_EMIT ready(path); });
        else
            report([this, error = status.error()] { Q_EMIT failed(error); });
    });
}

} // namespace flashback
