// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventstore.h"
#include "storeaddress.h"
#include "storeoptions.h"

#include <memory>

namespace flashback {

/// Opens the store at `address` with the backend its form names. Errors are typed: StoreNotFound,
/// NotAFlashbackStore, SchemaTooNew, StoreCorrupt, StoreUnavailable, BackendNotAvailable, ...
Result<std::unique_ptr<EventStore>> openStore(const StoreAddress& address, const StoreOptions& options);

} // namespace flashback
