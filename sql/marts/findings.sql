-- marts.findings: what failed validation in the published run, with the outlets and sentences involved.
-- grain: one row per failed check instance (check_name plus the claim, figures or dates it concerns); kind
--   is the defect kind (synth.defects.KINDS), claim_id the disputed claim of a claim-level finding,
--   instance_key the failing row of the check's table (with check_name, unique).
-- inputs: validation.findings (for the run in variable run_id).
-- Rows come in no set order (an extended build appends the changed keys' rows): order them in the query.
--   Sorting the whole mart, with its lists of evidence, ran out of DuckDB's 1 GB at 1.000.000 articles.
-- extended by instance_key: a row depends on its finding's row of validation.findings of this run only.
-- changed rows compared by check_name, instance_key: the instance keys whose rows differ from the last
--   build's, run_id aside, are replaced. Compared rather than derived from validation's changed keys:
--   validation carries findings forward, re-checks some, and may find a failure again with another detail
--   (counts of reports); the comparison catches each whatever made it (see src/prakerja_dq/marts.py).
-- run column: run_id (every row's is the run in variable run_id).
with findings as (
    select *
    from validation.findings
    where run_id = getvariable('run_id')
),

final as (
    select
        findings.check_name,
        findings.severity,
        findings.figure_ids,
        findings.article_ids,
        findings.outlets,
        findings.evidence,
        findings.detail,
        findings.run_id,
        findings.kind,
        findings.claim_id,
        findings.instance_key
    from findings
)

select * from final
