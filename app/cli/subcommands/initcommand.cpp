#include "clicontext.h"
#include "commandline.h"
#include "store/sqlite/sqliteconnection.h"
#include "subcommands.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QtEndian>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// Whether `path` already holds a Flashback store, read from the SQLite header (magic and application_id)
/// without opening it, so `init` can say "already a store" instead of "created".
bool isFlashbackStoreFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = file.read(100);
    static const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < 72 || !header.startsWith(magic))
        return false;
    return qFromBigEndian<quint32>(header.constData() + 68) == sqlite::ApplicationId;
}

} // namespace

Status runInit(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"init"_s, QString(),
        u"Creates a Flashback store at --store (a new SQLite file by default). A store that already exists is left "
        u"as it is (exit code 0); any other file is refused and left untouched."_s);
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();

    auto address = context.storeAddress();
    if (!address)
        return address.error();
    const bool sqlite = address->kind == StoreAddress::Kind::Sqlite;
    const bool existed = sqlite && isFlashbackStoreFile(address->location);

    auto store = context.openStore(StoreOptions::OpenMode::CreateIfMissing);
    if (!store)
        return store.error();

    const QString shown = sqlite ? QFileInfo(address->location).absoluteFilePath() : address->display();
    // The SQLite backend migrates on open, so an opened store is at this build's schema version.
    const QJsonValue schemaVersion = sqlite ? QJsonValue(sqlite::SchemaVersion) : QJsonValue(QJsonValue::Null);
    if (context.options().json) {
        context.printJson({
            {u"address"_s, shown},
            {u"created"_s, !existed},
            {u"schema_version"_s, schemaVersion},
        });
    } else {
        context.print((existed ? u"%1 is already a Flashback store (schema version %2).\n"_s
                               : u"Created the Flashback store %1 (schema version %2).\n"_s)
                          .arg(shown, schemaVersion.isNull() ? u"n/a"_s : QString::number(schemaVersion.toInt())));
    }
    return {};
}

} // namespace flashback::cli
