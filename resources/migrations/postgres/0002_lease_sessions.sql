-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 2 (PostgreSQL): leases and outbox claims that end with their holder's session.
-- *_pid is the server process of the connection that took the lease or claimed the row. A worker that dies
-- (kill -9, a lost machine) leaves its rows behind, but its session is gone from pg_stat_activity at once, so
-- another worker takes over without waiting for the time limit, which still bounds a live but stuck holder.
ALTER TABLE projection_checkpoints ADD COLUMN lease_pid integer;
ALTER TABLE outbox ADD COLUMN claimed_pid integer;
