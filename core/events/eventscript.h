// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/newevent.h"
#include "util/result.h"
#include "util/uuid.h"

#include <QList>
#include <QString>

namespace flashback {

/// The compact text form of one stream's events, used by the test fixtures and by exported tests
/// (`flashback-cli export-test`):
///
///   USER_CREATED@2025-03-17T09:00 actor=signup {"username":"sarah"};
///   USER_DELETED@15:47 actor=admin@company.com reason="User requested account deletion" {"reason":"…"}
///
/// Items are separated by ';' (outside JSON and quoted values). Each item: the event type; an optional @TIME (an
/// ISO-8601 instant, or HH:MM[:SS] on the day of the item before; the first item's day defaults to 2025-03-17;
/// without a time, one second after the item before); optional actor=, reason= and version= words, whose value is
/// either a JSON string ("…", any text) or a bare word in which underscores stand for spaces; an optional JSON
/// object, the payload.
///
/// InvalidArgument, naming the item, for anything else: an unknown word, an unreadable time or payload.
Result<QList<NewEvent>> parseEventScript(const QString& script, IdGenerator& ids);

/// The text form of `events`, one item a line, that parseEventScript() reads back into the same types, schema
/// versions, times (to the microsecond), actors, reasons and payloads. Other metadata (ids, source) is not kept.
QString eventScriptText(const QList<NewEvent>& events);

} // namespace flashback
