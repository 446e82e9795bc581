#pragma once

#include "store/eventstore.h"
#include "util/result.h"

#include <QString>

namespace flashback::cli {

/// The stream as stored, or StreamNotFound (exit 6) naming the store. Flashback writes UUIDs in lower case; an
/// id pasted in another case (or with braces) still finds its stream.
Result<StreamInfo> findStream(EventStore& store, const QString& streamId);

} // namespace flashback::cli
