-- validation.findings: every failed check instance, with the figures, articles and sentences that broke it.
-- grain: one row per (run_id, check_name, instance_key): a failing figure, claim, article or date mention.
-- inputs: the GX checkpoint result routed by key to the validated rows, written by flows/validate_tables.py.
create table if not exists validation.findings (
    run_id varchar not null,
    check_name varchar not null,
    severity varchar not null check (severity in ('blocking', 'warning', 'info')),
    suite varchar not null,
    instance_key varchar not null,
    figure_ids varchar[] not null,
    article_ids varchar[] not null,
    outlets varchar[] not null,
    evidence varchar[] not null,
    detail varchar not null,
    -- the defect kind of the check (synth.defects.KINDS), and the claim a claim-level finding is about
    kind varchar,
    claim_id varchar
);
