-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 5 (SQLite): the operator audit.
-- Every command issued, projection paused, resumed, rebuilt or its rebuild cancelled, and outbox row retried or
-- discarded, from the window or the CLI: who, when, from which host and tool, on what, with what result. Append-only
-- like the events: rows are never changed or removed. Times are microseconds since the epoch (UTC). IF NOT EXISTS:
-- a store taken back to an older version by hand keeps its audit when it is upgraded again.
CREATE TABLE IF NOT EXISTS operator_audit (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    host    TEXT    NOT NULL,
    tool    TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    detail  TEXT    NOT NULL,
    result  TEXT    NOT NULL,
    message TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS operator_audit_by_at ON operator_audit (at, id);

CREATE TRIGGER IF NOT EXISTS operator_audit_is_never_changed BEFORE UPDATE ON operator_audit
BEGIN
    SELECT RAISE(ABORT, 'the operator audit is append-only');
END;
CREATE TRIGGER IF NOT EXISTS operator_audit_is_never_removed BEFORE DELETE ON operator_audit
BEGIN
    SELECT RAISE(ABORT, 'the operator audit is append-only');
END;
