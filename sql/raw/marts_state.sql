-- raw.marts_state: which run the warehouse's marts were last built for, completely, and the fingerprint of
--   the code and reference data they were built with, so the next run can extend them by their changed keys.
-- grain: at most one row; none (or another fingerprint) means the next run builds every mart whole.
-- inputs: written by flows/publish_marts.py (src/prakerja_dq/marts.py): deleted before a build starts,
--   inserted once every mart is built, so a build that dies leaves none.
create table if not exists raw.marts_state (
    run_id varchar not null,
    fingerprint varchar not null,
    -- the marts this build extended by their changed keys (the others it built whole)
    extended varchar[] not null
);
