// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVariant>

#include <memory>

namespace flashback::test {

/// A plain connection to the database behind a store address, as another program (sqlite3, psql) would have it:
/// for tests that look at a store, or tamper with it, behind Flashback's back. A SQLite file is opened through Qt
/// Sql's QSQLITE driver (and created if missing), a PostgreSQL address through libpq. The connection lasts as long
/// as the object, so a transaction begun with exec() holds its locks until rolled back or destroyed.
class StoreSession {
public:
    explicit StoreSession(const QString& address);
    ~StoreSession();
    StoreSession(const StoreSession&) = delete;
    StoreSession& operator=(const StoreSession&) = delete;

    bool isOpen() const;
    /// Why the connection or the last statement failed.
    QString lastError() const { return m_error; }

    /// Runs `sql` (PostgreSQL: one or more statements separated by semicolons); false on error (see lastError()).
    bool exec(const QString& sql);
    /// Runs `sql` and returns the first value of its first row (of the last statement's) as text: a null QString
    /// for SQL NULL, an invalid QVariant when there is no row or the statement failed (see lastError()).
    QVariant value(const QString& sql);

    /// value() on a session of its own, closed before returning; a failure is logged as a warning.
    static QVariant queryValue(const QString& address, const QString& sql);

private:
    struct Backend;
    std::unique_ptr<Backend> m_backend;
    QString m_error;
};

} // namespace flashback::test
