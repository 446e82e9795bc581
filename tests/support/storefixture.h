// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "pgtestdatabases.h"
#include "store/eventstore.h"
#include "store/storeaddress.h"
#include "store/storeoptions.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace flashback::test {

/// Makes fresh stores of the backend a contract test runs against. The backend comes from the environment
/// variable FLASHBACK_TEST_BACKEND (memory, sqlite, postgres); CTest registers one run per backend. For postgres,
/// every store is a fresh database on the server named by FLASHBACK_TEST_PG (see PgTestDatabases).
class StoreFixture {
public:
    StoreFixture();

    QString backend() const { return m_backend; }
    bool isDurable() const { return m_backend != QLatin1StringView("memory"); }
    bool supportsOtherProcesses() const { return isDurable(); }

    /// The options createStore() opens a store with: created if missing, Normal durability, the rest defaults.
    static StoreOptions defaultOptions();
    /// A new, empty store; its address is kept for reopen()/other processes.
    std::unique_ptr<EventStore> createStore() { return createStore(defaultOptions()); }
    /// A new, empty store opened with `options` (always created if missing), e.g. with a poll interval no test
    /// waits for, so that only a commit's own wake-up can end a subscription's wait in time.
    std::unique_ptr<EventStore> createStore(StoreOptions options);
    /// Address of the store createStore() made last, as other processes would pass it to --store.
    QString lastAddress() const { return m_lastAddress; }
    /// PostgreSQL: ends every server session connected to the database at `address`, as a server restart or a
    /// network cut would; false (and nothing done) on the other backends.
    bool terminateConnections(const QString& address) const;

private:
    QString m_backend;
    QTemporaryDir m_dir;
    std::optional<PgTestDatabases> m_databases;
    int m_counter = 0;
    QString m_lastAddress;
};

} // namespace flashback::test
