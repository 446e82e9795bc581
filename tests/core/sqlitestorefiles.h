// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers for the SQLite-specific store tests: a store file made, copied, damaged or opened the way another
// program (or a user with a SQL shell) would, and a full read that touches every index a query can use.
#pragma once

#include "store/eventstore.h"
#include "store/storeoptions.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariant>

#include <memory>
#include <optional>

namespace flashback::test {

/// A plain QSQLITE connection, as another application (or a curious user with a SQL shell) would open the file.
class RawConnection {
public:
    explicit RawConnection(const QString& path);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool isOpen() const { return m_open; }
    QSqlDatabase database() const;

    /// Runs one statement; the error is invalid when it succeeded.
    QSqlError exec(const QString& sql) const;
    /// The first column of the first row, or an invalid QVariant.
    QVariant value(const QString& sql) const;
    QStringList column(const QString& sql) const;

private:
    QString m_name;
    bool m_open = false;
};

/// A fresh, empty folder per test row, all removed with the test.
class CaseFolders {
public:
    bool isValid() const { return m_dir.isValid(); }
    QString fresh();

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
};

QByteArray sha256(const QString& path);
/// Files SQLite would leave beside a database it wrote to (or prepared to write to), and its search index file.
QStringList sidecars(const QString& path);
QByteArray garbage(qsizetype size, quint32 seed);
/// Fails the current test when the file cannot be written whole.
void writeFile(const QString& path, const QByteArray& bytes);

StoreOptions storeOptions(bool create, bool readOnly = false);
/// Through the address parser, as the CLI and the GUI open stores.
Result<std::unique_ptr<EventStore>> openAt(const QString& path, const StoreOptions& options);

NewEvent loginEvent(int user, int n);
/// A Flashback store with `events` events spread round-robin over `streams` streams, written in batches of 100.
/// Fails the current test when it cannot be written.
void makeStore(const QString& path, int events, int streams = 10);

/// Reads every stream, every event (by position and through each index a query can use) and the figures.
/// The first error, if any.
std::optional<Error> readEverything(EventStore& store);

} // namespace flashback::test
