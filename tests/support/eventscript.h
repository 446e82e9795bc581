// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/newevent.h"
#include "util/uuid.h"

#include <QList>
#include <QString>

namespace flashback::test {

/// One stream's events from the compact fixture form used across the tests (parseEventScript() in the core):
///   "USER_CREATED@2025-03-17T10:00 actor=alice {\"username\":\"sarah\"}; USER_DELETED@15:47 actor=admin reason=x"
/// A script that does not parse stops the test with its message.
QList<NewEvent> eventScript(const QString& script, IdGenerator* ids = nullptr);

/// A single event with a payload, for tests that need nothing more.
NewEvent makeEvent(const QString& type, const QJsonObject& data = {}, const QString& actor = {});

} // namespace flashback::test
