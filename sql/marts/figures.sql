-- marts.figures: the published figures: every staged figure that no blocking check rejected this run.
-- grain: one row per figure_id; warning_checks lists the warning checks that flagged the figure.
-- inputs: staging.figures, quarantine.figures, validation.findings (for the run in variable run_id).
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
        coalesce(warnings.warning_checks, cast([] as varchar[])) as warning_checks
    from figures
    left join warnings using (figure_id)
    where figures.figure_id not in (select figure_id from quarantined)
)

select * from final
