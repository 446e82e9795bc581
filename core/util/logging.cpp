// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

namespace flashback {
Q_LOGGING_CATEGORY(lcStore, "flashback.store")
Q_LOGGING_CATEGORY(lcSqlite, "flashback.store.sqlite")
Q_LOGGING_CATEGORY(lcPostgres, "flashback.store.postgres")
Q_LOGGING_CATEGORY(lcMemory, "flashback.store.memory")
Q_LOGGING_CATEGORY(lcCommands, "flashback.commands")
Q_LOGGING_CATEGORY(lcDemo, "flashback.demo")
} // namespace flashback
