-- quarantine.figures: figures a blocking check rejected; they are kept out of the marts of that run.
-- grain: one row per (run_id, figure_id, check_name).
-- inputs: validation.findings of blocking severity, written by flows/validate_tables.py.
create table if not exists quarantine.figures (
    run_id varchar not null,
    figure_id varchar not null,
    article_id varchar,
    check_name varchar not null,
    reason varchar not null
);
