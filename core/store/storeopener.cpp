// SPDX-License-Identifier: GPL-3.0-or-later
#include "storeopener.h"
#include "memory/inmemoryeventstore.h"
#include "postgres/postgreseventstore.h"
#include "sqlite/sqliteeventstore.h"

using namespace Qt::StringLiterals;

namespace flashback {

Result<std::unique_ptr<EventStore>> openStore(const StoreAddress& address, const StoreOptions& options)
{
    switch (address.kind) {
    case StoreAddress::Kind::Sqlite: {
        auto store = SqliteEventStore::open(address.location, options);
        if (!store)
            return store.error();
        return std::unique_ptr<EventStore>(std::move(store).value());
    }
    case StoreAddress::Kind::Memory:
        return std::unique_ptr<EventStore>(InMemoryEventStore::named(address.location, options));
    case StoreAddress::Kind::Postgres: {
        auto store = PostgresEventStore::open(address.location, options);
        if (!store)
            return store.error();
        return std::unique_ptr<EventStore>(std::move(store).value());
    }
    }
    return Error::internal(u"Unknown store kind."_s);
}

} // namespace flashback
