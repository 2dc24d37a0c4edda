-- validation.open_findings: the findings of the last validation, with the expectation that made each one; a
--   run carries those of unchanged rows forward and replaces those of the rows it re-checked.
-- grain: one row per (suite, expectation check_name, instance_key): a failing row of the suite's table.
-- inputs: validation.findings rows as written by flows/validate_tables.py (check-error rows left out).
create table if not exists validation.open_findings (
    expectation_check varchar not null,
    check_name varchar not null,
    severity varchar not null,
    suite varchar not null,
    instance_key varchar not null,
    figure_ids varchar[] not null,
    article_ids varchar[] not null,
    outlets varchar[] not null,
    evidence varchar[] not null,
    detail varchar not null,
    kind varchar,
    claim_id varchar
);
