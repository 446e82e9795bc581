// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "outputformatter.h"
#include "store/postgres/pgschema.h"
#include "store/sqlite/sqliteconnection.h"
#include "subcommands.h"

#include <QFileInfo>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// The schema version a store has once this build opened it (both backends migrate on open); null for a
/// store that keeps nothing.
QJsonValue schemaVersionAfterOpen(StoreAddress::Kind kind)
{
    switch (kind) {
    case StoreAddress::Kind::Sqlite:
        return sqlite::SchemaVersion;
    case StoreAddress::Kind::Postgres:
        return postgres::SchemaVersion;
    case StoreAddress::Kind::Memory:
        break;
    }
    return QJsonValue::Null;
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
    // Opened as an existing store first, so that `init` can say "already a store" on every backend. A missing
    // file, an empty file or an empty database is then created; anything else keeps its error, and the create
    // attempt refuses foreign files and databases with its own message.
    const bool memory = address->kind == StoreAddress::Kind::Memory; // always new
    auto store
        = context.openStore(memory ? StoreOptions::OpenMode::CreateIfMissing : StoreOptions::OpenMode::OpenExisting);
    const bool existed = !memory && store.ok();
    if (!store) {
        if (store.error().kind != ErrorKind::StoreNotFound && store.error().kind != ErrorKind::NotAFlashbackStore)
            return store.error();
        store = context.openStore(StoreOptions::OpenMode::CreateIfMissing);
        if (!store)
            return store.error();
    }

    const bool sqlite = address->kind == StoreAddress::Kind::Sqlite;
    const QString shown = sqlite ? QFileInfo(address->location).absoluteFilePath() : address->display();
    const QJsonValue schemaVersion = schemaVersionAfterOpen(address->kind);
    if (context.options().json) {
        context.printJson({
            {u"address"_s, shown},
            {u"created"_s, !existed},
            {u"schema_version"_s, schemaVersion},
            {u"search_index"_s, OutputFormatter::searchIndexJson((*store)->readModels())},
        });
    } else {
        context.print((existed ? u"%1 is already a Flashback store (schema version %2).\n"_s
                               : u"Created the Flashback store %1 (schema version %2).\n"_s)
                          .arg(shown, schemaVersion.isNull() ? u"n/a"_s : QString::number(schemaVersion.toInt()))
            + u"Search index: "_s + (*store)->readModels().textIndexNote() + u'\n');
    }
    return {};
}

} // namespace flashback::cli
