-- marts.findings: what failed validation in the published run, with the outlets and sentences involved.
-- grain: one row per failed check instance (check_name plus the claim, figures or dates it concerns); kind
--   is the defect kind (synth.defects.KINDS), claim_id the disputed claim of a claim-level finding.
-- inputs: validation.findings (for the run in variable run_id).
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
        findings.claim_id
    from findings
    order by
        case findings.severity when 'blocking' then 0 when 'warning' then 1 else 2 end,
        findings.check_name,
        findings.detail
)

select * from final
