-- SPDX-License-Identifier: GPL-3.0-or-later
-- Flashback store schema, version 3 (PostgreSQL): a cheaper append.
-- The foreign key from events to streams checked every appended event with a lookup of its stream row (about 40%
-- of the time a bulk append spent in the server). Only the store's writer inserts events, under the append lock,
-- in the same statement that creates or reads their stream row, and stream rows are never deleted; so the key
-- guarded nothing the writer does not already ensure.
DO $$
DECLARE
    constraint_name name;
BEGIN
    FOR constraint_name IN
        SELECT c.conname FROM pg_constraint c
        WHERE c.conrelid = 'events'::regclass AND c.contype = 'f' AND c.confrelid = 'streams'::regclass
    LOOP
        EXECUTE format('ALTER TABLE events DROP CONSTRAINT %I', constraint_name);
    END LOOP;
END
$$;
