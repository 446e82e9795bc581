// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "readmodels/readmodeltable.h"

namespace flashback {

/// The built-in read models, declared once so projections, queries and tools agree on their shape.

/// Projection "users", table "users": one row per user with the public state (no password hash), the stream
/// revision it reflects and event times (ISO-8601 text, sortable). Indexed for lookups and paging by username.
ReadModelSchema usersReadModel();

/// Projection "audit_log", table "entries": one row per event (key: position) with when, stream, type, actor,
/// reason and a one-line summary. Indexed for the incident search: by type, actor, time and stream.
ReadModelSchema auditLogReadModel();

/// The local mail sink the welcome_email outbox dispatcher delivers into: "mailbox", table "sent_emails", keyed
/// by the outbox idempotency key, so a repeated delivery never makes a second mail.
ReadModelSchema mailboxReadModel();

} // namespace flashback
