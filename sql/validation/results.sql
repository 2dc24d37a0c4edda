-- validation.results: the outcome of every expectation of every suite in a run.
-- grain: one row per (run_id, suite, expectation_id).
-- inputs: the GX checkpoint result, written by flows/validate_tables.py.
create table if not exists validation.results (
    run_id varchar not null,
    suite varchar not null,
    validated_table varchar not null,
    expectation_id varchar not null,
    expectation varchar not null,
    check_name varchar not null,
    severity varchar not null check (severity in ('blocking', 'warning', 'info')),
    success boolean not null,
    observed_value varchar,
    element_count bigint,
    unexpected_count bigint,
    unexpected_percent double,
    why varchar
);
