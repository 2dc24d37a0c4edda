-- validation.checked_rows: the rows the last validation covered, by key and a hash of what its checks and
--   findings read, so the next run re-checks only the rows that changed since (validation/changes.py).
-- grain: one row per (suite, row of the suite's table); key is null for a row without one.
-- inputs: the validated tables, hashed by flows/validate_tables.py; replaced for the changed keys each run.
create table if not exists validation.checked_rows (
    suite varchar not null,
    key varchar,
    row_hash ubigint not null
);
