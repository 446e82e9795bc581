-- SPDX-License-Identifier: GPL-3.0-or-later
-- The file beside a SQLite store (`<store>-search`) that holds the read models of projections whose batches are
-- heavy (the search index: full-text segment merges). SQLite has one writer per file; here those batches never
-- hold up an append. Their rows and their checkpoints live together in this file, so exactly-once still holds.

-- Which store this file indexes (its store_info.store_id): a file left beside another store is rebuilt, not read.
CREATE TABLE index_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The same columns as the store's own projection_checkpoints (0002_read_side.sql), for the projections kept here.
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
