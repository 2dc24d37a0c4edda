-- raw.pipeline_runs: the run ledger, one row per pipeline run that finished, with what its marts cover.
-- grain: one row per run_id; status is published (marts built, validated and published by this run) or
--   unchanged (nothing changed since the run named in published_run_id, whose snapshot stays in place).
-- inputs: written by flows/pipeline.py at the end of each run (src/prakerja_dq/run_ledger.py).
-- state_fingerprint hashes the raw tables the models read (row count and a hash of every row per table);
-- code_fingerprint hashes what turns them into marts (sql/, expectations/, seeds/reference/, the
-- validation, report and publish code, the GX sample size); staging_fingerprint hashes what the extended
-- models are built from (sql/staging, sql/intermediate, seeds/reference, warehouse.py), so a change there
-- rebuilds them whole while a later run can extend them by article and claim.
create table if not exists raw.pipeline_runs (
    run_id varchar not null,
    started_at timestamp not null,
    finished_at timestamp not null,
    status varchar not null check (status in ('published', 'unchanged')),
    published_run_id varchar not null,
    state_fingerprint varchar not null,
    code_fingerprint varchar not null,
    staging_fingerprint varchar not null,
    articles_ingested bigint,
    figures_extracted bigint,
    seconds double
);
