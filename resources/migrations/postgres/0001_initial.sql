-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 1 (PostgreSQL).
-- Applied by PgSchema in one transaction under an advisory lock; the version reached is recorded in
-- flashback_schema. Tables live in the connection's current schema (the first of search_path), so a store can
-- have a database, or a schema of a shared database, to itself.
-- Times are microseconds since the Unix epoch, UTC (read them with to_timestamp(occurred_at / 1e6)).
-- Payloads, metadata, snapshot states and outbox payloads are `json`, not `jsonb`: json keeps the text exactly as
-- written (key order, spacing), so an event reads back byte for byte as it was appended, as on every backend.

-- The marker that tells a Flashback store from any other database, and the schema version it is at.
CREATE TABLE flashback_schema (
    application text    PRIMARY KEY CHECK (application = 'flashback'),
    version     integer NOT NULL,
    updated_at  bigint  NOT NULL
);

CREATE TABLE store_info (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- One row per stream; the bigint key keeps the events table and its indexes compact.
CREATE TABLE streams (
    stream_pk        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id        text   NOT NULL UNIQUE,
    aggregate_type   text   NOT NULL,
    revision         bigint NOT NULL,
    first_position   bigint NOT NULL,
    last_position    bigint NOT NULL,
    created_at       bigint NOT NULL,
    last_occurred_at bigint NOT NULL,
    last_recorded_at bigint NOT NULL,
    last_event_type  text   NOT NULL
);
-- Streams by last activity (each event belongs to one stream, so last positions are unique), also per type.
CREATE UNIQUE INDEX streams_by_last_position ON streams (last_position);
CREATE INDEX streams_by_type_and_last_position ON streams (aggregate_type, last_position);

-- The log. Positions are assigned under the append lock as head + 1 (no sequence): commit order is position
-- order and a rolled-back append leaves no gap, so a reader that checkpoints a position never skips a late commit.
CREATE TABLE events (
    position       bigint  PRIMARY KEY,
    event_id       uuid    NOT NULL,
    stream_pk      bigint  NOT NULL REFERENCES streams (stream_pk),
    revision       bigint  NOT NULL,
    type           text    NOT NULL,
    schema_version integer NOT NULL,
    occurred_at    bigint  NOT NULL,
    recorded_at    bigint  NOT NULL,
    actor          text,
    data           json    NOT NULL,
    metadata       json    NOT NULL,
    CONSTRAINT events_event_id_unique UNIQUE (event_id),
    CONSTRAINT events_stream_revision_unique UNIQUE (stream_pk, revision)
);
-- The incident search: by type, by actor, by time; each keeps position order for paging the global log.
CREATE INDEX events_by_type ON events (type, position);
CREATE INDEX events_by_actor ON events (actor, position) WHERE actor IS NOT NULL;
CREATE INDEX events_by_occurred_at ON events (occurred_at);

-- Events are immutable: corrections are new events.
CREATE FUNCTION flashback_events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are immutable' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION flashback_events_are_immutable();
CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION flashback_events_are_immutable();

-- Unique values (usernames, emails) claimed by a stream, written in the same transaction as its events.
CREATE TABLE reservations (
    scope           text   NOT NULL,
    key             text   NOT NULL,
    owner_stream_id text   NOT NULL,
    reserved_at     bigint NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Idempotency: one row per successful command, written with its events.
CREATE TABLE commands (
    command_id     text   PRIMARY KEY,
    command_name   text   NOT NULL,
    stream_id      text   NOT NULL,
    fingerprint    bytea,
    first_revision bigint NOT NULL,
    last_revision  bigint NOT NULL,
    first_position bigint NOT NULL,
    last_position  bigint NOT NULL,
    recorded_at    bigint NOT NULL
);

-- Aggregate states at a revision, written by policy in the command's transaction.
CREATE TABLE snapshots (
    stream_id      text    NOT NULL,
    revision       bigint  NOT NULL,
    aggregate_type text    NOT NULL,
    schema_version integer NOT NULL,
    state          json    NOT NULL,
    taken_at       bigint  NOT NULL,
    PRIMARY KEY (stream_id, revision)
);

-- The transactional outbox: side effects written with the events that call for them. Dispatchers claim rows
-- with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key text   NOT NULL UNIQUE,
    topic           text   NOT NULL,
    stream_id       text   NOT NULL,
    event_id        uuid,
    payload         json   NOT NULL,
    status          text   NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at bigint NOT NULL,
    last_error      text,
    claimed_by      text,
    claimed_until   bigint,
    created_at      bigint NOT NULL,
    updated_at      bigint NOT NULL
);
CREATE INDEX outbox_by_status ON outbox (status, next_attempt_at);

-- One row per projection: how far it got, which generation readers see, and who runs it. A projection batch
-- holds its row with SELECT ... FOR UPDATE, so batches of one projection serialise.
CREATE TABLE projection_checkpoints (
    name               text    PRIMARY KEY,
    position           bigint  NOT NULL DEFAULT 0,
    generation         bigint  NOT NULL DEFAULT 1,
    paused             boolean NOT NULL DEFAULT false,
    failed_position    bigint,
    last_error         text,
    events_processed   bigint  NOT NULL DEFAULT 0,
    updated_at         bigint  NOT NULL,
    moved_at           bigint  NOT NULL,
    rebuild_generation bigint,
    rebuild_position   bigint  NOT NULL DEFAULT 0,
    throughput         double precision NOT NULL DEFAULT 0,
    lease_holder       text,
    lease_until        bigint,
    lease_since        bigint
);
