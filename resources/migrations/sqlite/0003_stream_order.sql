-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 3 (SQLite): streams in any order, at any offset.
-- The window's Streams pane sorts by any column and jumps to any row (EventStore::queryStreams). Without an index a
-- page sorted every stream first: 0.59 s for 200 rows at offset 90,000 of 100,000 streams, against 7-11 ms along an
-- index (bench_streamindex). Each index orders by its column, then last_position, the tiebreaker, so equal values
-- keep one order. The aggregate type rides along at the end: a query for one type walks the sort column's index and
-- tests the type there without reading the rows it skips (15-17 ms a deep page; about 0.1 s by sorting all of the
-- type's streams). Only indexes (IF NOT EXISTS: one made by hand under the same name is kept): a store at version 2
-- opened read-only is read without them, slower but with the same answers.
CREATE INDEX IF NOT EXISTS streams_by_last_occurred_at ON streams (last_occurred_at, last_position, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_created_at ON streams (created_at, last_position, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_revision ON streams (revision, last_position, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_last_event_type ON streams (last_event_type, last_position, aggregate_type);
CREATE INDEX IF NOT EXISTS streams_by_aggregate_type ON streams (aggregate_type, last_position);
CREATE INDEX IF NOT EXISTS streams_by_stream_id_and_type ON streams (stream_id, aggregate_type);
