// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QString>

namespace flashback {

/// Where a store lives. A path means SQLite; "postgresql://…", "postgres://…" or libpq "key=value" conninfo
/// means PostgreSQL; "memory:" (optionally "memory:NAME", shared within the process) means in-memory.
/// "sqlite:PATH" forces SQLite for paths that look like something else.
struct StoreAddress {
    enum class Kind { Sqlite, Postgres, Memory };
    Kind kind = Kind::Sqlite;
    QString location; ///< File path, conninfo/URI, or memory name.

    static Result<StoreAddress> parse(const QString& text);
    /// For messages and logs: passwords are replaced by "***".
    QString display() const;
    /// `text` with any password taken out, not masked: still an address that works, with libpq asking for the
    /// password or finding it in .pgpass. For links and the recent-stores list, which must never hold one.
    static QString withoutPassword(const QString& text);
};

} // namespace flashback
