-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 4 (PostgreSQL): streams in any order, at any offset.
-- The window's Streams pane sorts by any column and jumps to any row (EventStore::queryStreams). One index per sort
-- column, ordered by it, then last_position (the tiebreaker; stream ids are unique), text under COLLATE "C", the
-- order queries use on every backend whatever the database's locale. Each carries the stream's key and aggregate
-- type, so a query picks its page by an index-only scan, testing the type there, and then reads only the page's
-- rows: 200 rows at offset 90,000 of 100,000 streams took 209 ms along a plain index (a row fetched for every
-- stream skipped) and 27 ms so. Only indexes (IF NOT EXISTS: one made by hand under the same name is kept): a store
-- at version 3 opened read-only is read without them, slower but with the same answers.
CREATE INDEX IF NOT EXISTS streams_by_last_occurred_at ON streams (last_occurred_at, last_position)
    INCLUDE (stream_pk, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_created_at ON streams (created_at, last_position)
    INCLUDE (stream_pk, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_revision ON streams (revision, last_position)
    INCLUDE (stream_pk, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_last_event_type_c ON streams (last_event_type COLLATE "C", last_position)
    INCLUDE (stream_pk, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_aggregate_type_c ON streams (aggregate_type COLLATE "C", last_position)
    INCLUDE (stream_pk);
CREATE INDEX IF NOT EXISTS streams_by_stream_id_c ON streams (stream_id COLLATE "C")
    INCLUDE (stream_pk, aggregate_type);
