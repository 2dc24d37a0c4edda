-- marts.figures: the published figures: every staged figure that no blocking check rejected this run.
-- grain: one row per figure_id; warning_checks lists the warning checks that flagged the figure; claim_id,
--   status (agrees | outlier | single_source | not_comparable) and distance_from_consensus (relative, only
--   for an outlier) place it against the consensus of its claim.
-- inputs: staging.figures, quarantine.figures, validation.findings (for the run in variable run_id),
--   intermediate.figure_claims.
-- extended by figure_id: a row depends on its figure's rows of staging.figures, quarantine.figures and
--   intermediate.figure_claims, and on this run's warnings (read whole); sql/marts/changed/figures.sql lists
--   the figures whose inputs changed since the last build (see src/prakerja_dq/marts.py).
with figures as (
    select * from staging.figures
),

quarantined as (
    select distinct figure_id
    from quarantine.figures
    where run_id = getvariable('run_id')
),

warnings as (
    select
        figure_id,
        list(distinct check_name order by check_name) as warning_checks
    from (
        select unnest(figure_ids) as figure_id, check_name
        from validation.findings
        where run_id = getvariable('run_id') and severity = 'warning'
    )
    group by figure_id
),

final as (
    select
        figures.figure_id,
        figures.article_id,
        figures.doc,
        figures.outlet,
        figures.published_date,
        figures.metric,
        figures.value,
        figures.unit,
        figures.qualifier,
        figures.wave_from,
        figures.wave_to,
        figures.period_year,
        figures.as_of,
        figures.scope,
        figures.basis,
        figures.evidence,
        figures.start,
        figures."end",
        figures.rule,
        coalesce(warnings.warning_checks, cast([] as varchar[])) as warning_checks,
        cast(figure_claims.claim_id as varchar) as claim_id,
        cast(coalesce(figure_claims.status, 'not_comparable') as varchar) as status,
        cast(figure_claims.distance_from_consensus as double) as distance_from_consensus
    from figures
    left join warnings using (figure_id)
    left join intermediate.figure_claims as figure_claims using (figure_id)
    where figures.figure_id not in (select figure_id from quarantined)
)

select * from final
