// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/eventstore.h"
#include "util/result.h"

#include <QString>

#include <memory>

namespace flashback::cli {

/// The stream as stored, or StreamNotFound (exit 6) naming the store. Flashback writes UUIDs in lower case; an
/// id pasted in another case (or with braces) still finds its stream.
Result<StreamInfo> findStream(EventStore& store, const QString& streamId);

class CliContext;

/// The store of --store and one stream in it: what every subcommand with a STREAM argument starts from.
struct StoreAndStream {
    std::unique_ptr<EventStore> store;
    StreamInfo stream;
};
Result<StoreAndStream> openStoreAndStream(const CliContext& context, const QString& streamId);

/// The store as exported files (report, export-test) name it: a SQLite file by its absolute path, a PostgreSQL
/// address as given (the files show it without its password).
QString exportedStoreAddress(const CliContext& context);

} // namespace flashback::cli
