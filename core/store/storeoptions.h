// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>

namespace flashback {

/// How to open a store. Copied into each worker; never read from global settings.
struct StoreOptions {
    enum class OpenMode {
        OpenExisting, ///< A missing store is an error (StoreNotFound).
        CreateIfMissing, ///< Create and initialise the store when it does not exist (or is an empty file).
    };
    /// SQLite `synchronous`: Full survives power loss after every commit; Normal may lose the last commits
    /// on power loss (never on a process crash) and is much faster. Never corrupts either way (WAL).
    enum class Durability { Full, Normal };

    OpenMode mode = OpenMode::OpenExisting;
    bool readOnly = false;
    Durability durability = Durability::Full;
    /// How long a writer waits for another writer's lock before giving up with StoreBusy.
    std::chrono::milliseconds busyTimeout {5000};
    /// How often a waiting subscription looks for commits made by other processes.
    std::chrono::milliseconds pollInterval {50};
    /// PostgreSQL: subscriptions LISTEN for commit notifications and wake at once. Off, they poll every
    /// pollInterval only (behind a pooler that drops notifications, or to compare the two).
    bool listenForCommits = true;
};

} // namespace flashback
