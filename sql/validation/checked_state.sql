-- validation.checked_state: which validation run validation.checked_rows and validation.open_findings
--   describe, and the fingerprint of the suites, reference data and validation code it ran with.
-- grain: at most one row; none (or another fingerprint) means the next run validates every row.
-- inputs: written by flows/validate_tables.py in the transaction that stores the run.
create table if not exists validation.checked_state (
    run_id varchar not null,
    fingerprint varchar not null
);
