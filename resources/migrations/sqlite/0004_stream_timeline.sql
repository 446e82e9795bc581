-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 4 (SQLite): a stream's compact index from an index alone.
-- The window's timeline reads revision, position, occurred_at and type of every event of a stream
-- (EventStore::readStreamIndex). Along events_by_stream each row costs a lookup into the events table, whose rows
-- carry the payload: 1.15 s for 1,000,000 events on a loaded machine, against 0.58 s along this index, which holds
-- the four columns (position is the rowid, in every index) and never leads to the rows. It costs one index entry
-- per appended event (about 40 bytes; appends of 200,000 events measured the same within the noise). Only an index
-- (IF NOT EXISTS: one made by hand under the same name is kept): a store at version 2 or 3 opened read-only is read
-- without it, slower but with the same answers.
CREATE INDEX IF NOT EXISTS events_by_stream_timeline ON events (stream_pk, revision, occurred_at, type);
