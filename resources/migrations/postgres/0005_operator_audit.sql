-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 5 (PostgreSQL): the operator audit.
-- Every command issued, projection paused, resumed, rebuilt or its rebuild cancelled, and outbox row retried or
-- discarded, from the window or the CLI: who, when, from which host and tool, on what, with what result. Append-only
-- like the events: rows are never changed or removed. Times are microseconds since the epoch (UTC). IF NOT EXISTS
-- and OR REPLACE: a store taken back to an older version by hand keeps its audit when it is upgraded again.
CREATE TABLE IF NOT EXISTS operator_audit (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      bigint NOT NULL,
    actor   text   NOT NULL,
    host    text   NOT NULL,
    tool    text   NOT NULL,
    action  text   NOT NULL,
    target  text   NOT NULL,
    detail  text   NOT NULL,
    result  text   NOT NULL,
    message text   NOT NULL
);
CREATE INDEX IF NOT EXISTS operator_audit_by_at ON operator_audit (at, id);

CREATE OR REPLACE FUNCTION flashback_operator_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the operator audit is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;
DROP TRIGGER IF EXISTS operator_audit_is_never_changed ON operator_audit;
CREATE TRIGGER operator_audit_is_never_changed BEFORE UPDATE OR DELETE ON operator_audit
    FOR EACH ROW EXECUTE FUNCTION flashback_operator_audit_is_append_only();
