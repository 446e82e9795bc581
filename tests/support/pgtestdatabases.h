// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace flashback::test {

/// Throwaway databases on the PostgreSQL server named by FLASHBACK_TEST_PG (an admin conninfo or URI, e.g.
/// "host=127.0.0.1 port=55432 user=postgres dbname=postgres"). Each create() makes a fresh, empty database; they
/// are dropped when this object goes, and databases left by crashed test processes are dropped on the next start.
/// A missing FLASHBACK_TEST_PG is fatal: PostgreSQL tests fail rather than skip.
class PgTestDatabases {
public:
    PgTestDatabases();
    ~PgTestDatabases();
    PgTestDatabases(const PgTestDatabases&) = delete;
    PgTestDatabases& operator=(const PgTestDatabases&) = delete;

    QString adminConninfo() const { return m_admin; }
    /// A new empty database; returns its conninfo (the admin's with the database replaced).
    QString create();
    /// `conninfo` (key=value or URI) as key=value text with `key` set to `value` (added or replaced).
    static QString withOption(const QString& conninfo, const QString& key, const QString& value);
    /// The value of `key` in `conninfo` (key=value or URI); empty when it is not given there.
    static QString option(const QString& conninfo, const QString& key);
    /// The database name of a conninfo made by create().
    static QString databaseOf(const QString& conninfo) { return option(conninfo, QStringLiteral("dbname")); }
    /// Runs SQL on the admin database; fatal on error.
    void adminExec(const QString& sql) const;

private:
    void dropLeftovers() const;

    QString m_admin;
    QStringList m_created;
    int m_counter = 0;
};

} // namespace flashback::test
