-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 2 (SQLite): the read side.
-- Read-model tables themselves are created by the projections as rm_<projection>__<table>__g<generation>.

-- REPLACE would delete an event before inserting its replacement without firing the delete trigger.
CREATE TRIGGER events_are_never_replaced BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE position = NEW.position OR event_id = NEW.event_id
             OR (stream_pk = NEW.stream_pk AND revision = NEW.revision))
BEGIN
    SELECT RAISE(ABORT, 'events are immutable');
END;

-- Aggregate states at a revision, written by policy in the command's transaction.
CREATE TABLE snapshots (
    stream_id      TEXT    NOT NULL,
    revision       INTEGER NOT NULL,
    aggregate_type TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    state          BLOB    NOT NULL,
    taken_at       INTEGER NOT NULL,
    PRIMARY KEY (stream_id, revision)
) WITHOUT ROWID;

-- The transactional outbox: side effects written with the events that call for them.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT    NOT NULL UNIQUE,
    topic           TEXT    NOT NULL,
    stream_id       TEXT    NOT NULL,
    event_id        BLOB,
    payload         BLOB    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    claimed_by      TEXT,
    claimed_until   INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX outbox_by_status ON outbox (status, next_attempt_at);

-- One row per projection: how far it got, which generation readers see, and who runs it.
CREATE TABLE projection_checkpoints (
    name               TEXT    PRIMARY KEY,
    position           INTEGER NOT NULL DEFAULT 0,
    generation         INTEGER NOT NULL DEFAULT 1,
    paused             INTEGER NOT NULL DEFAULT 0,
    failed_position    INTEGER,
    last_error         TEXT,
    events_processed   INTEGER NOT NULL DEFAULT 0,
    updated_at         INTEGER NOT NULL,
    moved_at           INTEGER NOT NULL,
    rebuild_generation INTEGER,
    rebuild_position   INTEGER NOT NULL DEFAULT 0,
    throughput         REAL    NOT NULL DEFAULT 0,
    lease_holder       TEXT,
    lease_until        INTEGER,
    lease_since        INTEGER
) WITHOUT ROWID;
