// SPDX-License-Identifier: GPL-3.0-or-later
#include "storefixture.h"
#include "store/storeopener.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace flashback::test {

StoreFixture::StoreFixture()
    : m_backend(qEnvironmentVariable("FLASHBACK_TEST_BACKEND", u"memory"_s))
{
    if (m_backend == u"postgres"_s)
        m_databases.emplace();
}

StoreOptions StoreFixture::defaultOptions()
{
    StoreOptions options;
    options.mode = StoreOptions::OpenMode::CreateIfMissing;
    options.durability = StoreOptions::Durability::Normal;
    return options;
}

std::unique_ptr<EventStore> StoreFixture::createStore(StoreOptions options)
{
    ++m_counter;
    QString address;
    if (m_backend == u"sqlite"_s)
        address = m_dir.filePath(u"store-%1.flashback"_s.arg(m_counter));
    else if (m_backend == u"postgres"_s)
        address = m_databases->create();
    else
        address = u"memory:contract-%1-%2"_s.arg(QCoreApplication::applicationPid()).arg(m_counter);
    m_lastAddress = address;
    options.mode = StoreOptions::OpenMode::CreateIfMissing;
    auto parsed = StoreAddress::parse(address);
    auto store = openStore(*parsed, options);
    if (!store)
        qFatal("cannot create a %s store: %s", qPrintable(m_backend), qPrintable(store.error().toString()));
    return std::move(store).value();
}

bool StoreFixture::terminateConnections(const QString& address) const
{
    if (!m_databases)
        return false;
    m_databases->adminExec(u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"_s
        + PgTestDatabases::databaseOf(address) + u"' AND pid <> pg_backend_pid()"_s);
    return true;
}

} // namespace flashback::test
