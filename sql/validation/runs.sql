-- validation.runs: one validation run of the warehouse (the latest run = greatest finished_at).
-- grain: one row per run_id.
-- inputs: written by flows/validate_tables.py after every suite ran.
create table if not exists validation.runs (
    run_id varchar not null,
    started_at timestamp not null,
    finished_at timestamp not null,
    expectations_evaluated integer not null,
    expectations_passed integer not null,
    expectations_failed integer not null,
    findings integer not null,
    blocking_findings integer not null,
    quarantined_figures integer not null,
    success boolean not null,
    data_docs_index varchar,
    report_index varchar
);
