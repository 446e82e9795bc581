-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 1 (SQLite).
-- Times are microseconds since the Unix epoch, UTC. Payloads and metadata are UTF-8 JSON stored as BLOBs
-- (read them with CAST(data AS TEXT)); they are decoded only when needed.

CREATE TABLE store_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per stream; the integer key keeps the events table and its indexes compact.
CREATE TABLE streams (
    stream_pk        INTEGER PRIMARY KEY,
    stream_id        TEXT    NOT NULL UNIQUE,
    aggregate_type   TEXT    NOT NULL,
    revision         INTEGER NOT NULL,
    first_position   INTEGER NOT NULL,
    last_position    INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    last_occurred_at INTEGER NOT NULL,
    last_recorded_at INTEGER NOT NULL,
    last_event_type  TEXT    NOT NULL
);
-- Streams sorted by last activity; each event belongs to one stream, so last positions are unique.
CREATE UNIQUE INDEX streams_by_last_position ON streams (last_position);

-- The log. position is the rowid: assigned under the write lock, so commit order is position order.
CREATE TABLE events (
    position       INTEGER PRIMARY KEY,
    event_id       BLOB    NOT NULL,
    stream_pk      INTEGER NOT NULL REFERENCES streams (stream_pk),
    revision       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL,
    actor          TEXT,
    data           BLOB    NOT NULL,
    metadata       BLOB    NOT NULL
);
CREATE UNIQUE INDEX events_by_id ON events (event_id);
CREATE UNIQUE INDEX events_by_stream ON events (stream_pk, revision);
CREATE INDEX events_by_type ON events (type);
CREATE INDEX events_by_actor ON events (actor) WHERE actor IS NOT NULL;
CREATE INDEX events_by_occurred_at ON events (occurred_at);

-- Events are immutable: corrections are new events.
CREATE TRIGGER events_are_immutable_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable');
END;
CREATE TRIGGER events_are_immutable_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are immutable');
END;

-- Unique values (usernames, emails) claimed by a stream, written in the same transaction as its events.
CREATE TABLE reservations (
    scope           TEXT    NOT NULL,
    key             TEXT    NOT NULL,
    owner_stream_id TEXT    NOT NULL,
    reserved_at     INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
) WITHOUT ROWID;

-- Idempotency: one row per successful command, written with its events.
CREATE TABLE commands (
    command_id     TEXT    PRIMARY KEY,
    command_name   TEXT    NOT NULL,
    stream_id      TEXT    NOT NULL,
    fingerprint    BLOB,
    first_revision INTEGER NOT NULL,
    last_revision  INTEGER NOT NULL,
    first_position INTEGER NOT NULL,
    last_position  INTEGER NOT NULL,
    recorded_at    INTEGER NOT NULL
) WITHOUT ROWID;
