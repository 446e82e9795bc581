// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlitestorefiles.h"

#include "eventscript.h"
#include "resultcheck.h"
#include "store/sqlite/sqliteeventstore.h"
#include "store/storeaddress.h"
#include "store/storeopener.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTest>

#include <atomic>

using namespace Qt::StringLiterals;

namespace flashback::test {

namespace {
std::atomic<int> rawConnections = 0;
}

RawConnection::RawConnection(const QString& path)
    : m_name(u"raw-"_s + QString::number(++rawConnections))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    db.setDatabaseName(path);
    m_open = db.open();
}

RawConnection::~RawConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase RawConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

QSqlError RawConnection::exec(const QString& sql) const
{
    QSqlQuery query(database());
    query.exec(sql);
    return query.lastError();
}

QVariant RawConnection::value(const QString& sql) const
{
    QSqlQuery query(database());
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

QStringList RawConnection::column(const QString& sql) const
{
    QSqlQuery query(database());
    QStringList values;
    if (query.exec(sql)) {
        while (query.next())
            values.append(query.value(0).toString());
    }
    return values;
}

QString CaseFolders::fresh()
{
    const QString folder = m_dir.filePath(u"case-"_s + QString::number(++m_counter));
    QDir().mkpath(folder);
    return folder;
}

QByteArray sha256(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result().toHex();
}

QStringList sidecars(const QString& path)
{
    QStringList found;
    for (const auto& suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s, u"-search"_s, u"-search-wal"_s, u"-search-shm"_s}) {
        if (QFileInfo::exists(path + suffix))
            found.append(path + suffix);
    }
    return found;
}

QByteArray garbage(qsizetype size, quint32 seed)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (auto& byte : bytes)
        byte = char(random.bounded(256));
    return bytes;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

StoreOptions storeOptions(bool create, bool readOnly)
{
    StoreOptions options;
    options.mode = create ? StoreOptions::OpenMode::CreateIfMissing : StoreOptions::OpenMode::OpenExisting;
    options.readOnly = readOnly;
    options.durability = StoreOptions::Durability::Normal;
    return options;
}

Result<std::unique_ptr<EventStore>> openAt(const QString& path, const StoreOptions& options)
{
    auto address = StoreAddress::parse(path);
    if (!address)
        return address.error();
    return openStore(*address, options);
}

NewEvent loginEvent(int user, int n)
{
    return makeEvent(u"USER_LOGGED_IN"_s,
        {{u"ip"_s, u"10.0.%1.%2"_s.arg(user % 256).arg(n % 256)},
            {u"user_agent"_s, u"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"_s}},
        u"user-"_s + QString::number(user));
}

void makeStore(const QString& path, int events, int streams)
{
    auto store = SqliteEventStore::open(path, storeOptions(true));
    QVERIFY2(store.ok(), why(store).constData());
    for (int first = 0; first < events; first += 100) {
        QList<NewEvent> batch;
        for (int n = first; n < qMin(events, first + 100); ++n)
            batch.append(loginEvent(n % streams, n));
        UnitOfWork work;
        StreamAppend append;
        append.streamId = u"user-"_s + QString::number((first / 100) % streams);
        append.aggregateType = u"User"_s;
        append.events = batch;
        work.appends.append(append);
        auto committed = (*store)->commit(work);
        QVERIFY2(committed.ok(), why(committed).constData());
    }
}

std::optional<Error> readEverything(EventStore& store)
{
    if (auto statistics = store.statistics(); !statistics)
        return statistics.error();
    QStringList streams;
    StreamListOptions listOptions;
    listOptions.limit = 200;
    for (int page = 0; page < 10000; ++page) {
        auto streamPage = store.listStreams(listOptions);
        if (!streamPage)
            return streamPage.error();
        for (const auto& info : std::as_const(streamPage->streams)) {
            streams.append(info.streamId);
            if (auto single = store.stream(info.streamId); !single)
                return single.error();
        }
        if (!streamPage->nextCursor)
            break;
        listOptions.beforePosition = streamPage->nextCursor;
    }
    EventFilter byType; // through events_by_type
    byType.types = QStringList {u"USER_LOGGED_IN"_s};
    EventFilter byActor; // through events_by_actor
    byActor.actor = u"user-1"_s;
    for (const auto& filter : {EventFilter {}, byType, byActor}) {
        ReadAllOptions options;
        options.filter = filter;
        options.cursor = 0;
        for (int page = 0; page < 10000; ++page) {
            auto events = store.readAll(options);
            if (!events)
                return events.error();
            if (events->isEmpty())
                break;
            options.cursor = events->constLast().position;
        }
    }
    for (const auto& id : std::as_const(streams)) {
        if (auto events = store.readStream(id, {}); !events)
            return events.error();
    }
    if (auto command = store.findCommand(u"no-such-command"_s); !command)
        return command.error();
    return std::nullopt;
}

} // namespace flashback::test
